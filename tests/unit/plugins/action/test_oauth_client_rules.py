"""The parts of genesys.cloud.oauth_client that decide before anything is sent (the rest runs against the emulator)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.genesys.cloud.plugins.action.oauth_client import Plan, canonical_grant_type, validate
from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError


def params(**kwargs):
    base = dict(name='Pipeline', grant_type='CLIENT-CREDENTIALS', roles=None, scopes=None, redirect_uris=None,
                description=None, access_token_validity_seconds=None, client_state=None, state='present',
                rotate_secret=False)
    base.update(kwargs)
    return base


@pytest.mark.parametrize('value, expected', [
    ('client_credentials', 'CLIENT-CREDENTIALS'), ('Client-Credentials', 'CLIENT-CREDENTIALS'),
    ('saml2_bearer', 'SAML2-BEARER'), ('code', 'CODE'),
])
def test_grant_type_spellings(value, expected):
    assert canonical_grant_type(value) == expected


@pytest.mark.parametrize('kwargs, words', [
    (dict(name='  '), 'name is empty'),
    (dict(grant_type='implicit'), "grant_type 'implicit' is not a Genesys Cloud grant type"),
    (dict(access_token_validity_seconds=299), 'between 300 and 172800, not 299'),
    (dict(access_token_validity_seconds=172801), 'between 300 and 172800'),
    (dict(scopes=['admin:oauth']), 'scopes cannot be set on a Client Credentials client'),
    (dict(grant_type='CODE', roles=[{'role': 'Reader'}]), 'roles cannot be set on a CODE client'),
    (dict(roles=[{'role': ' '}]), 'roles[0] has no role'),
    (dict(state='absent', rotate_secret=True), 'rotate_secret cannot be combined with state: absent'),
    (dict(state='absent', client_state='disabled'), 'client_state disabled cannot be combined with state: absent'),
])
def test_refused_before_sending(kwargs, words):
    with pytest.raises(ConfigurationError) as err:
        validate(params(**kwargs))
    assert words in err.value.message


def test_accepted_edges():
    checked = params(name=' Pipeline ', grant_type='client_credentials', access_token_validity_seconds=300, roles=[])
    validate(checked)
    assert checked['name'] == 'Pipeline' and checked['grant_type'] == 'CLIENT-CREDENTIALS'
    validate(params(grant_type='CODE', scopes=['users'], access_token_validity_seconds=172800))
    validate(params(state='absent', client_state='inactive'))


CURRENT = {'id': 'c1', 'name': 'Pipeline', 'authorizedGrantType': 'CLIENT-CREDENTIALS', 'state': 'active',
           'roleDivisions': [{'roleId': 'r2', 'divisionId': 'd1'}, {'roleId': 'r1', 'divisionId': '*'}],
           'scope': [], 'accessTokenValiditySeconds': 3600, 'description': None, 'dateCreated': 'x', 'selfUri': 'y'}


def test_only_the_options_that_are_set_are_managed():
    plan = Plan(reader=None, params=params())
    body = plan.desired_body(CURRENT)
    assert plan.changes(CURRENT, body) == []
    assert 'dateCreated' not in body and 'id' not in body and body['roleDivisions'] == CURRENT['roleDivisions']


def test_changes_compare_as_sets_and_defaults():
    plan = Plan(reader=None, params=params(description='', access_token_validity_seconds=86400, client_state='disabled'))
    current = dict(CURRENT, accessTokenValiditySeconds=None)
    body = plan.desired_body(current)
    # An empty description equals none, an unset validity is Genesys' 86400: only the state differs.
    assert plan.changes(current, body) == ['state']


def test_a_grant_type_change_drops_the_other_kind_of_access():
    plan = Plan(reader=None, params=params(grant_type='CODE', scopes=['users', 'routing']))
    body = plan.desired_body(CURRENT)
    assert 'roleDivisions' not in body and body['scope'] == ['routing', 'users']
    assert plan.changes(CURRENT, body) == ['authorizedGrantType', 'scope']


def test_a_regenerated_secret_missing_from_the_answer_fails_loudly():
    from ansible_collections.genesys.cloud.plugins.action.oauth_client import ActionModule
    from ansible_collections.genesys.cloud.plugins.module_utils._errors import GenesysError
    answer = {'id': 'c1', 'secret': 's3cr3t-value'}
    assert ActionModule._secret_of(answer, 'regenerated', required=True) == 's3cr3t-value'
    assert 'secret' not in answer  # the client returned to the play never carries it
    with pytest.raises(GenesysError) as err:
        ActionModule._secret_of({'id': 'c1'}, 'regenerated the secret of OAuth client x', required=True)
    assert 'its answer holds no secret' in err.value.message and 'cannot be read back later' in err.value.message
    assert ActionModule._secret_of({'id': 'c1'}, 'created OAuth client x', required=False) is None

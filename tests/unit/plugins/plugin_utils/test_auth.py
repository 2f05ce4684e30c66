"""Which token an API task uses: access_token, then a fitting fact, then client credentials."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible_collections.genesys.cloud.plugins.module_utils._token import Token, iso_utc
from ansible_collections.genesys.cloud.plugins.plugin_utils import _action, _auth


@pytest.fixture
def action(monkeypatch):
    minted = []

    def fake_obtain(http, endpoints, params, min_ttl, store):
        minted.append(endpoints.api_url)
        return Token('minted', 'bearer', 86399, time.time() + 86399), False

    monkeypatch.setattr(_auth, 'obtain_token', fake_obtain)
    monkeypatch.setattr(_auth.TokenStore, 'for_run', classmethod(lambda cls: None))
    plugin = object.__new__(_action.GenesysAction)
    plugin.minted = minted
    return plugin


def params(**kwargs):
    base = dict(client_id=None, client_secret=None, region=None, api_url=None, login_url=None, access_token=None)
    base.update(kwargs)
    return base


def fact(left=3600, api_url='http://127.0.0.1:9', client_id='cid'):
    return {'genesys_cloud_token': {'access_token': 'from-fact', 'token_type': 'bearer', 'expires_at': iso_utc(time.time() + left),
                                    'api_url': api_url, 'login_url': 'http://127.0.0.1:8', 'region': None, 'client_id': client_id}}


def test_access_token_first(action):
    auth = action.authenticate(params(access_token='given', region='eu-west-1'), None, fact())
    assert (auth.source, auth.token.access_token, auth.endpoints.api_url) == ('access_token', 'given', 'https://api.mypurecloud.ie')


def test_fact_when_no_endpoint_is_chosen(action):
    auth = action.authenticate(params(), None, fact())
    assert (auth.source, auth.token.access_token, auth.endpoints.api_url) == ('fact', 'from-fact', 'http://127.0.0.1:9')
    assert not action.minted


def test_fact_in_ansible_facts(action):
    auth = action.authenticate(params(), None, {'ansible_facts': fact()})
    assert auth.source == 'fact'


def test_fact_for_the_same_api_base(action):
    auth = action.authenticate(params(api_url='http://127.0.0.1:9', login_url='http://127.0.0.1:8'), None, fact())
    assert auth.source == 'fact'


def test_fact_for_another_api_base_is_not_used(action):
    auth = action.authenticate(params(region='eu-west-1', client_id='cid', client_secret='s'), None, fact())
    assert auth.source == 'client_credentials' and action.minted == ['https://api.mypurecloud.ie']


def test_fact_of_another_client_is_not_used(action):
    auth = action.authenticate(params(client_id='other', client_secret='s'), None, fact())
    assert auth.source == 'client_credentials'


def test_fact_about_to_expire_is_not_used(action):
    auth = action.authenticate(params(client_id='cid', client_secret='s'), None, fact(left=30))
    assert auth.source == 'client_credentials'

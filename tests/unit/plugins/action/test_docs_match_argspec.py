"""The documentation users read (ansible-doc) and the argument spec the code validates must agree."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.genesys.cloud.plugins.action.api import ActionModule as ApiAction
from ansible_collections.genesys.cloud.plugins.action.credentials_check import ActionModule as CredentialsCheckAction
from ansible_collections.genesys.cloud.plugins.action.oauth_client import ActionModule as OAuthClientAction
from ansible_collections.genesys.cloud.plugins.action.oauth_client_info import ActionModule as OAuthClientInfoAction
from ansible_collections.genesys.cloud.plugins.action.oauth_token import ActionModule as OAuthTokenAction
from ansible_collections.genesys.cloud.plugins.action.token_info import ActionModule as TokenInfoAction
from ansible_collections.genesys.cloud.plugins.module_utils._options import CONNECTION_OPTIONS

ACTIONS = {'genesys.cloud.api': ApiAction, 'genesys.cloud.oauth_token': OAuthTokenAction,
           'genesys.cloud.token_info': TokenInfoAction, 'genesys.cloud.oauth_client_info': OAuthClientInfoAction,
           'genesys.cloud.oauth_client': OAuthClientAction, 'genesys.cloud.credentials_check': CredentialsCheckAction}


COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def ansible_doc(*args):
    """Run ansible-doc of this Python (as ansible-test runs it too) on the collection under test."""
    env = dict(os.environ)
    # make test sets ANSIBLE_COLLECTIONS_PATH; under ansible-test the collection sits in an ansible_collections tree.
    env.setdefault('ANSIBLE_COLLECTIONS_PATH', os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_ROOT))))
    return subprocess.check_output([sys.executable, '-m', 'ansible.cli.doc'] + list(args), env=env).decode()


def module_doc(name):
    return json.loads(ansible_doc('--json', name))[name]['doc']


@pytest.mark.parametrize('name', sorted(ACTIONS))
def test_documented_options_are_the_argument_spec(name):
    doc = module_doc(name)['options']
    spec = ACTIONS[name].argument_spec()
    assert sorted(doc) == sorted(spec)
    for option, entry in spec.items():
        documented = doc[option]
        assert documented.get('type', 'str') == entry.get('type', 'str'), option
        assert documented.get('default') == entry.get('default'), option
        assert documented.get('choices') == entry.get('choices'), option
        for variable in (entry.get('fallback') or (None, []))[1]:
            assert variable in ' '.join(documented['description']), (option, variable)


def test_lookup_documents_the_connection_options_with_their_environment():
    doc = json.loads(ansible_doc('-t', 'lookup', '--json', 'genesys.cloud.token'))['genesys.cloud.token']['doc']['options']
    for name, entry in CONNECTION_OPTIONS.items():
        assert doc[name].get('type', 'str') == entry['type'], name
        assert doc[name].get('default') == entry.get('default'), name
        assert [e['name'] for e in doc[name].get('env', [])] == entry.get('env', []), name


def test_secrets_are_no_log():
    assert {name for name, entry in CONNECTION_OPTIONS.items() if entry.get('no_log')} == {'client_secret', 'access_token'}


@pytest.mark.parametrize('name', sorted(ACTIONS))
def test_examples_use_fully_qualified_names(name):
    examples = ansible_doc(name)
    examples = examples.split('EXAMPLES:', 1)[1]
    for line in examples.splitlines():
        stripped = line.strip()
        if stripped.endswith(':') and '.' not in stripped and stripped[:-1] in ('oauth_token', 'uri', 'debug', 'set_fact'):
            pytest.fail('short module name in EXAMPLES: %s' % stripped)


def test_action_group_lists_every_module():
    root = COLLECTION_ROOT
    import yaml
    with open(os.path.join(root, 'meta', 'runtime.yml')) as handle:
        group = yaml.safe_load(handle)['action_groups']['all']
    modules = sorted(f[:-3] for f in os.listdir(os.path.join(root, 'plugins', 'modules')) if f.endswith('.py') and f != '__init__.py')
    assert sorted(group) == modules

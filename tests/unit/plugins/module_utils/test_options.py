from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._options import (
    client_credentials,
    endpoint_chosen,
    connection_argument_spec,
    region_endpoints,
    region_urls,
    resolve_endpoints,
    validate_common,
)

ENV_NAMES = ('GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_REGION',
             'GENESYSCLOUD_API_URL', 'GENESYSCLOUD_API_REGION', 'GENESYSCLOUD_LOGIN_URL', 'GENESYSCLOUD_ACCESS_TOKEN',
             'GENESYSCLOUD_REGION_URLS')


@pytest.fixture
def env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def validated(args):
    result = ArgumentSpecValidator(connection_argument_spec()).validate(dict(args))
    assert not result.error_messages, result.error_messages
    return result


def test_defaults(env):
    params = validated({}).validated_parameters
    assert params['region'] is None  # not chosen: us-east-1 applies
    assert not endpoint_chosen(params)
    assert params['validate_certs'] is True
    assert params['timeout'] == 30
    endpoints = resolve_endpoints(params)
    assert (endpoints.api_url, endpoints.login_url, endpoints.region) == (
        'https://api.mypurecloud.com', 'https://login.mypurecloud.com', 'us-east-1')
    assert endpoints.token_url == 'https://login.mypurecloud.com/oauth/token'


def test_env_fallbacks_and_secrets_marked_no_log(env):
    env.setenv('GENESYSCLOUD_OAUTHCLIENT_ID', 'env-id')
    env.setenv('GENESYSCLOUD_OAUTHCLIENT_SECRET', 'env-secret')
    env.setenv('GENESYSCLOUD_REGION', 'mypurecloud.de')
    env.setenv('GENESYSCLOUD_ACCESS_TOKEN', 'env-token')
    result = validated({})
    params = result.validated_parameters
    assert (params['client_id'], params['client_secret'], params['region']) == ('env-id', 'env-secret', 'mypurecloud.de')
    assert resolve_endpoints(params).api_url == 'https://api.mypurecloud.de'
    assert {'env-secret', 'env-token'} <= set(result._no_log_values)
    assert 'env-id' not in result._no_log_values


def test_options_win_over_env(env):
    env.setenv('GENESYSCLOUD_OAUTHCLIENT_ID', 'env-id')
    env.setenv('GENESYSCLOUD_REGION', 'eu-west-1')
    params = validated({'client_id': 'task-id', 'region': 'ap-south-1'}).validated_parameters
    assert params['client_id'] == 'task-id'
    assert resolve_endpoints(params).region == 'ap-south-1'


def test_api_url_env_order(env):
    env.setenv('GENESYSCLOUD_API_REGION', 'https://api.mypurecloud.jp')
    assert validated({}).validated_parameters['api_url'] == 'https://api.mypurecloud.jp'
    env.setenv('GENESYSCLOUD_API_URL', 'https://api.mypurecloud.ie')
    assert validated({}).validated_parameters['api_url'] == 'https://api.mypurecloud.ie'


def test_api_url_overrides_region_and_derives_login(env):
    endpoints = resolve_endpoints({'region': 'us-east-1', 'api_url': 'https://api.mypurecloud.ie/'})
    assert endpoints.api_url == 'https://api.mypurecloud.ie'
    assert endpoints.login_url == 'https://login.mypurecloud.ie'
    assert endpoints.region == 'eu-west-1'


def test_api_url_ignores_an_unknown_region(env):
    endpoints = resolve_endpoints({'region': 'nowhere-1', 'api_url': 'https://api.example.com:8443/prefix'})
    assert endpoints.login_url == 'https://login.example.com:8443/prefix'
    assert endpoints.region is None


def test_gateway_with_both_urls(env):
    endpoints = resolve_endpoints({'api_url': 'https://gw.example.com/genesys/api',
                                   'login_url': 'https://gw.example.com/genesys/login/'})
    assert endpoints.token_url == 'https://gw.example.com/genesys/login/oauth/token'
    assert endpoints.api_url == 'https://gw.example.com/genesys/api'


def test_login_url_alone_keeps_the_region_api(env):
    endpoints = resolve_endpoints({'region': 'eu-west-2', 'login_url': 'http://127.0.0.1:9000'})
    assert endpoints.api_url == 'https://api.euw2.pure.cloud'
    assert endpoints.login_url == 'http://127.0.0.1:9000'
    assert endpoints.region == 'eu-west-2'


def test_region_urls_redirect_a_region_and_keep_its_name(env):
    urls = {'eu-west-1': {'api_url': 'https://gw.example.com/eu/', 'login_url': 'https://gw.example.com/eu-login'},
            'AP_SOUTH_1': 'https://api.gw.example.com/aps1'}
    endpoints = resolve_endpoints({'region': 'mypurecloud.ie', 'region_urls': urls})
    assert (endpoints.api_url, endpoints.login_url, endpoints.region) == (
        'https://gw.example.com/eu', 'https://gw.example.com/eu-login', 'eu-west-1')
    endpoints = resolve_endpoints({'region': 'ap-south-1', 'region_urls': urls})
    assert (endpoints.api_url, endpoints.login_url) == ('https://api.gw.example.com/aps1', 'https://login.gw.example.com/aps1')
    # A region that is not mapped keeps the Genesys hosts; api_url wins over everything.
    assert resolve_endpoints({'region': 'eu-west-2', 'region_urls': urls}).api_url == 'https://api.euw2.pure.cloud'
    assert region_endpoints('us-east-1', {'region_urls': urls}).login_url == 'https://login.mypurecloud.com'
    assert resolve_endpoints({'region': 'eu-west-1', 'region_urls': urls,
                              'api_url': 'https://api.mypurecloud.jp'}).region == 'ap-northeast-1'


def test_region_urls_from_the_environment_as_json(env):
    env.setenv('GENESYSCLOUD_REGION_URLS', '{"eu-west-1": {"api_url": "http://127.0.0.1:1", "login_url": "http://127.0.0.1:2"}}')
    params = validated({'region': 'eu-west-1'}).validated_parameters
    assert region_urls(params) == {'eu-west-1': ('http://127.0.0.1:1', 'http://127.0.0.1:2')}
    assert resolve_endpoints(params).token_url == 'http://127.0.0.1:2/oauth/token'


@pytest.mark.parametrize('value, words', [
    ('{not json', ['is not valid JSON']),
    (['https://api.x.example'], ['must map region names to URLs']),
    ({'eu-west-9': 'https://api.x.example'}, ["unknown region 'eu-west-9'", 'eu-west-1']),
    ({'eu-west-1': {'login_url': 'https://login.x.example'}}, ['must be an API base URL or a mapping']),
    ({'eu-west-1': {'api_url': 'https://api.x.example', 'token_url': 'x'}}, ['must be an API base URL or a mapping']),
    ({'eu-west-1': 'https://gw.example.com'}, ['Cannot tell the token URL', 'give region_urls[eu-west-1] as a mapping']),
    ({'eu-west-1': {'api_url': 'https://gw.example.com', 'login_url': 'https://api.gw.example.com'}},
     ['Refusing to request a token from https://api.gw.example.com']),
    ({'eu-west-1': 'http://api.gw.example.com'}, ['Refusing to send credentials or tokens over plain http']),
])
def test_region_urls_refused_before_sending(env, value, words):
    with pytest.raises(ConfigurationError) as err:
        resolve_endpoints({'region': 'us-east-1', 'region_urls': value})
    for word in words:
        assert word in err.value.message


def test_unknown_region_lists_the_valid_names(env):
    with pytest.raises(ConfigurationError) as err:
        resolve_endpoints({'region': 'eu-west-9'})
    assert "Unknown Genesys Cloud region 'eu-west-9'" in err.value.message
    assert 'eu-west-1' in err.value.message and 'ap-northeast-3' in err.value.message


@pytest.mark.parametrize('params, words', [
    ({'login_url': 'https://api.mypurecloud.com'},
     ['Refusing to request a token from https://api.mypurecloud.com', 'set login_url to https://login.mypurecloud.com']),
    ({'api_url': 'https://gw.example.com'}, ['Cannot tell the token URL', 'set login_url']),
    ({'api_url': 'api.mypurecloud.com'}, ["api_url 'api.mypurecloud.com' is not a base URL"]),
    ({'api_url': 'https://api.mypurecloud.com/api/v2'}, ['includes the API path']),
    ({'api_url': 'https://api.mypurecloud.com', 'login_url': 'https://login.mypurecloud.com/oauth/token'},
     ['includes the token path']),
    ({'api_url': 'ftp://api.mypurecloud.com'}, ['is not a base URL']),
    ({'api_url': 'https://api.mypurecloud.com?x=1'}, ['has a query']),
    ({'api_url': 'https://api.mypurecloud.com:99999'}, ['invalid port']),
])
def test_refused_before_sending(env, params, words):
    with pytest.raises(ConfigurationError) as err:
        resolve_endpoints(params)
    for word in words:
        assert word in err.value.message


@pytest.mark.parametrize('params, words', [
    ({}, ['No credentials were given', 'GENESYSCLOUD_OAUTHCLIENT_ID']),
    ({'client_id': '   ', 'client_secret': 'x'}, ['client_id is empty']),
    ({'client_id': 'abc', 'client_secret': ''}, ['client_secret is empty']),
    ({'client_id': ' abc', 'client_secret': 'x'}, ['white space']),
    ({'client_id': 'abc', 'client_secret': 'sec\n'}, ['client_secret has leading or trailing white space']),
    ({'client_id': 'abc:def', 'client_secret': 'x'}, ['contains ":"']),
])
def test_client_credentials_refused(params, words):
    with pytest.raises(ConfigurationError) as err:
        client_credentials(params)
    for word in words:
        assert word in err.value.message
    assert 'sec\n' not in err.value.message


def test_client_credentials_accepts_colon_in_secret():
    assert client_credentials({'client_id': 'abc', 'client_secret': 'a:b'}) == ('abc', 'a:b')


@pytest.mark.parametrize('timeout', [0, -1])
def test_timeout_must_be_positive(timeout):
    with pytest.raises(ConfigurationError):
        validate_common({'timeout': timeout})


def test_missing_ca_path_is_refused(tmp_path):
    with pytest.raises(ConfigurationError) as err:
        validate_common({'timeout': 30, 'ca_path': str(tmp_path / 'missing.pem')})
    assert 'ca_path' in err.value.message and 'not a readable file' in err.value.message
    validate_common({'timeout': 30, 'ca_path': str(tmp_path)})

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import socket
import ssl
import threading

import pytest
import requests

from ansible_collections.genesys.cloud.plugins.module_utils import _http
from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, TokenRequestError, TransportError
from ansible_collections.genesys.cloud.plugins.module_utils._options import Endpoints

ENDPOINTS = Endpoints('https://api.mypurecloud.ie', 'https://login.mypurecloud.ie', 'eu-west-1')


def response(status, body=None, content_type='application/json', headers=None):
    """A requests.Response as the server would send it (for answers hard to get from a live server)."""
    resp = requests.Response()
    resp.status_code = status
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    resp._content = (body or '').encode('utf-8')
    resp.headers['Content-Type'] = content_type
    resp.headers.update(headers or {})
    resp.encoding = 'utf-8'
    return resp


def test_basic_authorization_is_base64_of_id_colon_secret():
    header = _http.basic_authorization('my-id', 'se:cr\u00e9t')
    assert header.startswith('Basic ')
    assert base64.b64decode(header[6:]).decode('utf-8') == 'my-id:se:cr\u00e9t'


@pytest.mark.parametrize('status', [400, 401])  # facts §1: 400 observed, RFC 6749 allows 401
def test_wrong_secret(status):
    err = _http.classify_token_error(response(status, {
        'error': 'invalid_client', 'description': 'authentication failed', 'error_description': 'authentication failed'}),
        ENDPOINTS, 'cid')
    assert isinstance(err, TokenRequestError)
    assert 'client id cid was not authenticated by region eu-west-1 (https://login.mypurecloud.ie)' in err.message
    assert 'secret is wrong or was regenerated' in err.message
    assert 'another region' in err.message
    assert err.code == 'invalid_client' and err.status == status


def test_client_not_found_points_at_the_region():
    err = _http.classify_token_error(response(400, {'error': 'invalid_client', 'description': 'client not found'}),
                                     ENDPOINTS, 'cid')
    assert 'does not know client id cid' in err.message
    assert 'lives in another region' in err.message
    assert 'GENESYSCLOUD_REGION' in err.message


def test_unauthorized_client_explains_the_grant_type():
    err = _http.classify_token_error(response(400, {
        'error': 'unauthorized_client',
        'description': 'client is not authorized to use the client_credential grant type'}), ENDPOINTS, 'cid')
    assert 'may not use the Client Credentials grant' in err.message
    assert 'no scope is needed' in err.message


def test_token_rate_limit():
    err = _http.classify_token_error(response(400, {
        'error': 'invalid_request', 'error_description': 'rate limit exceeded; try again later'}), ENDPOINTS, 'cid')
    assert 'rate limiting token creation' in err.message
    assert 'reuse one token' in err.message


@pytest.mark.parametrize('body, reason', [
    ({'error': 'invalid_client', 'description': 'client not found'}, 'client_not_found'),
    ({'error': 'invalid_client', 'description': 'authentication failed'}, 'authentication_failed'),
    ({'error': 'unauthorized_client', 'description': 'client is not authorized'}, 'wrong_grant_type'),
    ({'error': 'invalid_request', 'error_description': 'rate limit exceeded; try again later'}, 'token_rate_limited'),
    ({'error': 'invalid_request', 'error_description': 'something else'}, 'token_endpoint'),
    ({'message': 'not found', 'code': 'not.found', 'status': 404}, 'token_endpoint'),
])
def test_token_errors_carry_a_reason_for_code(body, reason):
    """Callers (the rate-limit retry, the doctor) decide on the reason, never on the words of the message."""
    assert _http.classify_token_error(response(400, body), ENDPOINTS, 'cid').reason == reason


def test_token_from_an_api_host_like_answer():
    err = _http.classify_token_error(response(404, {'message': 'not found', 'code': 'not.found', 'status': 404}),
                                     ENDPOINTS, 'cid')
    assert 'not an OAuth answer' in err.message
    assert 'login_url points at a host that is not a Genesys login host' in err.message


@pytest.mark.parametrize('body, content_type, words', [
    ('<html><body>Proxy login</body></html>', 'text/html', 'an HTML page'),
    ('', 'application/json', 'an empty body'),
    ('{"broken', 'application/json', 'not JSON'),
])
def test_token_endpoint_answering_non_json(body, content_type, words):
    err = _http.classify_token_error(response(403, body, content_type), ENDPOINTS, 'cid')
    assert words in err.message
    assert 'proxy' in err.message


def test_token_endpoint_server_error():
    err = _http.classify_token_error(response(503, '<html>down</html>', 'text/html'), ENDPOINTS, 'cid')
    assert 'HTTP 503' in err.message and 'outage' in err.message


def test_api_401_names_region_and_fix():
    err = _http.classify_api_error(response(401, {'message': 'Invalid login credentials.', 'code': 'bad.credentials',
                                                  'status': 401, 'contextId': 'ctx-1'}),
                                   'GET', 'https://api.mypurecloud.ie/api/v2/x', 'https://api.mypurecloud.ie')
    assert isinstance(err, ApiError)
    assert 'HTTP 401 bad.credentials: Invalid login credentials.' in err.message
    assert 'expired or was revoked' in err.message and 'another region' in err.message
    assert err.context_id == 'ctx-1' and 'ctx-1' in err.message
    assert err.to_result()['error'] == {'kind': 'api', 'status': 401, 'code': 'bad.credentials', 'context_id': 'ctx-1',
                                        'url': 'https://api.mypurecloud.ie/api/v2/x'}


def test_api_403_names_the_missing_permission_and_roles():
    message = ('Unable to perform the requested action. You must have at least one of the following permissions '
               'assigned: [routing:queue:view, routing:queue:edit]')
    err = _http.classify_api_error(response(403, {'message': message, 'code': 'missing.any.permissions', 'status': 403}),
                                   'GET', 'u', 'a')
    assert '(routing:queue:view, routing:queue:edit)' in err.message
    assert 'roles, not scopes' in err.message
    assert _http.parse_missing_permissions(message) == ['routing:queue:view', 'routing:queue:edit']
    assert _http.parse_missing_permissions('nothing here') == []


def test_api_429_says_how_long_to_wait():
    err = _http.classify_api_error(response(429, {'message': 'Rate limit exceeded the maximum. Retry the request in [42] seconds',
                                                  'code': 'too.many.requests.retry.after', 'status': 429},
                                            headers={'Retry-After': '42'}), 'GET', 'u', 'a')
    assert 'wait 42 seconds' in err.message


def test_api_401_without_a_body():
    err = _http.classify_api_error(response(401, ''), 'HEAD', 'u', 'a')
    assert 'expired or was revoked' in err.message


def test_api_html_answer():
    err = _http.classify_api_error(response(502, '<html>bad gateway</html>', 'text/html'), 'GET', 'u', 'a')
    assert 'an HTML page' in err.message


def test_dns_failure_is_explained():
    # A name-resolution failure as requests raises it (no DNS query is sent from the tests).
    inner = socket.gaierror(-2, 'Name or service not known')
    exc = requests.exceptions.ConnectionError(inner)
    err = _http.classify_transport_error(exc, 'POST', 'https://login.mypurecloud.xx/oauth/token', 30)
    assert isinstance(err, TransportError)
    assert 'host name login.mypurecloud.xx could not be resolved' in err.message
    assert 'typo in region' in err.message


def test_tls_failure_mentions_ca_path():
    exc = requests.exceptions.SSLError(ssl.SSLCertVerificationError(1, 'certificate verify failed: self-signed certificate'))
    err = _http.classify_transport_error(exc, 'POST', 'https://login.mypurecloud.com/oauth/token', 30)
    assert 'could not be verified' in err.message and 'ca_path' in err.message


def _free_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_refused_connection_over_a_real_socket():
    waits = []
    http = _http.GenesysHttp(timeout=5, retries=2, sleep=waits.append)
    port = _free_port()
    with pytest.raises(TransportError) as err:
        http.request_token(Endpoints('http://127.0.0.1:%d' % port, 'http://127.0.0.1:%d' % port, None), 'id', 'secret')
    assert 'connection to 127.0.0.1:%d was refused' % port in err.value.message
    assert len(waits) == 2  # nothing was sent, so even this POST was retried
    assert 'secret' not in err.value.message.replace('client_secret', '')


def test_timeout_over_a_real_socket():
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()))
    thread.start()
    try:
        http = _http.GenesysHttp(timeout=0.5, retries=0)
        url = 'http://127.0.0.1:%d' % server.getsockname()[1]
        with pytest.raises(TransportError) as err:
            http.api('GET', url, '/api/v2/tokens/me', 'tok')
        assert 'no answer within 0.5 seconds' in err.value.message
        assert 'tok' not in err.value.message.replace('tokens', '')
    finally:
        thread.join(5)
        for conn, _addr in accepted:
            conn.close()
        server.close()

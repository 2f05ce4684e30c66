# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP client of the collection. Internal to the collection, may change without notice.

One ``requests.Session`` per task: Basic auth for the token request (facts §1), Bearer for API
calls, timeouts and TLS settings on every request. Every failure leaves as a GenesysError whose
message says what failed, why it probably failed and what to do; the classification functions
are module-level so that unit tests can feed them responses a server cannot easily produce.

Nothing here ever puts a secret, a token or an Authorization header into a message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import re
import socket
import ssl
import threading
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the environment
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.genesys.cloud.plugins.module_utils import _retry
from ansible_collections.genesys.cloud.plugins.module_utils._errors import (
    ApiError,
    ConfigurationError,
    TokenRequestError,
    TransportError,
)

USER_AGENT = 'genesys.cloud-ansible-collection/0.2.0'

# Headers worth returning to users: rate-limit budget and the id Genesys support asks for.
INTERESTING_HEADERS = ('inin-ratelimit-count', 'inin-ratelimit-allowed', 'inin-ratelimit-reset',
                       'inin-correlation-id', 'retry-after')

_PERMISSIONS_RE = re.compile(r'permissions? assigned:\s*\[([^\]]*)\]')


def require_requests():
    if not HAS_REQUESTS:
        raise ConfigurationError(
            'The Python library "requests" is not installed for the Python that runs Ansible on the controller',
            fix='install it there (pip install requests, or pip install -r requirements.txt of the collection)')


def basic_authorization(client_id, client_secret):
    """The Authorization header value of the token request: Basic base64(id:secret), UTF-8 (RFC 7617)."""
    raw = ('%s:%s' % (client_id, client_secret)).encode('utf-8')
    return 'Basic ' + base64.b64encode(raw).decode('ascii')


def _chain(exc):
    """The exception and what it wraps (causes, contexts, urllib3's ``reason``), outermost first."""
    seen = []
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or current in seen:
            continue
        seen.append(current)
        todo.extend([current.__cause__, current.__context__, getattr(current, 'reason', None)])
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return seen


def classify_transport_error(exc, method, url, timeout):
    """Turn a requests exception (no HTTP answer) into a GenesysError."""
    chain = _chain(exc)
    text = ' '.join(str(e) for e in chain)
    host = url.split('/')[2] if url.count('/') >= 2 else url
    target = '%s %s' % (method, url)
    if isinstance(exc, requests.exceptions.SSLError) or any(isinstance(e, ssl.SSLError) for e in chain):
        return TransportError(
            '%s failed: the TLS connection to %s could not be verified (%s)' % (target, host, _short(chain[-1])),
            cause='a TLS-inspecting proxy or a private certificate authority signs the certificate, '
                  'or the host is not the one the certificate names',
            fix='set ca_path to the PEM bundle of the CA that signs the certificate '
                '(validate_certs: false only for a lab, never in production)', url=url)
    if isinstance(exc, requests.exceptions.Timeout):
        return TransportError(
            '%s failed: no answer within %s seconds' % (target, timeout),
            cause='the host is slow or unreachable from this controller, or a firewall drops the traffic',
            fix='check network access to %s (a proxy may be needed: HTTPS_PROXY), or raise timeout' % host, url=url)
    if any(isinstance(e, socket.gaierror) for e in chain) or re.search(
            r'Name or service not known|nodename nor servname|getaddrinfo failed|NameResolutionError|'
            r'Temporary failure in name resolution|No address associated', text):
        return TransportError(
            '%s failed: the host name %s could not be resolved (DNS)' % (target, host.split(':')[0]),
            cause='a typo in region, api_url or login_url, or no DNS (or proxy) for this host on the controller',
            fix='check the region name and any URL options; the valid hosts are api.<domain> and login.<domain> '
                'of your region', url=url)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or 'Connection refused' in text:
        return TransportError(
            '%s failed: the connection to %s was refused' % (target, host),
            cause='nothing listens at that address and port (a wrong api_url or login_url, or a gateway or '
                  'emulator that is not running)',
            fix='check the URL options and that the server is up', url=url)
    return TransportError(
        '%s failed: could not connect to %s (%s)' % (target, host, _short(chain[-1])),
        cause='a network problem between this controller and Genesys Cloud',
        fix='check network access and proxy settings, then run again', url=url)


MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # no Genesys answer comes near this; anything bigger is refused


def _read_bounded(response, method, url):
    """Read the body, refusing more than MAX_RESPONSE_BYTES, so that memory stays bounded."""
    declared = response.headers.get('Content-Length')
    if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
        response.close()
        raise _too_large(response, method, url)
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            response.close()
            raise _too_large(response, method, url)
        chunks.append(chunk)
    response._content = b''.join(chunks)  # what response.content returns from now on
    response._content_consumed = True


def _too_large(response, method, url):
    return ApiError('%s %s answered HTTP %s with a body larger than %d MiB; it was not read' % (
        method, url, response.status_code, MAX_RESPONSE_BYTES // (1024 * 1024)),
        cause='a proxy or server sent something that is not a Genesys answer, or the request asks for too much',
        fix='check api_url and the proxy settings; for a listing, use paginate with a smaller page_size',
        status=response.status_code, url=url)


def _may_have_been_sent(exc):
    """False when the connection could not be opened, so the request never left; else True."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return False
    chain = _chain(exc)
    names = set(type(e).__name__ for e in chain)
    if names & {'NewConnectionError', 'NameResolutionError', 'ConnectionRefusedError', 'gaierror'}:
        return False
    return not isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.ProxyError))


def _transient(exc):
    """Failures that may go away by themselves (not DNS, TLS or configuration mistakes)."""
    if isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.InvalidURL,
                        requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
        return False
    chain = _chain(exc)
    if any(isinstance(e, socket.gaierror) or type(e).__name__ == 'NameResolutionError' for e in chain):
        return False
    return isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                            requests.exceptions.ChunkedEncodingError))


def _short(exc):
    text = str(exc) or exc.__class__.__name__
    return text if len(text) <= 200 else text[:200] + '...'


def _body_kind(response):
    """'empty', 'html' or 'other' for a body that is not the JSON we expected."""
    content = response.content or b''
    if not content.strip():
        return 'empty'
    ctype = response.headers.get('Content-Type', '').lower()
    if 'html' in ctype or content.lstrip()[:1] == b'<':
        return 'html'
    return 'other'


def decode_json(response):
    """The decoded JSON body, or raise ValueError when it is not JSON."""
    content = response.content or b''
    if not content.strip():
        raise ValueError('empty body')
    return json.loads(content.decode(response.encoding or 'utf-8', 'replace'))


def decode_body(response, method, url):
    """The decoded JSON body of a successful API answer; None when it has none (HEAD, 204, a write's 200)."""
    empty = not (response.content or b'').strip()
    if method == 'GET' and response.status_code == 200 and empty:
        raise ApiError('GET %s answered HTTP 200 with an empty body' % url,
                       cause='a proxy or gateway answered instead of Genesys Cloud, which always answers a GET with JSON',
                       fix='check api_url and the proxy settings', status=200, url=url)
    if method == 'HEAD' or empty:
        return None
    try:
        return decode_json(response)
    except ValueError:
        raise ApiError('%s %s answered HTTP %s with %s' % (method, url, response.status_code, _describe_unexpected(response)),
                       cause='a proxy or gateway answered instead of Genesys Cloud',
                       fix='check api_url and the proxy settings', status=response.status_code, url=url)


def _describe_unexpected(response):
    kind = _body_kind(response)
    if kind == 'empty':
        return 'an empty body'
    if kind == 'html':
        return 'an HTML page'
    return 'a body that is not JSON (Content-Type %s)' % (response.headers.get('Content-Type') or 'unset')


def classify_token_error(response, endpoints, client_id):
    """Turn a token endpoint answer that carries no token into a TokenRequestError (facts §1, §6)."""
    url = endpoints.token_url
    status = response.status_code
    where = 'region %s (%s)' % (endpoints.region, endpoints.login_url) if endpoints.region else endpoints.login_url
    try:
        body = decode_json(response)
    except ValueError:
        body = None
    if not isinstance(body, dict) or not body.get('error'):
        if status in (404, 405) or (isinstance(body, dict) and ('code' in body or 'message' in body)):
            return TokenRequestError(
                'Getting a token from %s failed: HTTP %s, and the answer is not an OAuth answer' % (url, status),
                cause='login_url points at a host that is not a Genesys login host (the api. host, or a wrong '
                      'gateway path)',
                fix='tokens come from https://login.<domain>/oauth/token: set login_url to the login base URL, '
                    'or unset it to use the region\'s', status=status, url=url)
        if status >= 500:
            return TokenRequestError(
                'Getting a token from %s failed: the server answered HTTP %s with %s' % (url, status, _describe_unexpected(response)),
                cause='a Genesys Cloud or gateway outage',
                fix='run again later, and check the Genesys Cloud status page', status=status, url=url)
        return TokenRequestError(
            'Getting a token from %s failed: HTTP %s with %s instead of an OAuth answer' % (url, status, _describe_unexpected(response)),
            cause='a proxy, captive portal or gateway answered instead of Genesys Cloud',
            fix='check login_url and the proxy settings (HTTPS_PROXY, NO_PROXY) of the controller', status=status, url=url)

    error = str(body.get('error'))
    description = str(body.get('error_description') or body.get('description') or '')
    said = '%s %s: %s' % (status, error, description) if description else '%s %s' % (status, error)
    if error == 'invalid_client':
        reason = 'client_not_found' if 'not found' in description.lower() else 'authentication_failed'
        if reason == 'client_not_found':
            what = 'Getting a token failed: the login host of %s does not know client id %s (%s)' % (where, client_id, said)
            cause = ('the client lives in another region (a client exists in exactly one region), or the id is '
                     'mistyped')
        else:
            what = 'Getting a token failed: client id %s was not authenticated by %s (%s)' % (client_id, where, said)
            cause = ('the client secret is wrong or was regenerated, the client lives in another region, or the '
                     'client is disabled or inactive')
        return TokenRequestError(
            what, reason=reason, cause=cause,
            fix='check region (GENESYSCLOUD_REGION) against the region of the org that owns the client, and copy '
                'the current id and secret from Admin > Integrations > OAuth (regenerating a secret invalidates '
                'the old one)', status=status, code=error, url=url)
    if error == 'unauthorized_client':
        return TokenRequestError(
            'Getting a token failed: client id %s may not use the Client Credentials grant (%s)' % (client_id, said),
            reason='wrong_grant_type',
            cause='the OAuth client was created with another grant type (Code, Implicit, SAML2 Bearer or Password)',
            fix='use an OAuth client whose grant type is Client Credentials; its access comes from the roles '
                'assigned to it, no scope is needed', status=status, code=error, url=url)
    if error == 'invalid_request' and 'rate limit' in description.lower():
        return TokenRequestError(
            'Getting a token failed: the token endpoint is rate limiting token creation (%s)' % said,
            reason='token_rate_limited',
            cause='too many tokens were requested for this client in a short time (one per host or per task, or '
                  'parallel runs)',
            fix='reuse one token: run genesys.cloud.oauth_token once and let later tasks use its fact; wait a '
                'minute before running again', status=status, code=error, url=url)
    return TokenRequestError(
        'Getting a token from %s failed: %s' % (url, said),
        cause='the request was not accepted by the token endpoint',
        fix='check client_id, client_secret, region and login_url', status=status, code=error, url=url)


def parse_missing_permissions(message):
    """The permissions named by a Genesys 403 message, e.g. ['routing:queue:view']."""
    match = _PERMISSIONS_RE.search(message or '')
    if not match:
        return []
    return [p.strip() for p in match.group(1).split(',') if p.strip()]


def classify_api_error(response, method, url, api_url):
    """Turn an API error answer into an ApiError with Genesys' status, code, message and contextId."""
    status = response.status_code
    if method == 'HEAD' or not (response.content or b'').strip():
        body = {}  # HEAD answers and some errors have no body: the status still tells what happened
    else:
        try:
            body = decode_json(response)
        except ValueError:
            body = None
    if not isinstance(body, dict):
        return ApiError(
            '%s %s failed: HTTP %s with %s' % (method, url, status, _describe_unexpected(response)),
            cause='a proxy or gateway answered instead of Genesys Cloud' if status < 500 else 'a Genesys Cloud or gateway outage',
            fix='check api_url and the proxy settings' if status < 500 else 'run again later',
            status=status, url=url)
    code = body.get('code')
    message = body.get('message') or ''
    context_id = body.get('contextId') or response.headers.get('ININ-Correlation-Id')
    said = 'HTTP %s%s%s' % (status, ' %s' % code if code else '', ': %s' % message if message else '')
    what = '%s %s failed: %s' % (method, url, said)
    if status == 401:
        return ApiError(
            what, cause='the token expired or was revoked, or it was issued for another region or org than %s '
                        '(tokens work only on the API host of the region whose login host issued them)' % api_url,
            fix='get a fresh token with genesys.cloud.oauth_token for the same region as api_url',
            status=status, code=code, context_id=context_id, url=url)
    if status == 403:
        missing = parse_missing_permissions(message)
        needed = ' (%s)' % ', '.join(missing) if missing else ''
        return ApiError(
            what, cause='the OAuth client\'s roles do not grant the permission this call needs%s; for Client '
                        'Credentials clients access comes from roles, not scopes' % needed,
            fix='assign the client a role that has the permission%s, in the right division' % needed,
            status=status, code=code, context_id=context_id, url=url)
    if status == 404:
        return ApiError(what, cause='the resource does not exist, or the path is wrong',
                        fix='check the path and ids', status=status, code=code, context_id=context_id, url=url)
    if status == 429:
        retry_after = response.headers.get('Retry-After')
        return ApiError(
            what, cause='the token made more than its allowed requests per minute (300 per token by default)',
            fix='wait %s seconds and run again; fewer parallel requests help' % (retry_after or 'a few'),
            status=status, code=code, context_id=context_id, url=url)
    if status >= 500 and _retry.is_write(method) and status not in _retry.RETRY_ANY_METHOD:
        return ApiError(what, cause='Genesys Cloud failed while handling the write, so it may or may not have been applied',
                        fix='check whether it was applied (read the resource) before running again; writes are not '
                            'retried automatically, so that nothing is applied twice',
                        status=status, code=code, context_id=context_id, url=url)
    if status >= 500:
        return ApiError(what, cause='a Genesys Cloud or gateway outage', fix='run again later',
                        status=status, code=code, context_id=context_id, url=url)
    return ApiError(what, cause='Genesys Cloud did not accept the request', fix='read the message above and correct the request',
                    status=status, code=code, context_id=context_id, url=url)


class GenesysHttp(object):
    """One requests.Session with the connection options' timeout, TLS, proxy and retry settings.

    ``log`` receives one line per retry (shown at -v); it never receives a secret: lines name the
    method, the URL (whose query holds no secret) and the reason.
    """

    def __init__(self, timeout=30, validate_certs=True, ca_path=None, retries=5, max_retry_wait=180,
                 proxy=None, log=None, sleep=time.sleep):
        require_requests()
        self.timeout = timeout
        self.retries = retries
        self.max_retry_wait = max_retry_wait
        self.log = log or (lambda line: None)
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers['User-Agent'] = USER_AGENT
        # Given with every request: requests lets REQUESTS_CA_BUNDLE override a session's verify.
        self.verify = (ca_path or True) if validate_certs else False
        if proxy:
            # An explicit proxy wins over HTTPS_PROXY / HTTP_PROXY (which requests honours by itself).
            self.session.proxies.update({'http': proxy, 'https': proxy})
        self._pace_lock = threading.Lock()
        self._resume_at = 0.0

    @classmethod
    def from_params(cls, params, log=None):
        return cls(timeout=params.get('timeout') or 30, validate_certs=params.get('validate_certs', True),
                   ca_path=params.get('ca_path'), retries=params.get('retries', 5),
                   max_retry_wait=params.get('max_retry_wait', 180), proxy=params.get('proxy'), log=log)

    def close(self):
        self.session.close()

    def _pace(self, response):
        """Hold the next requests (of every thread) when the token's budget is nearly spent."""
        nearly_spent, reset = _retry.budget_nearly_spent(response_headers(response))
        if nearly_spent and reset > 0:
            with self._pace_lock:
                self._resume_at = max(self._resume_at, time.time() + min(reset, self.max_retry_wait))
            self.log('rate-limit budget nearly spent (%s of %s): pausing requests for %.1f s' % (
                response.headers.get('inin-ratelimit-count'), response.headers.get('inin-ratelimit-allowed'), reset))

    def _wait_for_budget(self):
        with self._pace_lock:
            wait = self._resume_at - time.time()
        if wait > 0:
            self.sleep(wait)

    def send(self, method, url, retry_as_read=False, **kwargs):
        """Send a request, retrying what is safe to retry (see _retry); return the response."""
        retry_method = 'GET' if retry_as_read else method
        kwargs.setdefault('timeout', self.timeout)
        kwargs.setdefault('allow_redirects', False)
        kwargs.setdefault('verify', self.verify)
        attempt = 0
        while True:
            self._wait_for_budget()
            try:
                response = self.session.request(method, url, stream=True, **kwargs)
                _read_bounded(response, method, url)
            except requests.exceptions.RequestException as exc:
                sent = _may_have_been_sent(exc)
                retryable = _transient(exc) and (not sent or not _retry.is_write(retry_method))
                if retryable and attempt < self.retries:
                    wait = _retry.backoff(attempt)
                    attempt += 1
                    self.log('%s %s: %s; retry %d of %d in %.1f s' % (method, url, _short(_chain(exc)[-1]), attempt, self.retries, wait))
                    self.sleep(wait)
                    continue
                if sent and _retry.is_write(retry_method) and _transient(exc):
                    raise TransportError(
                        '%s %s failed after the request was sent (%s)' % (method, url, _short(_chain(exc)[-1])),
                        cause='the connection broke or timed out while Genesys Cloud handled the request, so the write '
                              'may or may not have been applied',
                        fix='check whether it was applied (read the resource) before running again; writes are never '
                            'retried automatically, so that nothing is applied twice', url=url)
                raise classify_transport_error(exc, method, url, self.timeout)
            except (OSError, ValueError) as exc:
                # ca_path that is not a readable bundle, a bad proxy URL, other local failures before sending.
                raise TransportError('%s %s failed: %s' % (method, url, _short(exc)),
                                     cause='a local setting (ca_path, proxy) could not be used',
                                     fix='check ca_path and proxy', url=url)
            self._pace(response)
            if _retry.should_retry_status(response.status_code, retry_method) and attempt < self.retries:
                wait = self._retry_wait(response, attempt)
                attempt += 1
                self.log('%s %s: HTTP %s; retry %d of %d in %.1f s%s' % (
                    method, url, response.status_code, attempt, self.retries, wait,
                    ' (Retry-After)' if response.headers.get('Retry-After') else ''))
                self.sleep(wait)
                continue
            return response

    def _retry_wait(self, response, attempt):
        retry_after = _retry.retry_after_seconds(response.headers.get('Retry-After'))
        if retry_after is None:
            return _retry.backoff(attempt)
        if retry_after > self.max_retry_wait:
            raise ApiError(
                '%s %s: HTTP %s asks to wait %s seconds, more than max_retry_wait (%s)' % (
                    response.request.method, response.url, response.status_code, int(retry_after), self.max_retry_wait),
                cause='the token\'s rate limit is exhausted for a long time',
                fix='run again later, raise max_retry_wait, or spread the work over more time',
                status=response.status_code, url=response.url)
        return retry_after

    def request_token(self, endpoints, client_id, client_secret):
        """POST <login>/oauth/token exactly as facts §1 says; return the decoded token answer."""
        url = endpoints.token_url
        response = self._post_token(url, client_id, client_secret)
        waited = 0.0
        attempt = 0
        while response.status_code != 200:
            error = classify_token_error(response, endpoints, client_id)
            if error.reason != 'token_rate_limited' or \
                    waited >= _retry.TOKEN_RATE_LIMIT_PATIENCE or attempt >= self.retries * 2:
                raise error
            wait = min(_retry.backoff(attempt, base=1.0, cap=15.0), _retry.TOKEN_RATE_LIMIT_PATIENCE - waited)
            attempt += 1
            waited += wait
            self.log('POST %s: token creation is rate limited; retry %d in %.1f s' % (url, attempt, wait))
            self.sleep(wait)
            response = self._post_token(url, client_id, client_secret)
        try:
            body = decode_json(response)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get('access_token'), str) or not body['access_token']:
            raise TokenRequestError(
                'Getting a token from %s failed: HTTP 200 with %s instead of a token' % (
                    url, 'a JSON answer without access_token' if isinstance(body, dict) else _describe_unexpected(response)),
                cause='login_url points at something that is not a Genesys login host (a proxy or portal page)',
                fix='check login_url and the proxy settings of the controller', status=200, url=url)
        return body

    def _post_token(self, url, client_id, client_secret):
        # Asking for a token twice is harmless (it mints two tokens, changes nothing): retried as a read.
        return self.send('POST', url, data='grant_type=client_credentials', retry_as_read=True, headers={
            'Authorization': basic_authorization(client_id, client_secret),
            'Content-Type': 'application/x-www-form-urlencoded',
            'Accept': 'application/json',
        })

    def api(self, method, api_url, path, access_token, params=None, json_body=None, ok_statuses=None):
        """Call the API; return the response, or raise ApiError for a status outside ``ok_statuses`` (2xx)."""
        url = api_url + path
        headers = {'Authorization': 'Bearer %s' % access_token, 'Accept': 'application/json'}
        kwargs = {'headers': headers, 'params': params}
        if json_body is not None:
            kwargs['json'] = json_body
        response = self.send(method, url, **kwargs)
        ok = ok_statuses if ok_statuses is not None else range(200, 300)
        if response.status_code not in ok:
            raise classify_api_error(response, method, url, api_url)
        return response

    def api_json(self, method, api_url, path, access_token, **kwargs):
        """Call the API and return the decoded JSON body (None for an empty one)."""
        return decode_body(self.api(method, api_url, path, access_token, **kwargs), method, api_url + path)


def response_headers(response):
    """The headers users care about (rate-limit budget, correlation id), lower-cased names."""
    return dict((k.lower(), v) for k, v in response.headers.items() if k.lower() in INTERESTING_HEADERS)

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection options, defined once. Internal to the collection, may change without notice.

``CONNECTION_OPTIONS`` is the one table: every module's argument spec comes from it (with the
environment fallbacks of the official Genesys tools), and the doc fragment ``connection``
documents the same names (a unit test keeps the two in step). ``resolve_endpoints`` turns the
options into the two base URLs and refuses, before anything is sent, what cannot work.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils import _regions

# name -> argument spec entry plus 'env': the environment variables read, in order, when the
# option is not set (GENESYSCLOUD_* are the names the Terraform provider and the gc CLI use;
# GENESYSCLOUD_API_REGION is the convention of Genesys' example projects, facts §2).
CONNECTION_OPTIONS = {
    'client_id': dict(type='str', env=['GENESYSCLOUD_OAUTHCLIENT_ID']),
    'client_secret': dict(type='str', no_log=True, env=['GENESYSCLOUD_OAUTHCLIENT_SECRET']),
    # No default here: unset means "not chosen" (us-east-1 applies in resolve_endpoints), so that a
    # token fact of another API base can be told apart from an explicit choice.
    'region': dict(type='str', env=['GENESYSCLOUD_REGION']),
    'api_url': dict(type='str', env=['GENESYSCLOUD_API_URL', 'GENESYSCLOUD_API_REGION']),
    'login_url': dict(type='str', env=['GENESYSCLOUD_LOGIN_URL']),
    # region -> base URLs, for gateways that front each region (and for tests). 'raw' because the
    # environment variable holds JSON text and lookups read it through the plugin configuration.
    'region_urls': dict(type='raw', env=['GENESYSCLOUD_REGION_URLS']),
    'access_token': dict(type='str', no_log=True, env=['GENESYSCLOUD_ACCESS_TOKEN']),
    'validate_certs': dict(type='bool', default=True),
    'ca_path': dict(type='path'),
    'timeout': dict(type='float', default=30),
    'retries': dict(type='int', default=5),
    'max_retry_wait': dict(type='float', default=180),
    'proxy': dict(type='str'),
    'allow_plain_http': dict(type='bool', default=False),
}

_LOOPBACK_HOSTS = ('localhost', '::1', '[::1]')


# The option of the modules that use the token fact of oauth_token (doc fragment connection.token_fact).
TOKEN_FACT_OPTION = {'fact_name': dict(type='str', default='genesys_cloud_token')}


def connection_argument_spec():
    """A fresh argument spec of the connection options, for AnsibleModule or an action plugin."""
    spec = {}
    for name, entry in CONNECTION_OPTIONS.items():
        entry = copy.deepcopy(entry)
        env = entry.pop('env', None)
        if env:
            entry['fallback'] = (env_fallback, env)
        spec[name] = entry
    return spec


class Endpoints(object):
    """Where requests go: the API base URL, the token base URL and the region (None if unknown)."""

    def __init__(self, api_url, login_url, region):
        self.api_url = api_url
        self.login_url = login_url
        self.region = region

    @property
    def token_url(self):
        return self.login_url + '/oauth/token'

    def __repr__(self):
        return 'Endpoints(api_url=%r, login_url=%r, region=%r)' % (self.api_url, self.login_url, self.region)


def _parse_base_url(option, value):
    """Validate a base URL option and return (url without trailing slash, host)."""
    text = (value or '').strip()
    parts = urlsplit(text)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise ConfigurationError(
            '%s %r is not a base URL' % (option, value),
            fix='write it with its scheme and host, e.g. %s' % (
                'https://api.mypurecloud.ie' if option == 'api_url' else 'https://login.mypurecloud.ie'))
    if parts.query or parts.fragment:
        raise ConfigurationError('%s %r has a query or fragment' % (option, value),
                                 fix='give only the scheme, host, port and any gateway path prefix')
    try:
        parts.port
    except ValueError:
        raise ConfigurationError('%s %r has an invalid port' % (option, value), fix='correct the port number')
    path = parts.path.rstrip('/')
    if option == 'api_url' and '/api/v2' in path:
        raise ConfigurationError(
            'api_url %r includes the API path' % value,
            fix='give the base URL only (e.g. https://api.mypurecloud.com); the collection adds /api/v2/...')
    if option == 'login_url' and '/oauth' in path:
        raise ConfigurationError(
            'login_url %r includes the token path' % value,
            fix='give the base URL only (e.g. https://login.mypurecloud.com); the collection adds /oauth/token')
    return '%s://%s%s' % (parts.scheme, parts.netloc, path), (parts.hostname or '').lower()


def _is_loopback(host):
    return host in _LOOPBACK_HOSTS or host.startswith('127.') or host.endswith('.localhost')


def _refuse_plain_http(option, url, host, params):
    """Secrets (client credentials, bearer tokens) never travel unencrypted over a network."""
    if url.startswith('http://') and not _is_loopback(host) and not params.get('allow_plain_http'):
        raise ConfigurationError(
            'Refusing to send credentials or tokens over plain http:// to %s (%s)' % (host, option),
            cause='anyone on the network path could read them; Genesys Cloud itself is only served over https',
            fix='use https://, or set allow_plain_http: true for a lab gateway on a trusted network')


def _refuse_api_host_for_tokens(login_url, host, source):
    if host.startswith('api.'):
        raise ConfigurationError(
            'Refusing to request a token from %s (%s): that is an API host' % (login_url, source),
            cause='tokens are issued by the login host, https://login.<domain>/oauth/token, never by api.<domain>',
            fix='set login_url to %s' % login_url.replace('//api.', '//login.', 1))


def canonical_region(value, what='Unknown Genesys Cloud region'):
    """The canonical name of a region given by name or domain; ConfigurationError ``<what> <value>`` if none."""
    region = _regions.lookup_region(value)
    if region is None:
        raise ConfigurationError(
            '%s %r' % (what, value),
            fix='use one of %s (hyphens or underscores, any case), or a region domain such as '
                'mypurecloud.ie' % ', '.join(_regions.region_names()))
    return region


def region_urls(params):
    """The ``region_urls`` option as {canonical region: (api_url, login_url)}, validated.

    Each value is an API base URL (its login URL derived as for ``api_url``) or a dict with
    ``api_url`` and ``login_url``. The option may be JSON text (the environment variable).
    """
    value = params.get('region_urls')
    if value in (None, '', {}):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ConfigurationError('region_urls (or GENESYSCLOUD_REGION_URLS) is not valid JSON',
                                     fix='write it as a JSON object, e.g. {"eu-west-1": "https://api.gateway.example.com"}')
    if not isinstance(value, dict):
        raise ConfigurationError('region_urls must map region names to URLs, not %s' % type(value).__name__,
                                 fix='give a mapping such as {"eu-west-1": "https://api.gateway.example.com"}')
    mapped = {}
    for name, urls in value.items():
        region = canonical_region(name, 'region_urls names an unknown region')
        if isinstance(urls, str):
            urls = {'api_url': urls}
        if not isinstance(urls, dict) or not urls.get('api_url') or set(urls) - set(('api_url', 'login_url')):
            raise ConfigurationError('region_urls entry %r must be an API base URL or a mapping with api_url and '
                                     'login_url' % name, fix='e.g. {"api_url": "https://gw.example.com/eu", '
                                     '"login_url": "https://gw.example.com/eu-login"}')
        endpoints = _endpoints_from_urls(urls['api_url'], urls.get('login_url'), params, 'region_urls[%s]' % name)
        mapped[region] = (endpoints.api_url, endpoints.login_url)
    return mapped


def _endpoints_from_urls(api_url, login_url, params, source='api_url'):
    """Endpoints of an explicit API base URL (and optional login base URL), checked before use."""
    api_url, api_host = _parse_base_url('api_url', api_url)
    _refuse_plain_http(source, api_url, api_host, params)
    region = _regions.region_for_host(api_host)
    if login_url:
        login_url, login_host = _parse_base_url('login_url', login_url)
        _refuse_api_host_for_tokens(login_url, login_host, source if source != 'api_url' else 'login_url')
        _refuse_plain_http(source if source != 'api_url' else 'login_url', login_url, login_host, params)
        if region is None:
            region = _regions.region_for_host(login_host)
    else:
        if not api_host.startswith('api.'):
            raise ConfigurationError(
                'Cannot tell the token URL for api_url %s' % api_url,
                cause='the login host is found by replacing "api." with "login." in the API host, '
                      'and %s does not start with "api."' % api_host,
                fix='set login_url (or GENESYSCLOUD_LOGIN_URL) to the token base URL of your gateway or server'
                    if source == 'api_url' else 'give %s as a mapping with api_url and login_url' % source)
        login_url = api_url.replace('//api.', '//login.', 1)
    return Endpoints(api_url, login_url, region)


def region_endpoints(region, params):
    """The Endpoints of a known region: its entry in region_urls, else Genesys' own hosts."""
    mapped = region_urls(params).get(region)
    if mapped:
        return Endpoints(mapped[0], mapped[1], region)
    return Endpoints(_regions.api_base_url(region), _regions.login_base_url(region), region)


def resolve_endpoints(params):
    """Return the Endpoints for the connection options in ``params``.

    Precedence: ``api_url`` (a gateway, a proxy, the emulator) over ``region`` (whose URLs
    ``region_urls`` may redirect); ``login_url`` over the login host derived from ``api_url`` by
    replacing ``api.`` with ``login.``, which is what every official Genesys client does (facts §1).
    """
    if params.get('api_url'):
        return _endpoints_from_urls(params['api_url'], params.get('login_url'), params)

    region = canonical_region(params.get('region') or _regions.DEFAULT_REGION)
    endpoints = region_endpoints(region, params)
    if params.get('login_url'):
        login_url, login_host = _parse_base_url('login_url', params['login_url'])
        _refuse_api_host_for_tokens(login_url, login_host, 'login_url')
        _refuse_plain_http('login_url', login_url, login_host, params)
        endpoints.login_url = login_url
    return endpoints


def client_credentials(params):
    """Return (client_id, client_secret), refusing what cannot authenticate, before sending."""
    client_id = params.get('client_id')
    client_secret = params.get('client_secret')
    if not client_id and not client_secret:
        raise ConfigurationError(
            'No credentials were given',
            fix='set client_id and client_secret (or GENESYSCLOUD_OAUTHCLIENT_ID and '
                'GENESYSCLOUD_OAUTHCLIENT_SECRET) of a Client Credentials OAuth client, or give a ready access_token')
    if not client_id or not client_id.strip():
        raise ConfigurationError('client_id is empty',
                                 fix='set client_id or GENESYSCLOUD_OAUTHCLIENT_ID to the OAuth client id')
    if not client_secret or not client_secret.strip():
        raise ConfigurationError('client_secret is empty for client_id %s' % client_id,
                                 fix='set client_secret or GENESYSCLOUD_OAUTHCLIENT_SECRET to the client secret')
    if client_id != client_id.strip():
        raise ConfigurationError('client_id %r has leading or trailing white space' % client_id,
                                 cause='a copy-and-paste slip, or a file read with its final newline',
                                 fix='remove the white space')
    if client_secret != client_secret.strip():
        # The secret itself must never be shown: say where the problem is, not what it is.
        raise ConfigurationError('client_secret has leading or trailing white space',
                                 cause='a copy-and-paste slip, or a file read with its final newline',
                                 fix='remove the white space')
    if ':' in client_id:
        raise ConfigurationError('client_id %r contains ":"' % client_id,
                                 cause='Genesys client ids are UUIDs; a ":" means the id and secret were pasted together',
                                 fix='set client_id to the id alone and client_secret to the secret')
    return client_id, client_secret


def endpoint_chosen(params):
    """Whether the options (or their environment variables) choose where to connect."""
    return any(params.get(name) for name in ('region', 'api_url', 'login_url'))


def validate_common(params):
    """Checks of option values that every module and plugin needs."""
    timeout = params.get('timeout')
    if timeout is not None and timeout <= 0:
        raise ConfigurationError('timeout must be a positive number of seconds, not %s' % timeout,
                                 fix='leave it unset for the default of 30 seconds')
    if params.get('retries') is not None and params['retries'] < 0:
        raise ConfigurationError('retries must be 0 or more, not %s' % params['retries'], fix='leave it unset for 5')
    if params.get('max_retry_wait') is not None and params['max_retry_wait'] < 0:
        raise ConfigurationError('max_retry_wait must be 0 or more seconds, not %s' % params['max_retry_wait'],
                                 fix='leave it unset for 180')
    ca_path = params.get('ca_path')
    if ca_path and not ((os.path.isfile(ca_path) or os.path.isdir(ca_path)) and os.access(ca_path, os.R_OK)):
        raise ConfigurationError('ca_path %s is not a readable file or directory' % ca_path,
                                 fix='point ca_path at the PEM bundle of the certificate authorities to trust')

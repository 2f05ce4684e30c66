# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.credentials_check (documentation in plugins/modules/credentials_check.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.genesys.cloud.plugins.module_utils import _regions
from ansible_collections.genesys.cloud.plugins.module_utils._errors import (
    ApiError,
    ConfigurationError,
    GenesysError,
    TokenRequestError,
    TransportError,
)
from ansible_collections.genesys.cloud.plugins.module_utils._http import GenesysHttp
from ansible_collections.genesys.cloud.plugins.module_utils._options import (
    canonical_region,
    client_credentials,
    region_endpoints,
    resolve_endpoints,
)
from ansible_collections.genesys.cloud.plugins.module_utils._permissions import check_permission_names, covers
from ansible_collections.genesys.cloud.plugins.module_utils._token import Token, TokenStore, iso_utc
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction
from ansible_collections.genesys.cloud.plugins.plugin_utils._auth import Auth
from ansible_collections.genesys.cloud.plugins.plugin_utils._clients import CLIENT_CREDENTIALS, Reader, granted_roles, same_organization

CHECKS = ('configuration', 'token_request', 'token_info', 'client', 'permissions')


def token_problem_code(exc):
    """A stable code for a failed token request (facts §1, §6): the TokenRequestError's reason."""
    return 'unreachable' if isinstance(exc, TransportError) else exc.reason


def region_label(region):
    return '%s (%s)' % (region, _regions.REGIONS[region]) if region in _regions.REGIONS else str(region)


class Doctor(object):
    """Runs the checks in order, each on what the previous ones found, and writes the report."""

    def __init__(self, params, http):
        self.params = params
        self.http = http
        self.endpoints = None
        self.credentials = None
        self.report = {'ok': False, 'region': None, 'login_url': None, 'api_url': None, 'organization': None,
                       'client': None, 'token_expires_at': None, 'discovered_region': None,
                       'permissions': None, 'missing_permissions': [],
                       'checks': [], 'problems': []}

    # -- the report ------------------------------------------------------------------------------

    def passed(self, check, detail):
        self.report['checks'].append({'name': check, 'status': 'passed', 'detail': detail})

    def failed(self, check, code, message, fix):
        self.report['checks'].append({'name': check, 'status': 'failed', 'detail': message})
        self.report['problems'].append({'check': check, 'code': code, 'message': message, 'fix': fix})

    def skip_rest(self):
        done = set(c['name'] for c in self.report['checks'])
        for check in CHECKS:
            if check not in done:
                self.report['checks'].append({'name': check, 'status': 'skipped',
                                              'detail': 'not run: an earlier check failed'})

    def problem_from(self, check, code, exc):
        message = exc.what + ('. Likely cause: %s' % exc.cause if exc.cause else '')
        self.failed(check, code, message, exc.fix or '')

    # -- the checks ------------------------------------------------------------------------------

    def run(self):
        try:
            auth = self.configuration() and self.token_request()
            if auth:
                reader = Reader(self.http, auth)
                body = self.token_info(reader)
                if body is not None:
                    self.client(body)
                    self.permissions(reader, body)
        finally:
            self.skip_rest()
            self.report['ok'] = not self.report['problems']
        return self.report

    def configuration(self):
        try:
            self.endpoints = resolve_endpoints(self.params)
            if not self.params.get('access_token'):
                self.credentials = client_credentials(self.params)
        except ConfigurationError as exc:
            self.problem_from('configuration', 'configuration', exc)
            return False
        self._set_endpoints(self.endpoints)
        self.passed('configuration', 'region %s; token URL %s; API %s' % (
            self.endpoints.region or 'not a Genesys Cloud host', self.endpoints.token_url, self.endpoints.api_url))
        return True

    def _set_endpoints(self, endpoints):
        self.report.update(region=endpoints.region, login_url=endpoints.login_url, api_url=endpoints.api_url)

    def token_request(self):
        if self.params.get('access_token'):
            self.report['checks'].append({'name': 'token_request', 'status': 'skipped',
                                          'detail': 'access_token is given: no token was requested'})
            return Auth(Token(self.params['access_token']), self.endpoints, None, 'access_token')
        client_id, secret = self.credentials
        try:
            # Always asked: a token the run has kept would not prove that the secret still works. The fresh
            # token then replaces it in the run's store, so that later tasks of the run need no other.
            token = TokenStore.for_run().get_or_create(
                TokenStore.key(self.endpoints.login_url, client_id, secret), float('inf'),
                lambda: Token.from_token_response(self.http.request_token(self.endpoints, client_id, secret)))[0]
        except (TokenRequestError, TransportError) as exc:
            code = token_problem_code(exc)
            if code in ('client_not_found', 'authentication_failed') and self.params['discover_region']:
                return self.discover(exc, code)
            self.problem_from('token_request', code, exc)
            return None
        self.report['token_expires_at'] = iso_utc(token.expires_at)
        self.passed('token_request', 'a token was issued by %s; it expires at %s' % (
            self.endpoints.token_url, self.report['token_expires_at']))
        return Auth(token, self.endpoints, client_id, 'client_credentials')

    def discover(self, exc, code):
        """After invalid_client: ask every other region's token endpoint at once, with short timeouts."""
        client_id, secret = self.credentials
        here = self.endpoints.region
        candidates = [r for r in self.params.get('discover_regions') or _regions.REGIONS if r != here]
        found, unreachable = discover_region(self.params, candidates, client_id, secret)
        where = region_label(here) if here else 'at %s' % self.endpoints.login_url
        if not found:
            self.problem_from('token_request', code, exc)
            answered = len(candidates) - len(unreachable)
            note = '. Region discovery asked %d other region%s: %s' % (
                len(candidates), '' if len(candidates) == 1 else 's',
                'none of those that answered knows these credentials either, so the secret is wrong or was '
                'regenerated, or the client was deleted or is not active' if answered else 'none answered')
            if unreachable:
                note += ' (%d could not be reached: %s)' % (len(unreachable), ', '.join(unreachable))
            self.report['problems'][-1]['message'] += note
            return None
        region, endpoints, token = found
        self.report['discovered_region'] = {'region': region, 'domain': _regions.REGIONS.get(region),
                                            'api_url': endpoints.api_url, 'login_url': endpoints.login_url}
        self.failed('token_request', 'wrong_region',
                    'This client belongs to %s, not %s: its credentials get a token there and %s here' % (
                        region_label(region), where, code.replace('_', ' ')),
                    'set region to %s (or GENESYSCLOUD_REGION=%s)%s; a client exists in exactly one region' % (
                        region, region, ' and remove api_url and login_url' if self.params.get('api_url') else ''))
        if token is None:
            return None  # it exists there but may not use this grant: the client check cannot run
        # Go on in the client's own region, so that the report shows its org and client.
        self.endpoints = endpoints
        self._set_endpoints(endpoints)
        self.report['token_expires_at'] = iso_utc(token.expires_at)
        return Auth(token, endpoints, client_id, 'client_credentials')

    def token_info(self, reader):
        try:
            body = reader.token_info()
        except ApiError as exc:
            code = 'token_rejected' if exc.status == 401 else 'token_info'
            self.problem_from('token_info', code, exc)
            return None
        organization = body.get('organization') or {}
        client = body.get('OAuthClient') or {}
        self.report['organization'] = {'id': organization.get('id'), 'name': organization.get('name')}
        self.report['client'] = {'id': client.get('id'), 'name': client.get('name'),
                                 'grant_type': client.get('authorizedGrantType'), 'state': client.get('state'),
                                 'roles': []}
        expected = self.params.get('expected_organization')
        if expected and not same_organization(expected, organization):
            self.failed('token_info', 'wrong_organization',
                        'The credentials belong to the organization %s (%s), not to %s' % (
                            organization.get('name'), organization.get('id'), expected),
                        'use the credentials of the expected org (another environment\'s client, or another region\'s '
                        'org, gets this), or correct expected_organization')
        else:
            self.passed('token_info', 'the token works: organization %s, OAuth client %s (%s)' % (
                organization.get('name'), client.get('name'), client.get('id')))
        return body

    def client(self, body):
        client = body.get('OAuthClient') or {}
        name = '%r (%s)' % (client.get('name'), client.get('id'))
        state, grant = client.get('state'), client.get('authorizedGrantType')
        bad = False
        if state and state != 'active':
            bad = True
            self.failed('client', 'client_%s' % state,
                        'OAuth client %s is %s: %s' % (name, state, 'its tokens stop working and it gets no new ones'
                                                       if state == 'disabled' else 'it gets no tokens and will be deleted'),
                        'set the client active in Admin > Integrations > OAuth, or with genesys.cloud.oauth_client '
                        '(client_state: active)')
        if grant and grant != CLIENT_CREDENTIALS:
            bad = True
            self.failed('client', 'wrong_grant_type',
                        'OAuth client %s uses the %s grant, not Client Credentials' % (name, grant),
                        'use a client whose grant type is Client Credentials for automation')
        if not bad:
            roles = client.get('roleDivisions') or []
            self.passed('client', 'OAuth client %s is active, uses the Client Credentials grant and has %d role '
                                  'grant%s' % (name, len(roles), '' if len(roles) == 1 else 's'))

    def permissions(self, reader, body):
        required = self.params['required_permissions']
        grants = (body.get('OAuthClient') or {}).get('roleDivisions') or []
        try:
            roles, granted = granted_roles(reader, grants)
        except GenesysError as exc:
            if not required:
                self.report['checks'].append({'name': 'permissions', 'status': 'skipped',
                                              'detail': 'the roles could not be read (%s)' % exc.what})
                return
            self.problem_from('permissions', 'cannot_read_roles', exc)
            return
        names = []
        for dummy, role in roles:
            if role.get('name') and role['name'] not in names:
                names.append(role['name'])
        self.report['client']['roles'] = names
        self.report['permissions'] = sorted(granted)
        missing = [p for p in required if not any(covers(g, p) for g in granted)]
        self.report['missing_permissions'] = missing
        if missing:
            self.failed('permissions', 'missing_permissions',
                        'OAuth client %r lacks the permission%s %s%s' % (
                            self.report['client']['name'], 's' if len(missing) > 1 else '', ', '.join(missing),
                            '; it has no roles' if not grants else '; its roles are %s' % ', '.join(names)),
                        'give the client a role that grants %s (a Client Credentials client\'s access comes from its '
                        'roles; scopes do not apply)' % ', '.join(missing))
        elif required:
            self.passed('permissions', 'the client\'s roles grant every required permission (%s)' % ', '.join(required))
        else:
            self.passed('permissions', 'no permissions were required; the client\'s roles grant %d permissions' % len(granted))


def _probe(params, region, client_id, secret):
    """Ask one region's token endpoint. Returns ('found', region, endpoints, token or None) when the client
    lives there, ('unknown', region) when the region does not accept it, ('unreachable', region) on no answer."""
    endpoints = region_endpoints(region, params)
    http = GenesysHttp.from_params(dict(params, timeout=params['discover_timeout'], retries=0))
    try:
        token = Token.from_token_response(http.request_token(endpoints, client_id, secret))
        return 'found', region, endpoints, token
    except TokenRequestError as exc:
        # The client exists there but may not use this grant: it still lives in that region.
        if exc.reason == 'wrong_grant_type':
            return 'found', region, endpoints, None
        return 'unknown', region
    except GenesysError:  # unreachable, timed out: no answer is no evidence
        return 'unreachable', region
    finally:
        http.close()


def discover_region(params, candidates, client_id, secret):
    """Ask every candidate region at once. Returns (the first region, in the table's order, that accepts the
    client as (region, endpoints, token or None), or None; the regions that could not be reached)."""
    if not candidates:
        return None, []
    with ThreadPoolExecutor(max_workers=min(len(candidates), 20)) as pool:
        answers = list(pool.map(lambda r: _probe(params, r, client_id, secret), candidates))
    found = [a[1:] for a in answers if a[0] == 'found']
    return (found[0] if found else None), [a[1] for a in answers if a[0] == 'unreachable']


def summary(report):
    lines = ['%s: %s' % (p['code'], p['message']) for p in report['problems']]
    return 'Credentials check failed: %s' % ' | '.join(lines)


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        required_permissions=dict(type='list', elements='str', default=[]),
        expected_organization=dict(type='str'),
        discover_region=dict(type='bool', default=False),
        discover_regions=dict(type='list', elements='str'),
        discover_timeout=dict(type='float', default=5),
        fail_on_problems=dict(type='bool', default=True),
    )

    def execute(self, params, http, task_vars):
        check_permission_names('required_permissions', params['required_permissions'])
        if params['discover_timeout'] <= 0:
            raise ConfigurationError('discover_timeout must be a positive number of seconds', fix='leave it unset for 5')
        params['discover_regions'] = [canonical_region(name, 'discover_regions names an unknown region')
                                      for name in params.get('discover_regions') or []]
        report = Doctor(params, http).run()
        result = dict(report, changed=False)
        if not report['ok'] and params['fail_on_problems']:
            result.update(failed=True, msg=summary(report))
        return result

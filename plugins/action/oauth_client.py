# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.oauth_client (documentation in plugins/modules/oauth_client.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, ConfigurationError, GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._options import TOKEN_FACT_OPTION
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction
from ansible_collections.genesys.cloud.plugins.plugin_utils._clients import CLIENT_CREDENTIALS, Reader, describe_client, is_uuid

GRANT_TYPES = ('CLIENT-CREDENTIALS', 'CODE', 'TOKEN', 'SAML2-BEARER', 'PASSWORD')
CLIENT_STATES = ('active', 'disabled', 'inactive')
# accessTokenValiditySeconds (facts §1: 300..172800 s, default 86400).
MIN_VALIDITY, MAX_VALIDITY, DEFAULT_VALIDITY = 300, 172800, 86400
# The fields of an OAuthClient that a PUT sets (OAuthClientRequest, facts §4); roleIds is deprecated.
WRITABLE = ('name', 'description', 'authorizedGrantType', 'accessTokenValiditySeconds', 'roleDivisions', 'scope',
            'state', 'registeredRedirectUri')
CLIENTS = '/api/v2/oauth/clients'


def canonical_grant_type(value):
    """CLIENT-CREDENTIALS from any case and from the underscore spelling people often write."""
    text = str(value).strip().upper().replace('_', '-')
    if text in GRANT_TYPES:
        return text
    raise ConfigurationError('grant_type %r is not a Genesys Cloud grant type' % value,
                             fix='use one of %s (with hyphens)' % ', '.join(GRANT_TYPES))


def validate(params):
    """Refuse, before anything is sent, what Genesys would refuse or what cannot be meant."""
    params['name'] = (params['name'] or '').strip()
    if not params['name']:
        raise ConfigurationError('name is empty', fix='give the OAuth client\'s name; the module finds the client by it')
    grant = params['grant_type'] = canonical_grant_type(params['grant_type'])
    validity = params.get('access_token_validity_seconds')
    if validity is not None and not MIN_VALIDITY <= validity <= MAX_VALIDITY:
        raise ConfigurationError(
            'access_token_validity_seconds must be between %d and %d, not %d' % (MIN_VALIDITY, MAX_VALIDITY, validity),
            cause='Genesys Cloud tokens live from 5 minutes to 48 hours',
            fix='leave it unset for the default of 86400 seconds (one day)')
    if grant == CLIENT_CREDENTIALS and params.get('scopes'):
        raise ConfigurationError(
            'scopes cannot be set on a Client Credentials client',
            cause='scopes only apply to clients that do not use the Client Credentials grant; a Client Credentials '
                  'client\'s access is the union of its roles\' permissions, and no scope is needed to get tokens',
            fix='remove scopes and give the client roles that grant the permissions it needs')
    if grant != CLIENT_CREDENTIALS and params.get('roles'):
        raise ConfigurationError(
            'roles cannot be set on a %s client' % grant,
            cause='roles and divisions only apply to clients that use the Client Credentials grant; the other grants '
                  'act for a user, with the user\'s roles, limited by the client\'s scopes',
            fix='remove roles and set scopes, or use grant_type CLIENT-CREDENTIALS')
    for index, entry in enumerate(params.get('roles') or []):
        if not (entry.get('role') or '').strip():
            raise ConfigurationError('roles[%d] has no role' % index, fix='name the role (by name or id) in role')
    if params['state'] == 'absent' and params['rotate_secret']:
        raise ConfigurationError('rotate_secret cannot be combined with state: absent',
                                 fix='remove rotate_secret, or use state: present')
    if params['state'] == 'absent' and params.get('client_state') not in (None, 'inactive'):
        raise ConfigurationError('client_state %s cannot be combined with state: absent' % params['client_state'],
                                 cause='only inactive clients can be deleted',
                                 fix='leave client_state unset, or set it to inactive to deactivate and delete the client')


def _pick(items, value, what, all_names):
    """The item whose id is ``value``, else whose name is (exactly, then in any case)."""
    for test in (lambda i: i.get('id') == value, lambda i: i.get('name') == value,
                 lambda i: str(i.get('name', '')).lower() == value.lower()):
        found = [i for i in items if test(i)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ConfigurationError('%d %ss are named %r' % (len(found), what, value), fix='name the %s by its id' % what)
    raise ConfigurationError('There is no %s %r in this org' % (what, value),
                             fix='use one of: %s' % ', '.join(sorted(all_names)[:40]))


def role_name(reader, role_id):
    return (reader.role(role_id) or {}).get('name') or role_id


def grant_label(reader, grant):
    """'Role in Division' for the diff; names from the reader, which reads each role and the divisions once."""
    division = grant.get('divisionId')
    return '%s in %s' % (role_name(reader, grant.get('roleId')),
                         'all divisions' if division == '*' else reader.division_names().get(division, division))


class Plan(object):
    """What the task will do to one client: the body it sends and the before / after views."""

    def __init__(self, reader, params):
        self.reader = reader
        self.params = params

    def desired_grants(self):
        """roles as sorted [{roleId, divisionId}], names resolved; None when roles are not managed."""
        entries = self.params.get('roles')
        if entries is None:
            return None
        grants = []
        roles = self.reader.roles() if entries else []
        for entry in entries:
            role = _pick(roles, entry['role'].strip(), 'role', [str(r.get('name')) for r in roles])
            grant = {'roleId': role['id'], 'divisionId': self.division_id(entry.get('division'))}
            if grant not in grants:
                grants.append(grant)
        return sorted(grants, key=lambda g: (g['roleId'], g['divisionId']))

    def division_id(self, value):
        value = (value or '').strip()
        if value == '*':
            return '*'
        if is_uuid(value):
            return value
        divisions = self.reader.divisions()
        if not value:
            home = [d for d in divisions if d.get('homeDivision')]
            if not home:
                raise GenesysError('The org\'s home division could not be found in the division list',
                                   fix='name the division of each role in division')
            return home[0]['id']
        return _pick(divisions, value, 'division', [str(d.get('name')) for d in divisions])['id']

    def desired_body(self, current):
        """The OAuthClientRequest to send: the current writable fields with the options applied."""
        params = self.params
        body = dict((k, current[k]) for k in WRITABLE if current.get(k) is not None) if current else {}
        body['name'] = params['name']
        body['authorizedGrantType'] = params['grant_type']
        for option, field in (('description', 'description'), ('access_token_validity_seconds', 'accessTokenValiditySeconds'),
                              ('client_state', 'state')):
            if params.get(option) is not None:
                body[field] = params[option]
        if params.get('scopes') is not None:
            body['scope'] = sorted(set(params['scopes']))
        if params.get('redirect_uris') is not None:
            body['registeredRedirectUri'] = sorted(set(params['redirect_uris']))
        grants = self.desired_grants()
        if grants is not None:
            body['roleDivisions'] = grants
        # A grant type change takes the other kind of access away (facts §4).
        if body['authorizedGrantType'] == CLIENT_CREDENTIALS:
            body.pop('scope', None)
        else:
            body.pop('roleDivisions', None)
        body.setdefault('state', 'active')
        return body

    def view(self, client):
        """The managed fields of a client (or request body), in the module's terms, for the diff."""
        if not client:
            return {}
        return {
            'name': client.get('name'),
            'description': client.get('description'),
            'grant_type': client.get('authorizedGrantType'),
            'client_state': client.get('state'),
            'access_token_validity_seconds': client.get('accessTokenValiditySeconds'),
            'roles': sorted(grant_label(self.reader, g) for g in client.get('roleDivisions') or []),
            'scopes': sorted(client.get('scope') or []),
            'redirect_uris': sorted(client.get('registeredRedirectUri') or []),
        }

    def changes(self, current, body):
        """The names of the managed fields whose values differ (None on the server counts as unset)."""
        changed = []
        for field in WRITABLE:
            if field not in body:
                continue
            have, want = current.get(field), body[field]
            if field in ('scope', 'registeredRedirectUri'):
                have, want = sorted(have or []), sorted(want or [])
            elif field == 'roleDivisions':
                have = sorted(((g.get('roleId'), g.get('divisionId')) for g in have or []))
                want = sorted(((g['roleId'], g['divisionId']) for g in want or []))
            elif field == 'description':
                have, want = have or '', want or ''
            elif field == 'accessTokenValiditySeconds' and have is None:
                have = DEFAULT_VALIDITY
            if have != want:
                changed.append(field)
        return changed


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        TOKEN_FACT_OPTION,
        name=dict(type='str', required=True),
        description=dict(type='str'),
        grant_type=dict(type='str', default=CLIENT_CREDENTIALS, aliases=['authorized_grant_type']),
        roles=dict(type='list', elements='dict', options=dict(
            role=dict(type='str', required=True),
            division=dict(type='str'),
        )),
        scopes=dict(type='list', elements='str'),
        redirect_uris=dict(type='list', elements='str'),
        access_token_validity_seconds=dict(type='int'),
        client_state=dict(type='str', choices=list(CLIENT_STATES)),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        rotate_secret=dict(type='bool', default=False),
    )

    def execute(self, params, http, task_vars):
        validate(params)
        auth = self.authenticate(params, http, task_vars, fact_name=params['fact_name'])
        return self.with_renewal(auth, params, http, lambda a: self._run(params, http, a))

    # -- the work --------------------------------------------------------------------------------

    def _run(self, params, http, auth):
        reader = Reader(http, auth)
        plan = Plan(reader, params)
        current = self._find(reader, params['name'])
        if params['state'] == 'absent':
            return self._absent(params, http, auth, reader, plan, current)
        return self._present(params, http, auth, reader, plan, current)

    @staticmethod
    def _find(reader, name):
        found = [c for c in reader.clients() if c.get('name') == name]
        if len(found) > 1:
            raise GenesysError('%d OAuth clients are named %r: %s' % (len(found), name, ', '.join(c['id'] for c in found)),
                               cause='the module finds a client by its name, and Genesys Cloud allows duplicate names',
                               fix='rename or delete the duplicates in Admin > Integrations > OAuth')
        return found[0] if found else None

    def _call(self, http, auth, method, path, body=None, what=''):
        try:
            return http.api_json(method, auth.endpoints.api_url, path, auth.token.access_token, json_body=body)
        except ApiError as exc:
            if exc.status == 403:
                permission = {'POST': 'oauth:client:add', 'PUT': 'oauth:client:edit',
                              'DELETE': 'oauth:client:delete'}[method]
                if path.endswith('/secret'):
                    permission = 'oauth:client:edit'
                raise GenesysError(
                    'Genesys Cloud refused to %s (%s)' % (what, exc.what),
                    cause='the calling client lacks %s, or the request grants roles it does not hold' % permission,
                    fix='give the calling client a role with %s (and hold every role it grants)' % permission,
                    status=exc.status, code=exc.code, context_id=exc.context_id, url=exc.url)
            raise

    def _refuse_own_client(self, reader, current, doing):
        if current and current.get('id') == reader.token_client_id():
            raise ConfigurationError(
                'Refusing to %s OAuth client %r (%s): it is the client whose token this task uses' % (
                    doing, current.get('name'), current.get('id')),
                cause='its tokens would stop working, and the rest of the play with them',
                fix='manage this client with the credentials of another OAuth client')

    def _refuse_roles_not_held(self, reader, current, body, name):
        """Genesys only lets a client grant roles it holds itself: say so before sending. Compared by role id;
        the divisions are not (how Genesys compares them is not documented)."""
        caller = reader.token_client()
        if caller.get('authorizedGrantType') != CLIENT_CREDENTIALS:
            return  # a user's token: the user's roles decide, and they are not visible here
        held = set(g.get('roleId') for g in caller.get('roleDivisions') or [])
        had = set(g.get('roleId') for g in (current or {}).get('roleDivisions') or [])
        missing = sorted(set(g['roleId'] for g in body.get('roleDivisions') or []) - held - had)
        if missing:
            names = ', '.join('%s (%s)' % (role_name(reader, r), r) for r in missing)
            raise ConfigurationError(
                'Refusing to grant role%s %s to OAuth client %r: the calling client %s does not hold %s itself' % (
                    's' if len(missing) > 1 else '', names, name, caller.get('name') or caller.get('id'),
                    'them' if len(missing) > 1 else 'it'),
                cause='Genesys Cloud lets a client grant only roles that it holds itself',
                fix='give the calling client those roles first, or run this task with the credentials of a client that '
                    'holds them')

    @staticmethod
    def _secret_of(answer, done, required):
        """The new secret in a create or regenerate answer. A regenerated secret that is missing fails loudly,
        since it cannot be read back later; a new client may have none (whether implicit-grant clients get a
        secret is not documented)."""
        secret = answer.pop('secret', None)
        if not answer.get('id') or (required and not secret):
            raise GenesysError(
                'Genesys Cloud %s, but its answer holds no %s' % (done, 'client id' if not answer.get('id') else 'secret'),
                cause='a proxy or gateway changed the answer, or the API changed',
                fix='regenerate the secret (rotate_secret: true) to get one; a secret cannot be read back later')
        return secret

    def _present(self, params, http, auth, reader, plan, current):
        check = self._task.check_mode
        body = plan.desired_body(current)
        self._refuse_roles_not_held(reader, current, body, params['name'])
        before = plan.view(current)
        actions, secret, client = [], None, current
        if current is None:
            actions.append('created')
            if not check:
                client = self._call(http, auth, 'POST', CLIENTS, body, 'create OAuth client %r' % params['name']) or {}
                secret = self._secret_of(client, 'created OAuth client %r' % params['name'], required=False)
            else:
                client = dict(body, id=None)
        else:
            changed = plan.changes(current, body)
            if body.get('state') != 'active' and 'state' in changed:
                self._refuse_own_client(reader, current, 'make %s' % body['state'])
            if changed:
                actions.append('updated %s' % ', '.join(changed))
                if not check:
                    client = self._call(http, auth, 'PUT', '%s/%s' % (CLIENTS, current['id']), body,
                                        'update OAuth client %r' % params['name'])
                else:
                    client = dict(current, **body)
            if params['rotate_secret']:
                self._refuse_own_client(reader, current, 'rotate the secret of')
                actions.append('secret rotated')
                if not check:
                    rotated = self._call(http, auth, 'POST', '%s/%s/secret' % (CLIENTS, current['id']), None,
                                         'regenerate the secret of OAuth client %r' % params['name'])
                    secret = self._secret_of(rotated or {}, 'regenerated the secret of OAuth client %r' % params['name'],
                                             required=True)
        client = dict((k, v) for k, v in (client or {}).items() if k != 'secret')
        result = {'changed': bool(actions), 'actions': actions, 'client': describe_client(reader, client),
                  'diff': {'before': before, 'after': plan.view(client)}}
        if secret is not None:
            result['secret'] = secret
            # The result holds a secret: hide all of it from every callback, at every verbosity.
            # register still receives it (strategy code uses the raw result), as for oauth_token.
            result['_ansible_no_log'] = True
        return result

    def _absent(self, params, http, auth, reader, plan, current):
        if current is None:
            return {'changed': False, 'actions': [], 'client': None, 'diff': {'before': {}, 'after': {}}}
        self._refuse_own_client(reader, current, 'delete')
        before = plan.view(current)
        actions = []
        if current.get('state') != 'inactive':
            if params.get('client_state') != 'inactive':
                raise GenesysError(
                    'OAuth client %r (%s) is %s, and only inactive clients can be deleted' % (
                        current['name'], current['id'], current.get('state')),
                    cause='Genesys Cloud deletes an OAuth client only once it is inactive, so that a client in use is not '
                          'deleted by mistake',
                    fix='add client_state: inactive to this task to deactivate and then delete it, or set it inactive '
                        'in Admin > Integrations > OAuth first')
            actions.append('deactivated')
            if not self._task.check_mode:
                body = dict((k, current[k]) for k in WRITABLE if current.get(k) is not None)
                body['state'] = 'inactive'
                self._call(http, auth, 'PUT', '%s/%s' % (CLIENTS, current['id']), body,
                           'deactivate OAuth client %r' % current['name'])
        actions.append('deleted')
        if not self._task.check_mode:
            self._call(http, auth, 'DELETE', '%s/%s' % (CLIENTS, current['id']), None,
                       'delete OAuth client %r' % current['name'])
        return {'changed': True, 'actions': actions, 'client': describe_client(reader, current),
                'diff': {'before': before, 'after': {}}}

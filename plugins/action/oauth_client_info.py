# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.oauth_client_info (documentation in plugins/modules/oauth_client_info.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError, GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._permissions import check_permission_names, covers
from ansible_collections.genesys.cloud.plugins.module_utils._options import TOKEN_FACT_OPTION
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction
from ansible_collections.genesys.cloud.plugins.plugin_utils._clients import CLIENT_CREDENTIALS, Reader, describe_client, is_uuid


def select_clients(reader, selector):
    """The clients to inspect: the token's own (None), one by id or name, or all ('*')."""
    if selector is None:
        client_id = reader.token_client_id()
        client = reader.client(client_id) if client_id else None
        if client is None:
            raise GenesysError('The OAuth client of the token could not be found', cause='the token is not a client token',
                               fix='name the client in the client option')
        return [client]
    if selector == '*':
        return reader.clients()
    if is_uuid(selector):
        client = reader.client(selector)
        if client is None:
            raise GenesysError('There is no OAuth client with id %s in this org' % selector,
                               cause='the id is mistyped, or the client was deleted or lives in another org or region',
                               fix='check the id in Admin > Integrations > OAuth')
        return [client]
    everything = reader.clients()
    matches = [c for c in everything if c.get('name') == selector] or \
        [c for c in everything if str(c.get('name', '')).lower() == selector.lower()]
    if not matches:
        names = sorted(str(c.get('name')) for c in everything)
        raise GenesysError('There is no OAuth client named %r in this org' % selector,
                           cause='the name is mistyped, or the client lives in another org or region',
                           fix='use one of: %s' % ', '.join(names[:30]) + (' ...' if len(names) > 30 else ''))
    if len(matches) > 1:
        raise GenesysError('%d OAuth clients are named %r: %s' % (len(matches), selector, ', '.join(c['id'] for c in matches)),
                           fix='name the client by its id')
    return matches


def client_problems(entry):
    """What stands in the way of using a client for client-credentials automation, for people."""
    name = '%r (%s)' % (entry['name'], entry['id'])
    problems = []
    if entry['state'] == 'disabled':
        problems.append('Client %s is disabled: its tokens are invalid and it cannot get new ones; set it active in '
                        'Admin > Integrations > OAuth.' % name)
    elif entry['state'] == 'inactive':
        problems.append('Client %s is inactive: it cannot get tokens and will be deleted%s.' % (
            name, ' on %s' % entry['date_to_delete'] if entry['date_to_delete'] else ''))
    if entry['date_to_delete'] and entry['state'] != 'inactive':
        problems.append('Client %s is scheduled for deletion on %s.' % (name, entry['date_to_delete']))
    if entry['authorized_grant_type'] != CLIENT_CREDENTIALS:
        problems.append('Client %s uses the %s grant, not Client Credentials: it cannot get tokens with a client id '
                        'and secret.' % (name, entry['authorized_grant_type']))
    elif not entry['roles']:
        problems.append('Client %s has no roles: its tokens may only call APIs that need no permission.' % name)
    for role in entry['roles']:
        if role['name'] is None:
            problems.append('Client %s is granted role %s, which no longer exists.' % (name, role['id']))
    return problems


def check_client(entry, params):
    required = params['required_permissions'] or []
    entry['missing_permissions'] = [p for p in required if not any(covers(g, p) for g in entry['permissions'])]
    held = set(str(r['name']).lower() for r in entry['roles']) | set(r['id'] for r in entry['roles'])
    entry['missing_roles'] = [r for r in params['required_roles'] or [] if r not in held and r.lower() not in held]
    if entry['authorized_grant_type'] == CLIENT_CREDENTIALS:
        entry['missing_scopes'] = []
    else:
        entry['missing_scopes'] = [s for s in params['required_scopes'] or [] if s not in entry['scope']]
    entry['problems'] = client_problems(entry)
    return entry


def union(entries, key):
    seen = []
    for entry in entries:
        seen.extend(item for item in entry[key] if item not in seen)
    return seen


def failure_message(entries, inventory):
    lines = []
    for entry in entries:
        parts = []
        if entry['missing_permissions']:
            parts.append('missing permissions %s (give the client a role that grants them; for Client Credentials '
                         'clients access comes from roles, not scopes)' % ', '.join(entry['missing_permissions']))
        if entry['missing_roles']:
            parts.append('missing roles %s' % ', '.join(entry['missing_roles']))
        if entry['missing_scopes']:
            parts.append('missing scopes %s' % ', '.join(entry['missing_scopes']))
        if not inventory:
            parts.extend(entry['problems'])
        if parts:
            lines.append('OAuth client %r (%s): %s' % (entry['name'], entry['id'], '; '.join(parts)))
    return ' '.join(lines)


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        TOKEN_FACT_OPTION,
        client=dict(type='str'),
        required_permissions=dict(type='list', elements='str', default=[]),
        required_roles=dict(type='list', elements='str', default=[]),
        required_scopes=dict(type='list', elements='str', default=[]),
        fail_on_missing=dict(type='bool', default=True),
    )

    def execute(self, params, http, task_vars):
        check_permission_names('required_permissions', params['required_permissions'])
        selector = params.get('client')
        selector = selector.strip() if selector else None

        def inspect(auth):
            reader = Reader(http, auth)
            return [check_client(describe_client(reader, c), params) for c in select_clients(reader, selector)]

        auth = self.authenticate(params, http, task_vars, fact_name=params['fact_name'])
        entries = self.with_renewal(auth, params, http, inspect)
        inventory = selector == '*'

        if params['required_scopes'] and not inventory and entries[0]['authorized_grant_type'] == CLIENT_CREDENTIALS:
            raise ConfigurationError(
                'required_scopes cannot be checked on OAuth client %r: it is a Client Credentials client, and scopes '
                'do not apply to such clients' % entries[0]['name'],
                cause='a Client Credentials client\'s access is the union of its roles\' permissions; no scope is '
                      'needed to get tokens (there is no "admin:oauth" scope)',
                fix='name the permissions the later tasks need in required_permissions instead, e.g. routing:queue:view')

        result = {'changed': False, 'clients': entries}
        for key in ('missing_permissions', 'missing_roles', 'missing_scopes', 'problems'):
            result[key] = union(entries, key)
        message = failure_message(entries, inventory)
        if message and params['fail_on_missing']:
            result.update(failed=True, msg=message)
        return result

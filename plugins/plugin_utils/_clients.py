# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading OAuth clients, roles and divisions. Internal to the collection, may change without notice.

Shared by oauth_client_info, oauth_client and credentials_check: one reader per task, with one
token, that reads each role and the division list at most once, and turns a 403 into a message
that names the permission the token's client lacks.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.utils.display import Display

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._paging import read_all
from ansible_collections.genesys.cloud.plugins.module_utils._permissions import policy_permissions

display = Display()

CLIENT_CREDENTIALS = 'CLIENT-CREDENTIALS'
UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def same_organization(expected, organization):
    """Whether ``expected`` (an org id, or a name in any case) names ``organization`` ({id, name})."""
    expected = str(expected).strip()
    return bool(organization) and (expected == organization.get('id') or
                                   expected.lower() == str(organization.get('name') or '').lower())


def is_uuid(value):
    return bool(UUID_RE.match(str(value or '')))


class Reader(object):
    """Reads clients, roles and divisions with one token; each role and the divisions only once."""

    def __init__(self, http, auth):
        self.http = http
        self.auth = auth
        self._roles = {}
        self._role_list = None
        self._divisions = None
        self._token_info = None

    def _get(self, path, permission, what, not_found=False):
        try:
            return self.http.api_json('GET', self.auth.endpoints.api_url, path, self.auth.token.access_token)
        except ApiError as exc:
            if exc.status == 404 and not_found:
                return None
            if exc.status == 403:
                raise self.forbidden(exc, permission, what)
            raise

    def _list(self, path, permission, what):
        try:
            return read_all(self.http, self.auth.endpoints.api_url, path, self.auth.token.access_token).entities
        except GenesysError as exc:  # a page after the first fails as a GenesysError naming the page
            if exc.status == 403:
                raise self.forbidden(exc, permission, what)
            raise

    def forbidden(self, exc, permission, what):
        who = 'client %s' % self.auth.client_id if self.auth.client_id else 'the token\'s client'
        return GenesysError(
            'The token may not read %s: %s lacks the permission %s (%s)' % (what, who, permission, exc.what),
            cause='none of the client\'s roles grants %s' % permission,
            fix='give the client a role with %s; to check only which org and client a token belongs to, use '
                'genesys.cloud.token_info, which needs no permission' % permission,
            status=exc.status, code=exc.code, context_id=exc.context_id, url=exc.url)

    def token_info(self):
        """GET /api/v2/tokens/me (facts §3: needs no permission)."""
        if self._token_info is None:
            self._token_info = self.http.api_json('GET', self.auth.endpoints.api_url, '/api/v2/tokens/me',
                                                  self.auth.token.access_token) or {}
        return self._token_info

    def token_client(self):
        """The token's OAuthClient as TokenInfo gives it (id, name, grant type, roleDivisions, state)."""
        return self.token_info().get('OAuthClient') or {}

    def token_client_id(self):
        return self.token_client().get('id')

    def client(self, client_id):
        return self._get('/api/v2/oauth/clients/%s' % client_id, 'oauth:client:view', 'OAuth clients', not_found=True)

    def clients(self):
        return self._list('/api/v2/oauth/clients', 'oauth:client:view', 'OAuth clients')

    def role(self, role_id):
        if role_id not in self._roles:
            self._roles[role_id] = self._get('/api/v2/authorization/roles/%s' % role_id, 'authorization:role:view',
                                             'roles', not_found=True)
        return self._roles[role_id]

    def roles(self):
        """Every role of the org (each then known by id without another request)."""
        if self._role_list is None:
            self._role_list = self._list('/api/v2/authorization/roles', 'authorization:role:view', 'roles')
            for role in self._role_list:
                self._roles.setdefault(role.get('id'), role)
        return self._role_list

    def divisions(self):
        if self._divisions is None:
            self._divisions = self._list('/api/v2/authorization/divisions', 'authorization:division:view', 'divisions')
        return self._divisions

    def division_names(self):
        """{division id: name}; empty, with a warning, when the token may not read divisions."""
        try:
            return dict((d.get('id'), d.get('name')) for d in self.divisions())
        except GenesysError as exc:
            if exc.status != 403:
                raise
            display.warning('genesys.cloud: division names are unknown: the token lacks authorization:division:view.')
            self._divisions = []
            return {}


def granted_roles(reader, grants):
    """The roles of role grants ([{roleId, divisionId}]), each read once, and the union of their permissions.
    Returns ([(grant, role or {})], set of permissions)."""
    roles, permissions = [], set()
    for grant in grants:
        role = reader.role(grant.get('roleId')) or {}
        roles.append((grant, role))
        permissions.update(policy_permissions(role.get('permissionPolicies')))
    return roles, permissions


def describe_client(reader, client):
    """A client with its roles, their divisions and the union of their permissions."""
    grants = client.get('roleDivisions') or [{'roleId': r} for r in client.get('roleIds') or []]
    divisions = reader.division_names() if grants else {}
    granted, permissions = granted_roles(reader, grants)
    roles = []
    for grant, role in granted:
        division_id = grant.get('divisionId')
        roles.append({'id': grant.get('roleId'), 'name': role.get('name'), 'division_id': division_id,
                      'division_name': 'All divisions' if division_id == '*' else divisions.get(division_id)})
    return {
        'id': client.get('id'),
        'name': client.get('name'),
        'description': client.get('description'),
        'authorized_grant_type': client.get('authorizedGrantType'),
        'state': client.get('state'),
        'access_token_validity_seconds': client.get('accessTokenValiditySeconds'),
        'scope': client.get('scope') or [],
        'registered_redirect_uri': client.get('registeredRedirectUri') or [],
        'date_to_delete': client.get('dateToDelete'),
        'roles': roles,
        'permissions': sorted(permissions),
    }

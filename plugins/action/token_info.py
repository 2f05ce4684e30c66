# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.token_info (documentation in plugins/modules/token_info.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, GenesysError, TokenRequestError
from ansible_collections.genesys.cloud.plugins.module_utils._token import iso_utc
from ansible_collections.genesys.cloud.plugins.module_utils._options import TOKEN_FACT_OPTION
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction
from ansible_collections.genesys.cloud.plugins.plugin_utils._clients import same_organization


def describe_token_info(body):
    """GET /api/v2/tokens/me (TokenInfo, facts §3) with snake_case keys."""
    client = body.get('OAuthClient') or {}
    return {
        'organization': body.get('organization'),
        'home_organization': body.get('homeOrganization'),
        'oauth_client': camel_dict_to_snake_dict(dict((k, v) for k, v in client.items() if k != 'selfUri')) if client else None,
        'authorized_scope': body.get('authorizedScope') or [],
    }


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        TOKEN_FACT_OPTION,
        expected_organization=dict(type='str'),
        min_ttl=dict(type='int'),
        fail_on_invalid=dict(type='bool', default=True),
    )

    def execute(self, params, http, task_vars):
        try:
            auth = self.authenticate(params, http, task_vars, fact_name=params['fact_name'])
        except TokenRequestError as exc:
            return self._invalid(params, exc, source='client_credentials')
        result = {'changed': False, 'token_source': auth.source, 'api_url': auth.endpoints.api_url,
                  'expires_at': iso_utc(auth.token.expires_at)}
        left = auth.token.seconds_left()
        result['expires_in'] = None if left is None else max(0, int(left))
        try:
            body = http.api_json('GET', auth.endpoints.api_url, '/api/v2/tokens/me', auth.token.access_token) or {}
        except ApiError as exc:
            if exc.status != 401:
                raise
            return self._invalid(params, exc, source=auth.source, extra=result)
        result.update(describe_token_info(body))
        result['valid'] = True

        expected = params.get('expected_organization')
        if expected and not same_organization(expected, result['organization']):
            org = result['organization'] or {}
            raise GenesysError(
                'The token belongs to the organization %s (%s), not to %s' % (org.get('name'), org.get('id'), expected),
                cause='the credentials or the token are those of another org (another environment, or another region)',
                fix='use the credentials of the expected org, or correct expected_organization')
        if params.get('min_ttl') is not None and left is not None and left < params['min_ttl']:
            raise GenesysError(
                'The token has %d seconds left, less than min_ttl (%d)' % (left, params['min_ttl']),
                cause='it was issued long ago, or the client\'s token lifetime is short',
                fix='get a fresh token with genesys.cloud.oauth_token (its min_ttl replaces tokens with too little life)')
        return result

    def _invalid(self, params, exc, source, extra=None):
        """An invalid token (or credentials that get none): fail, or report valid=false."""
        if isinstance(exc, ApiError):
            exc = ApiError('The token is not valid (%s)' % exc.what, cause=exc.cause, fix=exc.fix, status=exc.status,
                           code=exc.code, context_id=exc.context_id, url=exc.url)
        if params['fail_on_invalid']:
            raise exc
        result = dict(extra or {})
        result.update({'changed': False, 'valid': False, 'token_source': source, 'reason': exc.message})
        return result

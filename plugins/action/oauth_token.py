# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.oauth_token (documentation in plugins/modules/oauth_token.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible import constants as C
from ansible.utils.display import Display

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._options import resolve_endpoints
from ansible_collections.genesys.cloud.plugins.module_utils._token import (
    Token,
    TokenStore,
    obtain_token,
    token_fact,
)
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction
from ansible_collections.genesys.cloud.plugins.plugin_utils._auth import find_token_fact

display = Display()

# Fact caches that keep facts in the controller's memory only; any other writes them somewhere.
MEMORY_CACHES = ('memory', 'ansible.builtin.memory')


def persistent_fact_cache():
    """The configured fact cache plugin when it is persistent, else None."""
    plugin = C.config.get_config_value('CACHE_PLUGIN') or 'memory'
    return None if plugin in MEMORY_CACHES else plugin


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        min_ttl=dict(type='int', default=300),
        fact_name=dict(type='str', default='genesys_cloud_token'),
        allow_fact_in_persistent_cache=dict(type='bool', default=False),
    )

    def execute(self, params, http, task_vars):
        if params['min_ttl'] < 0:
            raise ConfigurationError('min_ttl must be 0 or more seconds, not %s' % params['min_ttl'], fix='leave it unset for 300')
        if not params['fact_name'].isidentifier():
            raise ConfigurationError('fact_name %r is not a valid variable name' % params['fact_name'],
                                     fix='use letters, digits and underscores, not starting with a digit')
        if params['state'] == 'absent':
            return self._revoke(params, http, task_vars)
        return self._present(params, http)

    def _present(self, params, http):
        endpoints = resolve_endpoints(params)
        if params.get('access_token'):
            # A ready token: check that it works (HEAD /api/v2/tokens/me needs no permission,
            # facts §3) so that a bad one fails here and not three tasks later.
            token = Token(params['access_token'])
            http.api('HEAD', endpoints.api_url, '/api/v2/tokens/me', token.access_token)
            client_id, reused = None, False
        else:
            token, reused = obtain_token(http, endpoints, params, params['min_ttl'], TokenStore.for_run())
            client_id = params['client_id']
            if not reused and token.expires_in is not None and token.expires_in < params['min_ttl']:
                display.warning(
                    'genesys.cloud.oauth_token: the tokens of client %s live %s seconds, less than min_ttl (%s), so '
                    'every task will request a new token. Lower min_ttl, or raise the client\'s token lifetime.'
                    % (client_id, token.expires_in, params['min_ttl']))
        fact = token_fact(token, endpoints, client_id)
        result = {'changed': False, 'token': fact, 'reused': reused,
                  # The result holds the token: hide it from every callback, at every verbosity.
                  # register and the fact still receive it (strategy code uses the raw result).
                  '_ansible_no_log': True}
        self._set_fact(result, params, fact)
        return result

    def _set_fact(self, result, params, value):
        cache = persistent_fact_cache()
        if value is not None and cache and not params['allow_fact_in_persistent_cache']:
            # display, not the result's warnings: older ansible-core drops those from a no_log result.
            display.warning(
                'genesys.cloud.oauth_token did not set the fact %s: the fact cache plugin %r would write the bearer '
                'token to persistent storage. Use register on this task and pass the registered token.access_token '
                'to later tasks, or set allow_fact_in_persistent_cache: true if that storage is protected.'
                % (params['fact_name'], cache))
            return
        result['ansible_facts'] = {params['fact_name']: value}

    def _revoke(self, params, http, task_vars):
        access_token = params.get('access_token')
        if access_token:
            api_url = resolve_endpoints(params).api_url
        else:
            fact = find_token_fact(task_vars, params['fact_name'])
            if not fact:
                return {'changed': False, 'revoked': False,
                        'msg': 'No token to revoke: access_token is not set and the fact %s holds none.' % params['fact_name']}
            # The token belongs to the API host that its fact names, whatever the options say.
            access_token, api_url = fact['access_token'], fact.get('api_url') or resolve_endpoints(params).api_url
        if self._task.check_mode:
            return {'changed': True, 'revoked': False, 'msg': 'The token would be revoked (check mode).'}
        try:
            http.api('DELETE', api_url, '/api/v2/tokens/me', access_token)
            revoked = True
        except ApiError as exc:
            if exc.status != 401:
                raise
            revoked = False  # already expired or revoked: the state asked for holds
        TokenStore.for_run().forget(access_token)
        result = {'changed': revoked, 'revoked': revoked,
                  'msg': 'The token was revoked.' if revoked else 'The token was already invalid (expired or revoked).'}
        self._set_fact(result, params, None)
        return result

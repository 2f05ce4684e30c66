# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The base of the collection's action plugins. Internal to the collection, may change without notice.

The modules of this collection talk to a remote API, not to the managed host, so their work runs
here on the controller, in the action plugin's own process: no delegate_to, no module packaging
and start-up per task, and one place (this class) that validates the options, opens the HTTP
client, and turns every GenesysError into a failed result whose message contains no secret.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.genesys.cloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._http import GenesysHttp
from ansible_collections.genesys.cloud.plugins.module_utils._options import (
    Endpoints,
    connection_argument_spec,
    endpoint_chosen,
    resolve_endpoints,
    validate_common,
)
from ansible_collections.genesys.cloud.plugins.module_utils._token import Token, TokenStore, obtain_token

# A token with less life than this is never used to start an API call (GOSDK renews 60 s before expiry).
API_CALL_MIN_TTL = 60


class Auth(object):
    """The token an API task uses, where its API is, and where the token came from."""

    def __init__(self, token, endpoints, client_id, source):
        self.token = token
        self.endpoints = endpoints
        self.client_id = client_id
        self.source = source  # 'access_token', 'fact' or 'client_credentials'


class GenesysAction(ActionBase):
    """Subclasses set MODULE_OPTIONS (their own options) and implement ``execute``."""

    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False
    TRANSFERS_FILES = False

    MODULE_OPTIONS = {}

    @classmethod
    def argument_spec(cls):
        spec = connection_argument_spec()
        spec.update(cls.MODULE_OPTIONS)
        return spec

    def run(self, tmp=None, task_vars=None):
        result = super(GenesysAction, self).run(tmp, task_vars)
        validation, params = self.validate_argument_spec(argument_spec=self.argument_spec())
        secrets = set(validation._no_log_values)
        http = None
        try:
            validate_common(params)
            http = GenesysHttp.from_params(params)
            result.update(self.execute(params, http, task_vars or {}))
        except GenesysError as exc:
            result.update(exc.to_result())
        finally:
            if http is not None:
                http.close()
        if result.get('failed'):
            # Defence in depth: a failure is shown to people, so no secret value may survive in it.
            result = remove_values(result, secrets)
        return result

    def execute(self, params, http, task_vars):  # pragma: no cover - abstract
        raise NotImplementedError

    @staticmethod
    def token_fact(task_vars, fact_name='genesys_cloud_token'):
        fact = task_vars.get(fact_name)
        if fact is None:
            fact = (task_vars.get('ansible_facts') or {}).get(fact_name)
        return fact if isinstance(fact, dict) and fact.get('access_token') else None

    def authenticate(self, params, http, task_vars, fact_name='genesys_cloud_token', min_ttl=API_CALL_MIN_TTL):
        """The token for an API task, in this order:

        1. ``access_token`` when given;
        2. the token fact of an earlier oauth_token task, when it has at least ``min_ttl`` seconds
           left, is for the API base the options choose (any, when they choose none) and for the
           client they name (any, when they name none): a play that ran oauth_token once needs no
           connection options on later tasks;
        3. a client-credentials token, through the run's token store (one per run).
        """
        if params.get('access_token'):
            return Auth(Token(params['access_token']), resolve_endpoints(params), None, 'access_token')
        fact = self.token_fact(task_vars, fact_name)
        if fact and fact.get('api_url'):
            token = Token.from_fact(fact)
            left = token.seconds_left()
            fits_endpoint = not endpoint_chosen(params) or resolve_endpoints(params).api_url == fact['api_url']
            fits_client = not params.get('client_id') or params['client_id'] == fact.get('client_id')
            if (left is None or left >= min_ttl) and fits_endpoint and fits_client:
                endpoints = Endpoints(fact['api_url'], fact.get('login_url'), fact.get('region'))
                return Auth(token, endpoints, fact.get('client_id'), 'fact')
        endpoints = resolve_endpoints(params)
        token = obtain_token(http, endpoints, params, min_ttl, TokenStore.for_run())[0]
        return Auth(token, endpoints, params['client_id'], 'client_credentials')

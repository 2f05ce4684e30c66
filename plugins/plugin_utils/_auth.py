# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which token an API task or lookup uses. Internal to the collection, may change without notice."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError
from ansible_collections.genesys.cloud.plugins.module_utils._options import Endpoints, endpoint_chosen, resolve_endpoints
from ansible_collections.genesys.cloud.plugins.module_utils._token import Token, TokenStore, obtain_token

# A token with less life than this is never used to start an API call (GOSDK renews 60 s before expiry).
API_CALL_MIN_TTL = 60


class Auth(object):
    """The token to use, where its API is, and where the token came from."""

    def __init__(self, token, endpoints, client_id, source):
        self.token = token
        self.endpoints = endpoints
        self.client_id = client_id
        self.source = source  # 'access_token', 'fact' or 'client_credentials'


def find_token_fact(variables, fact_name='genesys_cloud_token'):
    """The token fact set by oauth_token, from task variables, or None."""
    fact = variables.get(fact_name)
    if fact is None:
        fact = (variables.get('ansible_facts') or {}).get(fact_name)
    return fact if isinstance(fact, dict) and fact.get('access_token') else None


def authenticate(params, http, variables, fact_name='genesys_cloud_token', min_ttl=API_CALL_MIN_TTL):
    """The token to use, in this order:

    1. ``access_token`` when given;
    2. the token fact of an earlier oauth_token task, when it has at least ``min_ttl`` seconds
       left, is for the API base the options choose (any, when they choose none) and for the
       client they name (any, when they name none): a play that ran oauth_token once needs no
       connection options on later tasks;
    3. a client-credentials token, through the run's token store (one per run).
    """
    if params.get('access_token'):
        return Auth(Token(params['access_token']), resolve_endpoints(params), None, 'access_token')
    fact = find_token_fact(variables, fact_name)
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


def with_renewal(auth, params, http, operation):
    """Run ``operation(auth)``. After a 401, when the token came from client credentials (directly
    or through the fact) and the credentials are at hand, get one fresh token and run it once more:
    the token was revoked or expired early. A 401 changes nothing on the server, so even a write is
    safe to send again. A token the user gave in access_token is never replaced."""
    try:
        return operation(auth)
    except ApiError as exc:
        if exc.status != 401:
            raise
        if auth.source == 'access_token':
            raise ApiError(exc.what, cause=exc.cause, fix='give a valid token in access_token (a given token is never '
                           'renewed automatically), or use client credentials instead', status=exc.status, code=exc.code,
                           context_id=exc.context_id, url=exc.url)
        if not (params.get('client_id') and params.get('client_secret')) or not auth.endpoints.login_url:
            raise ApiError(exc.what, cause=exc.cause, fix='run genesys.cloud.oauth_token again, or give client_id and '
                           'client_secret so that a refused token can be renewed', status=exc.status, code=exc.code,
                           context_id=exc.context_id, url=exc.url)
    store = TokenStore.for_run()
    store.forget(auth.token.access_token)
    http.log('the token was refused (401); getting a fresh one and trying once more')
    token = obtain_token(http, auth.endpoints, params, API_CALL_MIN_TTL, store)[0]
    return operation(Auth(token, auth.endpoints, params['client_id'], 'client_credentials'))

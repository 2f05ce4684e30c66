# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of genesys.cloud.api (documentation in plugins/modules/api.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

try:
    import jmespath
    HAS_JMESPATH = True
except ImportError:  # pragma: no cover - depends on the environment
    HAS_JMESPATH = False

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._http import decode_body, response_headers
from ansible_collections.genesys.cloud.plugins.module_utils._paging import read_all
from ansible_collections.genesys.cloud.plugins.module_utils._options import TOKEN_FACT_OPTION
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import GenesysAction

READS = ('GET', 'HEAD')
_PATH_RE = re.compile(r'^/api/v2/[A-Za-z0-9._~%!$&\'()*+,;=:@/-]*$')


def check_path(path):
    """Refuse a path that could send the token anywhere but the API host's /api/v2."""
    if re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', path or '') or (path or '').startswith('//'):
        raise ConfigurationError('path %r is a URL; the token is only ever sent to the API host' % path,
                                 fix='give the path alone, e.g. /api/v2/routing/queues, and set api_url for another host')
    if '?' in path or '#' in path:
        raise ConfigurationError('path %r has a query string' % path, fix='put query parameters in the query option')
    if not _PATH_RE.match(path):
        raise ConfigurationError('path %r is not a Genesys Cloud API path' % path,
                                 fix='start it with /api/v2/, e.g. /api/v2/routing/queues')
    if any(segment in ('.', '..') for segment in unquote(path).split('/')):
        raise ConfigurationError('path %r has a "." or ".." segment' % path, fix='write the path without them')


class ActionModule(GenesysAction):

    MODULE_OPTIONS = dict(
        TOKEN_FACT_OPTION,
        path=dict(type='str', required=True),
        method=dict(type='str', default='GET', choices=['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
        query=dict(type='dict'),
        body=dict(type='raw'),
        status_code=dict(type='list', elements='int'),
        paginate=dict(type='bool', default=False),
        page_size=dict(type='int', default=100),
        max_pages=dict(type='int'),
        max_concurrent_pages=dict(type='int', default=4),
        select=dict(type='str'),
    )

    def execute(self, params, http, task_vars):
        method = params['method']
        expression = self._check(params)
        if method not in READS and self._task.check_mode:
            return {'changed': True, 'msg': 'Not sent in check mode: %s %s' % (method, params['path'])}

        auth = self.authenticate(params, http, task_vars, fact_name=params['fact_name'])
        result = self.with_renewal(auth, params, http, lambda current: self._call(params, http, current))
        if expression is not None:
            result['selected'] = expression.search(result['entities'] if params['paginate'] else result['json'])
        return result

    @staticmethod
    def _call(params, http, auth):
        method, path = params['method'], params['path']
        api_url, token = auth.endpoints.api_url, auth.token.access_token
        if params['paginate']:
            listing = read_all(http, api_url, path, token, query=params['query'], page_size=params['page_size'],
                               max_pages=params['max_pages'], concurrency=params['max_concurrent_pages'])
            response = listing.first_response
            result = {'json': listing.first_body, 'entities': listing.entities, 'pages': listing.pages}
        else:
            response = http.api(method, api_url, path, token, params=params['query'], json_body=params['body'],
                                ok_statuses=params['status_code'])
            result = {'json': decode_body(response, method, api_url + path)}
        result.update(status=response.status_code, headers=response_headers(response), url=api_url + path,
                      changed=method not in READS and 200 <= response.status_code < 300)
        return result

    def _check(self, params):
        """Refuse, before anything is sent, what cannot work; return the compiled select expression."""
        check_path(params['path'])
        if params['body'] is not None:
            if not isinstance(params['body'], (dict, list)):
                kind = 'a string' if isinstance(params['body'], str) else 'a %s' % type(params['body']).__name__
                raise ConfigurationError('body must be a dict or a list, to be sent as JSON; it is %s' % kind,
                                         fix='give the body as YAML (a mapping or a list), not as text')
            try:
                json.dumps(params['body'])
            except (TypeError, ValueError) as exc:
                raise ConfigurationError('body cannot be sent as JSON: %s' % exc, fix='give plain dicts, lists, strings and numbers')
            if params['method'] in READS:
                raise ConfigurationError('body is set on a %s request, which has no body' % params['method'],
                                         fix='use query for parameters, or a method that takes a body')
        if params['paginate']:
            if params['method'] != 'GET':
                raise ConfigurationError('paginate needs method GET', fix='only listings are paginated')
            if params['page_size'] < 1:
                raise ConfigurationError('page_size must be 1 or more', fix='leave it unset for 100')
            if params['status_code']:
                raise ConfigurationError('status_code cannot be used with paginate', fix='a listing either reads to its end or fails')
        if params['max_pages'] is not None and params['max_pages'] < 1:
            raise ConfigurationError('max_pages must be 1 or more', fix='leave it unset to read every page')
        if params['max_concurrent_pages'] < 1:
            raise ConfigurationError('max_concurrent_pages must be 1 or more', fix='leave it unset for 4')
        if params['select'] is None:
            return None
        if not HAS_JMESPATH:
            raise ConfigurationError('select needs the Python library jmespath on the controller',
                                     fix='pip install jmespath (it is in the collection\'s requirements.txt)')
        try:
            return jmespath.compile(params['select'])
        except jmespath.exceptions.JMESPathError as exc:
            raise ConfigurationError('select %r is not a JMESPath expression: %s' % (params['select'], exc),
                                     fix='see https://jmespath.org for the syntax, e.g. "[].{id: id, name: name}"')

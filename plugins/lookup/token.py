# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: token
short_description: A Genesys Cloud access token, for tasks that call the API with ansible.builtin.uri
version_added: 0.1.0
description:
  - Returns an access token, found in the same order as M(genesys.cloud.api) finds one, O(access_token), else
    the token fact of M(genesys.cloud.oauth_token) when it has at least 60 seconds left, else a
    client-credentials token shared with the rest of the run (one token request per run, whatever the
    number of hosts and uses).
  - Options come from keyword arguments, from terms written as C(option=value), or from the
    C(GENESYSCLOUD_*) environment variables.
  - B(The lazy-templating trap.) A lookup in C(vars:) is not run once; it runs again every time the
    variable is used, in every task and for every host. With this lookup that costs no new token (the run's
    token is reused) but it does cost a look at the token store each time, and a token fact of the play is
    not seen where the variable is templated before the fact exists. To get the token once, run
    M(genesys.cloud.oauth_token) and use its fact, or store the lookup's result with M(ansible.builtin.set_fact).
  - The token is a secret. Tasks that put it in their arguments (C(uri) with an C(Authorization) header)
    need C(no_log=true), since Ansible shows task arguments at C(-vvv) and in failures.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  _terms:
    description:
      - Options written as C(option=value), for example C(region=eu-west-1). Keyword arguments win over terms.
    type: list
    elements: str
    required: false
extends_documentation_fragment:
  - genesys.cloud.connection.plugins
  - genesys.cloud.connection.token_fact
seealso:
  - module: genesys.cloud.oauth_token
  - module: genesys.cloud.api
'''

EXAMPLES = r'''
- name: Call an API with uri and a token from the lookup (credentials from GENESYSCLOUD_* variables)
  ansible.builtin.uri:
    url: https://api.mypurecloud.ie/api/v2/organizations/me
    headers:
      Authorization: "Bearer {{ lookup('genesys.cloud.token', region='eu-west-1') }}"
  no_log: true  # the task's arguments hold the token

- name: Options as terms
  ansible.builtin.set_fact:
    genesys_bearer: "{{ lookup('genesys.cloud.token', 'region=eu-west-1', 'timeout=10') }}"
  no_log: true
'''

RETURN = r'''
_raw:
  description: A list with one element, the access token.
  type: list
  elements: str
'''

from ansible.errors import AnsibleLookupError
from ansible.parsing.splitter import parse_kv
from ansible.plugins.lookup import LookupBase

from ansible_collections.genesys.cloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._http import GenesysHttp
from ansible_collections.genesys.cloud.plugins.module_utils._options import CONNECTION_OPTIONS, validate_common
from ansible_collections.genesys.cloud.plugins.plugin_utils._action import verbose_log
from ansible_collections.genesys.cloud.plugins.plugin_utils._auth import authenticate


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        direct = {}
        for term in terms or []:
            parsed = parse_kv(term)
            if not parsed or '_raw_params' in parsed:
                raise AnsibleLookupError('genesys.cloud.token: the term %r is not option=value' % term)
            direct.update(parsed)
        direct.update(kwargs)
        self.set_options(var_options=variables, direct=direct)
        params = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        http = None
        try:
            validate_common(params)
            http = GenesysHttp.from_params(params, log=verbose_log)
            auth = authenticate(params, http, variables or {}, self.get_option('fact_name'))
        except GenesysError as exc:
            raise AnsibleLookupError('genesys.cloud.token: %s' % exc.message)
        finally:
            if http is not None:
                http.close()
        return [auth.token.access_token]

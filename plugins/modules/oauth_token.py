#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/oauth_token.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: oauth_token
short_description: Get a Genesys Cloud OAuth client-credentials token and set it as a fact
version_added: 0.1.0
description:
  - Requests an access token from the Genesys Cloud token endpoint with the OAuth2 client-credentials
    grant, exactly as Genesys documents it, C(POST https://login.<domain>/oauth/token) with the client id and
    secret in an HTTP Basic header and the body C(grant_type=client_credentials).
  - Returns the token with its expiry, API URL and region, and sets it as the host fact named by
    O(fact_name) so that later tasks can use C({{ genesys_cloud_token.access_token }}) and
    C({{ genesys_cloud_token.api_url }}).
  - One token serves the whole run. A play over many hosts that runs this task on each of them makes
    one token request while that token has at least O(min_ttl) seconds left, also when forks ask at the
    same moment. Between forks the token is kept in a directory only the current user can read
    (C($XDG_RUNTIME_DIR) or the temporary directory, C(genesys-cloud-tokens-<uid>/run-<pid>), files 0600);
    the client secret is never stored. The directory is removed by the next run once this run has ended,
    and a revoked token is removed at once.
  - The task runs on the controller whatever the play's hosts are; no C(delegate_to) is needed.
  - The token and the secret never appear in the task's output, at any verbosity. The task's result is
    therefore hidden from callbacks, like a C(no_log) task; use the fact or O(ignore:register) to read it.
  - Getting a token reports C(changed=false). With O(state=absent) the token is revoked.
  - A Client Credentials client needs no scope to get a token; what its token may do comes from the
    roles assigned to the client.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  state:
    description:
      - V(present) gets a token (or reuses one of this run).
      - V(absent) revokes the token given in O(access_token), else the one in the fact O(fact_name),
        with C(DELETE /api/v2/tokens/me), removes it from the run's token store, and sets the fact to null. A token that is already invalid is not
        an error (C(changed=false)).
    type: str
    choices: [present, absent]
    default: present
  min_ttl:
    description:
      - The least life, in seconds, a token of this run must have left to be reused; a token with less
        left is replaced by a fresh one.
      - Genesys client-credentials tokens live as long as the client's C(accessTokenValiditySeconds),
        86400 seconds unless changed.
    type: int
    default: 300
  fact_name:
    description:
      - The name of the host fact to set to the token.
    type: str
    default: genesys_cloud_token
  allow_fact_in_persistent_cache:
    description:
      - Facts set by modules are written to the fact cache. With a persistent cache plugin
        (C(jsonfile), C(redis), ...) that would put the bearer token on disk or in a database, so by
        default the fact is then not set, a warning says so, and the token is only in the registered
        result (use O(ignore:register)).
      - Set to V(true) to set the fact even with a persistent fact cache.
    type: bool
    default: false
extends_documentation_fragment:
  - genesys.cloud.connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.conn
  - ansible.builtin.action_common_attributes.flow
  - genesys.cloud.attributes
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
    details: Getting a token changes nothing and runs in check mode too. O(state=absent) does not revoke in check mode.
  facts:
    support: full
requirements:
  - requests (on the controller)
notes:
  - The token is requested from C(login.<domain>), never from C(api.<domain>); a O(login_url) on an C(api.) host
    is refused before anything is sent.
  - Every failure says what failed, the likely cause and what to do, for example a client that lives in
    another region, a regenerated secret, a client whose grant type is not Client Credentials, or token
    creation being rate limited.
seealso:
  - name: Use client credentials (Genesys Cloud Developer Center)
    description: How the client-credentials grant works.
    link: https://developer.genesys.cloud/api/rest/authorization/use-client-credentials
'''

EXAMPLES = r'''
- name: Get a token for the org's region (credentials from GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET)
  genesys.cloud.oauth_token:
    region: eu-west-1

- name: Use the token fact in a later task
  ansible.builtin.uri:
    url: "{{ genesys_cloud_token.api_url }}/api/v2/organizations/me"
    headers:
      Authorization: "Bearer {{ genesys_cloud_token.access_token }}"
  no_log: true  # the task's arguments hold the token
  register: org

- name: Give the credentials once for every task of the collection
  module_defaults:
    group/genesys.cloud.all:
      client_id: "{{ vault_genesys_client_id }}"
      client_secret: "{{ vault_genesys_client_secret }}"
      region: mypurecloud.de
  block:
    - name: Get a token (one request for the whole run, whatever the number of hosts)
      genesys.cloud.oauth_token:

- name: Through an API gateway that fronts both Genesys hosts
  genesys.cloud.oauth_token:
    api_url: https://gateway.example.com/genesys/api
    login_url: https://gateway.example.com/genesys/login
    ca_path: /etc/pki/tls/certs/corporate-ca.pem

- name: Keep the token in a registered variable rather than a fact
  genesys.cloud.oauth_token:
  register: login

- name: Revoke the token at the end
  genesys.cloud.oauth_token:
    state: absent
'''

RETURN = r'''
token:
  description:
    - The token and where to use it; the same dict is set as the fact O(fact_name).
    - Not returned with O(state=absent).
  returned: success
  type: dict
  contains:
    access_token:
      description: The bearer token. Never shown in output; keep it out of logs.
      type: str
      returned: always
    token_type:
      description: The token type, V(bearer).
      type: str
      returned: always
    expires_in:
      description: Seconds of life the token had left when the task ended; null for a token given in O(access_token).
      type: int
      returned: always
      sample: 86399
    expires_at:
      description: When the token expires, ISO 8601 in UTC; null for a token given in O(access_token).
      type: str
      returned: always
      sample: '2026-12-05T20:03:53Z'
    api_url:
      description: The API base URL to call with this token.
      type: str
      returned: always
      sample: https://api.mypurecloud.ie
    login_url:
      description: The base URL of the token endpoint that issued it.
      type: str
      returned: always
      sample: https://login.mypurecloud.ie
    region:
      description: The region name, or null when custom URLs name none.
      type: str
      returned: always
      sample: eu-west-1
    client_id:
      description: The OAuth client id the token was issued to; null for a token given in O(access_token).
      type: str
      returned: always
reused:
  description: Whether a token already fetched in this run was reused instead of requesting a new one.
  returned: when O(state=present)
  type: bool
revoked:
  description: Whether a token was revoked (false when it was already invalid, or in check mode).
  returned: when O(state=absent)
  type: bool
'''

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/token_info.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: token_info
short_description: Check a Genesys Cloud token and tell which organization and OAuth client it belongs to
version_added: 0.1.0
description:
  - Checks a token with C(GET /api/v2/tokens/me), which needs no permission, and returns whether it is valid,
    its organization, its OAuth client (with grant type, state and role grants) and its scopes.
  - The token checked is O(access_token) when given; else the fact set by M(genesys.cloud.oauth_token) when it
    has at least 60 seconds left and is for the API the options choose; else one obtained with the client
    credentials (shared with the rest of the run, like M(genesys.cloud.oauth_token) does).
  - Use it at the start of a pipeline to prove that credentials work and belong to the expected org before
    anything is deployed.
  - Read-only; runs in check mode.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  expected_organization:
    description:
      - The organization the token must belong to, by id or by name (names compare without regard to case).
        The task fails, naming both organizations, when the token belongs to another.
    type: str
  min_ttl:
    description:
      - The least life, in seconds, the token must have left. The task fails when it has less.
      - Checked only when the expiry is known (a token from client credentials or from the fact; not a bare
        O(access_token)).
    type: int
  fail_on_invalid:
    description:
      - When V(true), an invalid, expired or revoked token (or credentials that get no token) fails the task.
      - When V(false), the task returns RV(valid=false) and RV(reason) instead.
    type: bool
    default: true
extends_documentation_fragment:
  - genesys.cloud.connection
  - genesys.cloud.connection.token_fact
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.conn
  - ansible.builtin.action_common_attributes.flow
  - genesys.cloud.attributes
requirements:
  - requests (on the controller)
seealso:
  - module: genesys.cloud.oauth_token
  - module: genesys.cloud.oauth_client_info
'''

EXAMPLES = r'''
- name: Get a token for the run
  genesys.cloud.oauth_token:

- name: Prove it belongs to the production org and lives long enough for the deployment
  genesys.cloud.token_info:
    expected_organization: Example Corp Production
    min_ttl: 3600
  register: token

- name: Show which client the pipeline runs as
  ansible.builtin.debug:
    msg: "{{ token.oauth_client.name }} in {{ token.organization.name }}"

- name: Check a token given by another system, without failing
  genesys.cloud.token_info:
    access_token: "{{ vault_genesys_token }}"
    region: eu-central-1
    fail_on_invalid: false
  register: given

- name: Report an invalid token
  ansible.builtin.debug:
    msg: "{{ given.reason }}"
  when: not given.valid
'''

RETURN = r'''
valid:
  description: Whether the token works.
  returned: always
  type: bool
reason:
  description: Why the token is not valid, for people.
  returned: when RV(valid) is false
  type: str
token_source:
  description: Where the checked token came from.
  returned: always
  type: str
  choices: [access_token, fact, client_credentials]
api_url:
  description: The API base URL the token was checked against.
  returned: when a token was found
  type: str
expires_at:
  description: When the token expires, ISO 8601 in UTC; null when unknown (a bare O(access_token)).
  returned: when a token was found
  type: str
expires_in:
  description: Seconds of life left; null when unknown.
  returned: when a token was found
  type: int
organization:
  description: The organization the token belongs to.
  returned: when RV(valid)
  type: dict
  contains:
    id:
      description: The organization id.
      type: str
      returned: always
    name:
      description: The organization name.
      type: str
      returned: always
home_organization:
  description: The home organization of the token (differs from RV(organization) for a cloned-user token).
  returned: when RV(valid)
  type: dict
oauth_client:
  description: The OAuth client that the token was issued to, from C(TokenInfo.OAuthClient), keys in snake_case.
  returned: when RV(valid)
  type: dict
  contains:
    id:
      description: The client id.
      type: str
      returned: always
    name:
      description: The client name.
      type: str
      returned: always
    authorized_grant_type:
      description: The grant type, V(CLIENT-CREDENTIALS) for the clients this collection logs in with.
      type: str
      returned: always
    state:
      description: The client state, V(active), V(disabled) or V(inactive).
      type: str
      returned: when known
    role_divisions:
      description: The client's role grants, each with C(role_id) and C(division_id).
      type: list
      elements: dict
      returned: when known
    organization:
      description: The organization of the client, with C(id) and C(name).
      type: dict
      returned: when known
authorized_scope:
  description: The scopes of the token. Empty for Client Credentials clients, whose access comes from roles.
  returned: when RV(valid)
  type: list
  elements: str
'''

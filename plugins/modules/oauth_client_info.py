#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/oauth_client_info.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: oauth_client_info
short_description: Inspect Genesys Cloud OAuth clients, their roles and permissions, and check them against what a playbook needs
version_added: 0.1.0
description:
  - Reads an OAuth client of the org (by default the one that owns the token), its roles with their divisions,
    and the union of its roles' permissions.
  - Checks the client against the permissions, roles and scopes that later tasks need, and reports problems
    that stop it from working (disabled or inactive, scheduled for deletion, a grant type other than Client
    Credentials, no roles). Fails, listing each, when anything is missing or a problem is found.
  - A Client Credentials client's API access is the union of its roles' permissions; scopes do not apply to it
    and none is needed to get tokens. Name what later tasks need in O(required_permissions).
  - Needs C(oauth:client:view) and C(authorization:role:view) (and C(authorization:division:view) for division
    names). Without them the task fails and names the missing permission; M(genesys.cloud.token_info) needs none.
  - Each role is read once, however many clients hold it.
  - The token used is O(access_token) when given; else the fact set by M(genesys.cloud.oauth_token); else one
    obtained with the client credentials.
  - Read-only; runs in check mode.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  client:
    description:
      - The client to inspect, by id or by name (an exact name first, then without regard to case).
      - V(*) inspects every client of the org. Problems are then reported but do not fail the task, since
        an org normally has disabled clients and clients of other grant types; missing requirements still do.
      - When not set, the client that owns the token.
    type: str
  required_permissions:
    description:
      - Permissions the client must have, as C(domain:entity:action), for example V(routing:queue:view).
      - A C(*) in the entity or action of a granted permission covers any value, so a role granting
        V(routing:queue:*) covers V(routing:queue:view).
    type: list
    elements: str
    default: []
  required_roles:
    description:
      - Roles the client must hold, by name (without regard to case) or id.
    type: list
    elements: str
    default: []
  required_scopes:
    description:
      - Scopes the client must have. Only for clients whose grant type is not Client Credentials; on a Client
        Credentials client the task fails and explains that its access comes from roles.
    type: list
    elements: str
    default: []
  fail_on_missing:
    description:
      - When V(false), report missing requirements and problems in the result without failing.
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
  - module: genesys.cloud.token_info
  - module: genesys.cloud.oauth_token
'''

EXAMPLES = r'''
- name: Get a token for the run
  genesys.cloud.oauth_token:

- name: Before deploying queues, prove the pipeline's client may manage them
  genesys.cloud.oauth_client_info:
    required_permissions:
      - routing:queue:view
      - routing:queue:add
      - routing:queue:edit

- name: Report, without failing, what another client lacks
  genesys.cloud.oauth_client_info:
    client: Reporting Integration
    required_roles:
      - Reporting Reader
    fail_on_missing: false
  register: reporting

- name: Show what is missing
  ansible.builtin.debug:
    msg: "{{ reporting.missing_roles + reporting.problems }}"

- name: List every client with its roles and permissions
  genesys.cloud.oauth_client_info:
    client: '*'
  register: all_clients
'''

RETURN = r'''
clients:
  description: The inspected clients.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The client id.
      type: str
      returned: always
    name:
      description: The client name.
      type: str
      returned: always
    description:
      description: The client description.
      type: str
      returned: always
    authorized_grant_type:
      description: V(CLIENT-CREDENTIALS), V(CODE), V(TOKEN), V(SAML2-BEARER) or V(PASSWORD).
      type: str
      returned: always
    state:
      description: V(active), V(disabled) or V(inactive).
      type: str
      returned: always
    access_token_validity_seconds:
      description: The lifetime of the client's tokens.
      type: int
      returned: always
    scope:
      description: The client's scopes (only for grants other than Client Credentials).
      type: list
      elements: str
      returned: always
    registered_redirect_uri:
      description: The client's redirect URIs (Code and Implicit grants).
      type: list
      elements: str
      returned: always
    date_to_delete:
      description: When the client will be deleted, if it is scheduled for deletion.
      type: str
      returned: always
    roles:
      description: The client's role grants, each with C(id), C(name), C(division_id) and C(division_name).
      type: list
      elements: dict
      returned: always
    permissions:
      description: The sorted union of the permissions of the client's roles, as C(domain:entity:action).
      type: list
      elements: str
      returned: always
      sample: [directory:user:view, routing:queue:*]
    missing_permissions:
      description: The required permissions this client lacks.
      type: list
      elements: str
      returned: always
    missing_roles:
      description: The required roles this client lacks.
      type: list
      elements: str
      returned: always
    missing_scopes:
      description: The required scopes this client lacks.
      type: list
      elements: str
      returned: always
    problems:
      description: What stops this client from working, for people.
      type: list
      elements: str
      returned: always
missing_permissions:
  description: The required permissions that an inspected client lacks.
  returned: always
  type: list
  elements: str
missing_roles:
  description: The required roles that an inspected client lacks.
  returned: always
  type: list
  elements: str
missing_scopes:
  description: The required scopes that an inspected client lacks.
  returned: always
  type: list
  elements: str
problems:
  description: The problems found with the inspected clients, for people.
  returned: always
  type: list
  elements: str
  sample: ["Client 'Old Integration' (6c0e...) is disabled: its tokens are invalid and it cannot get new ones; set it active in Admin > Integrations > OAuth."]
'''

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/oauth_client.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: oauth_client
short_description: Manage a Genesys Cloud OAuth client as code, its roles, and its secret
version_added: 0.2.0
description:
  - Creates, updates and deletes an OAuth client of the org, found by its O(name), and regenerates its secret.
  - Idempotent, with full check mode and C(--diff). Only the options that are set are managed; for example without
    O(roles) the client's roles are left as they are, and with O(roles) they become exactly the ones listed.
  - A Client Credentials client gets its API access from its O(roles); scopes do not apply to it. The other grant
    types act for a user and are limited by their O(scopes); roles do not apply to them. The wrong combination is
    refused before anything is sent.
  - Genesys Cloud lets a client grant only roles that it holds itself. The module checks that before sending
    anything and names each role the calling client lacks.
  - Only inactive clients can be deleted. With O(state=absent) the task fails on a client that is active or
    disabled, unless O(client_state=inactive) is also set, which deactivates the client and then deletes it.
  - The client whose token the task uses is never deleted, disabled, deactivated or given a new secret by it,
    since that would stop the play's own token from working.
  - A new secret (when a client is created, or with O(rotate_secret=true)) is returned in RV(secret) for storing
    elsewhere, for example in a vault. The whole result of such a task is then hidden from output at every
    verbosity, like a C(no_log) result; C(register) still receives it. Set C(no_log) on the tasks that use it.
  - Needs C(oauth:client:view), C(oauth:client:add) to create, C(oauth:client:edit) to update or regenerate the
    secret, C(oauth:client:delete) to delete, and C(authorization:role:view) and C(authorization:division:view)
    to resolve role and division names.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  name:
    description:
      - The name of the OAuth client; the client is found by it (exactly, including case).
      - When two clients of the org have this name, the task fails and lists their ids.
    type: str
    required: true
  description:
    description:
      - The client's description.
    type: str
  grant_type:
    description:
      - The OAuth grant type of the client, one of V(CLIENT-CREDENTIALS), V(CODE), V(TOKEN), V(SAML2-BEARER)
        or V(PASSWORD). Any case, and V(CLIENT_CREDENTIALS) with an underscore, are accepted.
      - Automation uses V(CLIENT-CREDENTIALS), the only grant that gets tokens with a client id and secret.
    type: str
    default: CLIENT-CREDENTIALS
    aliases: [authorized_grant_type]
  roles:
    description:
      - The roles of a Client Credentials client, each in a division. When set, the client's roles become exactly
        these; when not set, they are not changed. V([]) removes every role.
    type: list
    elements: dict
    suboptions:
      role:
        description:
          - The role, by name (an exact name first, then without regard to case) or id.
        type: str
        required: true
      division:
        description:
          - The division the role applies in, by name or id, or V(*) for all divisions.
          - When not set, the org's home division.
        type: str
  scopes:
    description:
      - The scopes of a client whose grant type is not Client Credentials, for example V(users:readonly). When set,
        the client's scopes become exactly these.
    type: list
    elements: str
  redirect_uris:
    description:
      - The registered redirect URIs of a Code or Token (implicit) grant client. When set, they become exactly these.
    type: list
    elements: str
  access_token_validity_seconds:
    description:
      - How long the client's tokens live, from V(300) (5 minutes) to V(172800) (48 hours).
      - When not set, a new client gets the Genesys Cloud default of 86400 (one day) and an existing one keeps its own.
    type: int
  client_state:
    description:
      - The client's own state. V(active) clients get tokens; the tokens of V(disabled) clients stop working and they
        get no new ones; V(inactive) clients get no tokens and can be deleted.
      - When not set, a new client is V(active) and an existing one keeps its state.
    type: str
    choices: [active, disabled, inactive]
  state:
    description:
      - V(present) creates or updates the client; V(absent) deletes it (see O(client_state) for clients that are
        not inactive yet).
    type: str
    default: present
    choices: [present, absent]
  rotate_secret:
    description:
      - Regenerate the client's secret and return the new one in RV(secret). The old secret stops working for new
        tokens at once; tokens already issued are not revoked by this module.
      - Always reports C(changed). Ignored when the client is created by this task (its secret is new already).
    type: bool
    default: false
extends_documentation_fragment:
  - genesys.cloud.connection
  - genesys.cloud.connection.token_fact
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.conn
  - ansible.builtin.action_common_attributes.flow
  - genesys.cloud.attributes
attributes:
  check_mode:
    support: full
    details: Nothing is sent but reads; the result says what would change.
  diff_mode:
    support: full
    details: Shows the managed fields before and after, with roles as names. Not shown when the result holds a secret.
requirements:
  - requests (on the controller)
seealso:
  - module: genesys.cloud.oauth_client_info
  - module: genesys.cloud.credentials_check
  - name: Genesys Cloud OAuth clients
    description: Creating and managing OAuth clients in Genesys Cloud.
    link: https://help.mypurecloud.com/articles/create-an-oauth-client/
'''

EXAMPLES = r'''
- name: An OAuth client for a deployment pipeline, with its roles
  genesys.cloud.oauth_client:
    name: Deploy Pipeline
    description: Used by the deployment pipeline; owned by the platform team
    roles:
      - role: Queue Manager
      - role: Automation Developer
        division: "*"
    access_token_validity_seconds: 3600
  register: pipeline_client
  no_log: true  # on creation the result holds the new secret

- name: Store the new secret in HashiCorp Vault (only when the client was just created)
  ansible.builtin.uri:
    url: https://vault.example.com/v1/secret/data/genesys/deploy-pipeline
    method: POST
    headers:
      X-Vault-Token: "{{ vault_token }}"
    body_format: json
    body:
      data:
        client_id: "{{ pipeline_client.client.id }}"
        client_secret: "{{ pipeline_client.secret }}"
  when: pipeline_client.secret is defined
  no_log: true

- name: Rotate the secret every quarter
  genesys.cloud.oauth_client:
    name: Deploy Pipeline
    rotate_secret: true
  register: rotated
  no_log: true

- name: A Code grant client for a web portal is limited by scopes, not roles
  genesys.cloud.oauth_client:
    name: Agent Portal
    grant_type: CODE
    scopes: [users:readonly, routing]
    redirect_uris: [https://portal.example.com/callback]

- name: Retire a client (deactivate, then delete)
  genesys.cloud.oauth_client:
    name: Old Integration
    state: absent
    client_state: inactive
'''

RETURN = r'''
changed:
  description: Whether the client was (or in check mode would be) created, updated, rotated or deleted.
  returned: always
  type: bool
actions:
  description: What was done, in order.
  returned: always
  type: list
  elements: str
  sample: [updated roleDivisions, state, secret rotated]
client:
  description:
    - The client after the task, as M(genesys.cloud.oauth_client_info) describes it, without its secret.
    - In check mode, the client as it would be (its C(id) is V(null) when it would be created).
    - With O(state=absent), the deleted client; V(null) when there was none.
  returned: always
  type: dict
  contains:
    id:
      description: The client id (the client_id of the Client Credentials grant).
      type: str
    name:
      description: The client name.
      type: str
    authorized_grant_type:
      description: The grant type.
      type: str
    state:
      description: V(active), V(disabled) or V(inactive).
      type: str
    access_token_validity_seconds:
      description: The lifetime of the client's tokens.
      type: int
    roles:
      description: The client's role grants, each with C(id), C(name), C(division_id) and C(division_name).
      type: list
      elements: dict
    permissions:
      description: The sorted union of the permissions of the client's roles.
      type: list
      elements: str
    scope:
      description: The client's scopes.
      type: list
      elements: str
secret:
  description:
    - The client's new secret. Store it elsewhere; Genesys Cloud does not show it again.
    - When present, the whole task result is hidden from output (as with C(no_log)); C(register) receives it.
  returned: when the client was created or its secret regenerated, not in check mode
  type: str
diff:
  description: The managed fields before and after (shown with C(--diff)).
  returned: always
  type: dict
'''

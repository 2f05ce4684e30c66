#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/credentials_check.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: credentials_check
short_description: Diagnose Genesys Cloud client credentials, find the client's region, and explain every problem
version_added: 0.2.0
description:
  - The doctor for pipelines that must prove their credentials work before they deploy, and for people stuck on
    C(401 Unauthorized) or C(invalid_client).
  - Runs every check in order, each on what the earlier ones found, and returns a report
    (RV(ok), RV(region), RV(login_url), RV(api_url), RV(organization), RV(client), RV(checks)) with RV(problems),
    each with a C(code), a C(message) and a C(fix).
  - "The checks: C(configuration) (the options, before anything is sent); C(token_request) (a fresh token from the
    token endpoint, never one kept by the run, so that it proves the secret still works; the new token then serves
    the later tasks of the run); C(token_info) (the token
    works on the API, its organization and client, and O(expected_organization)); C(client) (the client is active
    and uses the Client Credentials grant); C(permissions) (the client's roles grant O(required_permissions))."
  - With O(discover_region=true), after C(invalid_client) it asks the token endpoint of every other region at once,
    with short timeouts, and reports where the credentials work, for example
    C(This client belongs to eu-west-1 (mypurecloud.ie), not us-east-1). The checks then go on in that region, so the
    report shows the client's organization.
  - Region discovery sends the client id and secret to the token endpoints of other Genesys Cloud regions (or to
    the URLs O(region_urls) gives them). That is why it is off by default. O(discover_regions) limits where they go.
  - Fails when a problem is found, with every problem in the message, unless O(fail_on_problems=false).
  - Reads only; runs in check mode. Needs no permission, but C(authorization:role:view) to check
    O(required_permissions).
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  required_permissions:
    description:
      - Permissions the client's roles must grant, as C(domain:entity:action), for example V(routing:queue:add).
        A C(*) in a granted permission covers any value.
    type: list
    elements: str
    default: []
  expected_organization:
    description:
      - The organization (by id, or by name without regard to case) the credentials must belong to.
    type: str
  discover_region:
    description:
      - After C(invalid_client), ask the other regions' token endpoints where the credentials work.
      - This sends the credentials to other Genesys Cloud regions (or to the URLs of O(region_urls)).
    type: bool
    default: false
  discover_regions:
    description:
      - The regions region discovery may ask, by name. All known regions when not set.
    type: list
    elements: str
  discover_timeout:
    description:
      - Seconds to wait for each region during region discovery. The regions are asked at the same time, so the
        discovery takes about this long at most.
    type: float
    default: 5
  fail_on_problems:
    description:
      - When V(false), the task does not fail on problems; read RV(ok) and RV(problems). For a report printed by the
        play, as in C(playbooks/doctor.yml).
    type: bool
    default: true
extends_documentation_fragment:
  - genesys.cloud.connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.conn
  - ansible.builtin.action_common_attributes.flow
  - genesys.cloud.attributes
requirements:
  - requests (on the controller)
seealso:
  - module: genesys.cloud.token_info
  - module: genesys.cloud.oauth_client_info
  - module: genesys.cloud.oauth_client
  - name: Why people get 401 with client credentials
    description: The collection's guide to 401 and 403 errors.
    link: https://github.com/genesys-cloud-ansible/genesys.cloud/blob/main/docs/troubleshooting-401-403.md
'''

EXAMPLES = r'''
- name: Prove the pipeline's credentials before deploying (fails with every problem explained)
  genesys.cloud.credentials_check:
    expected_organization: Example Corp
    required_permissions:
      - routing:queue:view
      - routing:queue:add

- name: Stuck on 401? Find the region the client lives in
  genesys.cloud.credentials_check:
    region: us-east-1
    discover_region: true
    fail_on_problems: false
  register: doctor

- name: Say where it belongs
  ansible.builtin.debug:
    msg: "{{ doctor.problems | map(attribute='message') | list }}"
  when: not doctor.ok

- name: Behind an API gateway that fronts each region (a URL, or both URLs, per region)
  genesys.cloud.credentials_check:
    region: eu-west-1
    discover_region: true
    discover_regions: [eu-west-1, eu-west-2, eu-central-1]
    region_urls:
      eu-west-1: https://api.gateway.example.com/ie
      eu-west-2:
        api_url: https://gateway.example.com/uk/api
        login_url: https://gateway.example.com/uk/login
'''

RETURN = r'''
ok:
  description: Whether every check passed.
  returned: always
  type: bool
region:
  description: The region checked (the discovered one, when region discovery found the client elsewhere).
  returned: always
  type: str
  sample: eu-west-1
login_url:
  description: The token base URL checked.
  returned: always
  type: str
api_url:
  description: The API base URL checked.
  returned: always
  type: str
organization:
  description: The organization the credentials belong to, with C(id) and C(name); V(null) when no token worked.
  returned: always
  type: dict
client:
  description: The OAuth client, with C(id), C(name), C(grant_type), C(state) and C(roles) (names); V(null) when no
    token worked.
  returned: always
  type: dict
token_expires_at:
  description: When the token obtained by the check expires (ISO 8601, UTC). The token itself is never returned.
  returned: always
  type: str
discovered_region:
  description: Where region discovery found the client, with C(region), C(domain), C(api_url) and C(login_url).
  returned: always
  type: dict
permissions:
  description: The permissions the client's roles grant; V(null) when they were not read.
  returned: always
  type: list
  elements: str
missing_permissions:
  description: The required permissions the client lacks.
  returned: always
  type: list
  elements: str
checks:
  description: Each check in order, with C(name), C(status) (V(passed), V(failed) or V(skipped)) and C(detail).
  returned: always
  type: list
  elements: dict
problems:
  description:
    - What is wrong, each with C(check), C(code), C(message) and C(fix).
    - "Codes: C(configuration), C(unreachable), C(client_not_found), C(authentication_failed), C(wrong_region),
      C(wrong_grant_type), C(token_rate_limited), C(token_endpoint), C(token_rejected), C(token_info),
      C(wrong_organization), C(client_disabled), C(client_inactive), C(cannot_read_roles), C(missing_permissions)."
  returned: always
  type: list
  elements: dict
  sample:
    - check: token_request
      code: wrong_region
      message: "This client belongs to eu-west-1 (mypurecloud.ie), not us-east-1 (mypurecloud.com): its credentials
        get a token there and client not found here"
      fix: set region to eu-west-1 (or GENESYSCLOUD_REGION=eu-west-1); a client exists in exactly one region
'''

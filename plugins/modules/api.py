#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# The work is done on the controller by the action plugin of the same name
# (plugins/action/api.py); this file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: api
short_description: Call any Genesys Cloud platform API, with paging, selection and the run's token
version_added: 0.1.0
description:
  - Calls a Genesys Cloud API path, such as C(/api/v2/routing/queues), and returns its JSON.
  - Authentication, in this order, O(access_token) when given; else the fact set by
    M(genesys.cloud.oauth_token) when it has at least 60 seconds left, is for the same API base and,
    when O(client_id) is set, for the same client; else a client-credentials token, shared with the rest of
    the run. A play that ran M(genesys.cloud.oauth_token) once needs no connection options here.
  - With O(paginate=true), reads every page of a listing. For page-number listings, once the first page
    tells the page count, the other pages are fetched concurrently (at most O(max_concurrent_pages) at a
    time) and returned in order. Cursor listings (C(nextUri) without C(pageCount)) are followed page after page.
  - O(select) applies a JMESPath expression to the result.
  - The call runs on the controller, in the task's own process, without starting a module, so many API
    tasks in a row cost little more than their HTTP requests.
  - C(GET) and C(HEAD) report C(changed=false) and run in check mode; C(POST), C(PUT), C(PATCH) and
    C(DELETE) report C(changed=true) when they succeed, and in check mode are not sent.
  - A Genesys error fails the task with its status, C(code), C(message) and C(contextId); a 403 names
    the permission the client's roles lack.
author:
  - genesys.cloud maintainers (@genesys-cloud-ansible)
options:
  path:
    description:
      - The API path, starting with C(/api/v2/). The token is only ever sent to the API host, so a full
        URL, a path with C(..) segments or with a query string is refused (use O(query)).
    type: str
    required: true
  method:
    description:
      - The HTTP method.
    type: str
    choices: [GET, HEAD, POST, PUT, PATCH, DELETE]
    default: GET
  query:
    description:
      - Query parameters. A list value is sent as the parameter repeated.
    type: dict
  body:
    description:
      - The request body, a dict or a list, sent as JSON.
    type: raw
  status_code:
    description:
      - The statuses that count as success. When not set, any 2xx.
      - For example V([200, 404]) to look something up that may not exist; a 404 then returns the error
        body in RV(json) without failing.
    type: list
    elements: int
  paginate:
    description:
      - Read every page of a listing (method C(GET) only) and return all entities in RV(entities).
    type: bool
    default: false
  page_size:
    description:
      - The C(pageSize) of each page when O(paginate=true). Endpoints have their own maximum (often 500);
        a larger value fails with the endpoint's message.
    type: int
    default: 100
  max_pages:
    description:
      - Read at most this many pages when O(paginate=true).
    type: int
  max_concurrent_pages:
    description:
      - How many pages of a page-number listing are fetched at the same time.
      - Each request counts against the token's rate limit (300 requests a minute by default).
    type: int
    default: 4
  select:
    description:
      - A JMESPath expression applied to RV(entities) when O(paginate=true), else to RV(json); the result is
        in RV(selected).
    type: str
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
    details: Reads run in check mode; writes are not sent and report C(changed=true).
requirements:
  - requests (on the controller)
  - jmespath (on the controller, for O(select))
seealso:
  - module: genesys.cloud.oauth_token
  - plugin: genesys.cloud.token
    plugin_type: lookup
  - name: Genesys Cloud Platform API
    description: The API reference.
    link: https://developer.genesys.cloud/platform/api/
'''

EXAMPLES = r'''
- name: Get a token once; later tasks need no connection options
  genesys.cloud.oauth_token:

- name: Find a queue by name
  genesys.cloud.api:
    path: /api/v2/routing/queues
    query:
      name: Support
  register: found

- name: Create it if it is missing
  genesys.cloud.api:
    path: /api/v2/routing/queues
    method: POST
    body:
      name: Support
      description: Created by Ansible
  when: found.json.total == 0

- name: Every user's id and email, all pages
  genesys.cloud.api:
    path: /api/v2/users
    paginate: true
    page_size: 500
    select: "[].{id: id, email: email}"
  register: users

- name: Delete a queue that may already be gone
  genesys.cloud.api:
    path: "/api/v2/routing/queues/{{ queue_id }}"
    method: DELETE
    status_code: [200, 204, 404]
'''

RETURN = r'''
status:
  description: The HTTP status (of the first page when paginating).
  returned: when the request was sent
  type: int
  sample: 200
json:
  description: The decoded JSON body (of the first page when paginating); null when there is none.
  returned: when the request was sent
  type: raw
headers:
  description: The response headers that matter, lower-cased, C(inin-ratelimit-*), C(inin-correlation-id) and C(retry-after).
  returned: when the request was sent
  type: dict
url:
  description: The URL called.
  returned: when the request was sent
  type: str
entities:
  description: Every page's entities, in order.
  returned: when O(paginate=true)
  type: list
  elements: raw
pages:
  description: The number of pages read.
  returned: when O(paginate=true)
  type: int
selected:
  description: The result of O(select).
  returned: when O(select) is set
  type: raw
'''

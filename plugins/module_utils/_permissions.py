# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Genesys permissions: ``domain:entity:action`` strings. Internal to the collection, may change without notice."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError


def policy_permissions(policies):
    """The permissions a role's ``permissionPolicies`` grant (facts §4): one per action of each policy."""
    found = set()
    for policy in policies or []:
        for action in policy.get('actionSet') or []:
            found.add('%s:%s:%s' % (policy.get('domain'), policy.get('entityName'), action))
    return found


def covers(granted, required):
    """Whether the granted permission covers the required one: ``*`` in a granted part covers any value."""
    granted_parts = granted.split(':')
    required_parts = required.split(':')
    if len(granted_parts) != 3 or len(required_parts) != 3:
        return granted == required
    return all(g == '*' or g == r for g, r in zip(granted_parts, required_parts))


def check_permission_names(option, permissions):
    """Refuse, before anything is sent, an entry of ``option`` that is not ``domain:entity:action``."""
    for permission in permissions or []:
        parts = permission.split(':')
        if len(parts) != 3 or not all(parts):
            raise ConfigurationError('%s entry %r is not a permission' % (option, permission),
                                     fix='write permissions as domain:entity:action, e.g. routing:queue:view')

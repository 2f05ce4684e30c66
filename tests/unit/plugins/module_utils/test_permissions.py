from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._permissions import check_permission_names, covers, policy_permissions


@pytest.mark.parametrize('granted, required, expected', [
    ('routing:queue:view', 'routing:queue:view', True),
    ('routing:queue:*', 'routing:queue:view', True),
    ('routing:*:*', 'routing:queue:edit', True),
    ('routing:*:view', 'routing:queue:edit', False),
    ('routing:queue:view', 'routing:queue:*', False),   # a specific grant does not cover a wildcard need
    ('routing:queue:*', 'routing:queue:*', True),
    ('routing:queue:view', 'routing:wrapupCode:view', False),
    ('directory:user:view', 'routing:user:view', False),
    ('*:*:*', 'anything:at:all', True),
])
def test_covers(granted, required, expected):
    assert covers(granted, required) is expected


def test_policy_permissions_one_per_action():
    policies = [
        {'domain': 'routing', 'entityName': 'queue', 'actionSet': ['view', 'edit']},
        {'domain': 'oauth', 'entityName': 'client', 'actionSet': ['*']},
        {'domain': 'routing', 'entityName': 'queue', 'actionSet': ['view']},
    ]
    assert policy_permissions(policies) == {'routing:queue:view', 'routing:queue:edit', 'oauth:client:*'}
    assert policy_permissions(None) == set()


@pytest.mark.parametrize('value', ['routing:queue', 'routing::view', 'routing:queue:view:extra', ''])
def test_permission_names_are_checked_before_sending(value):
    with pytest.raises(ConfigurationError) as err:
        check_permission_names('required_permissions', ['routing:queue:view', value])
    assert 'required_permissions entry %r is not a permission' % value in err.value.message


def test_wildcard_permission_names_are_accepted():
    check_permission_names('required_permissions', ['routing:queue:*', 'routing:*:*'])

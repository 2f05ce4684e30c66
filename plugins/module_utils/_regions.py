# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Genesys Cloud regions and their domains. Internal to the collection, may change without notice.

A region's API base is ``https://api.<domain>``, its token host ``https://login.<domain>``
(facts §2: the official Python SDK's ``PureCloudRegionHosts``, the Terraform provider's
``getRegionMap`` and the ``gc`` CLI's ``RegionMappings`` agree on this table).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

REGIONS = {
    'us-east-1': 'mypurecloud.com',
    'us-east-2': 'use2.us-gov-pure.cloud',  # FedRAMP
    'us-west-2': 'usw2.pure.cloud',
    'ca-central-1': 'cac1.pure.cloud',
    'sa-east-1': 'sae1.pure.cloud',
    'mx-central-1': 'mxc1.pure.cloud',
    'eu-west-1': 'mypurecloud.ie',
    'eu-west-2': 'euw2.pure.cloud',
    'eu-central-1': 'mypurecloud.de',
    'eu-central-2': 'euc2.pure.cloud',
    'me-central-1': 'mec1.pure.cloud',
    'ap-south-1': 'aps1.pure.cloud',
    'ap-southeast-1': 'apse1.pure.cloud',
    'ap-southeast-2': 'mypurecloud.com.au',
    'ap-northeast-1': 'mypurecloud.jp',
    'ap-northeast-2': 'apne2.pure.cloud',
    'ap-northeast-3': 'apne3.pure.cloud',
    # Known to the Terraform provider and the CLI only (facts §2).
    'eusc-de-east-1': 'edee1.eusc-pure.cloud',
}

DEFAULT_REGION = 'us-east-1'

_BY_DOMAIN = dict((domain, name) for name, domain in REGIONS.items())


def region_names():
    """The region names, sorted, for error messages."""
    return sorted(REGIONS)


def lookup_region(value):
    """Return the canonical region name for ``value``, or None when it names no region.

    Accepts a region name in any case with hyphens or underscores (the ``gc`` CLI spells
    ``me_central_1``), a region's domain (``mypurecloud.ie``, as the CLI's GENESYSCLOUD_REGION
    allows), or that domain behind ``api.`` / ``login.``.
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    name = text.replace('_', '-')
    if name in REGIONS:
        return name
    domain = text.rstrip('.')
    for prefix in ('api.', 'login.'):
        if domain.startswith(prefix):
            domain = domain[len(prefix):]
    return _BY_DOMAIN.get(domain)


def region_for_host(host):
    """The region whose API or login host is ``host`` (``api.mypurecloud.ie``), else None."""
    if not host:
        return None
    host = host.lower().rstrip('.')
    for prefix in ('api.', 'login.'):
        if host.startswith(prefix):
            return _BY_DOMAIN.get(host[len(prefix):])
    return None


def api_base_url(region):
    return 'https://api.%s' % REGIONS[region]


def login_base_url(region):
    return 'https://login.%s' % REGIONS[region]

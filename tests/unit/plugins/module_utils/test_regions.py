from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.genesys.cloud.plugins.module_utils import _regions


def test_all_regions_of_the_facts_table():
    assert len(_regions.REGIONS) == 18
    assert _regions.REGIONS['eu-west-1'] == 'mypurecloud.ie'
    assert _regions.REGIONS['us-east-2'] == 'use2.us-gov-pure.cloud'
    assert _regions.REGIONS['eusc-de-east-1'] == 'edee1.eusc-pure.cloud'


@pytest.mark.parametrize('value, expected', [
    ('eu-west-1', 'eu-west-1'),
    ('EU-WEST-1', 'eu-west-1'),
    ('me_central_1', 'me-central-1'),   # the gc CLI's spelling
    ('Ap_Northeast_3', 'ap-northeast-3'),
    ('mypurecloud.ie', 'eu-west-1'),    # a domain, as the CLI's GENESYSCLOUD_REGION allows
    ('MyPureCloud.com.au', 'ap-southeast-2'),
    ('api.mypurecloud.de', 'eu-central-1'),
    (' usw2.pure.cloud ', 'us-west-2'),
    ('eu-west-9', None),
    ('pure.cloud', None),
    ('', None),
    (None, None),
])
def test_lookup_region(value, expected):
    assert _regions.lookup_region(value) == expected


def test_urls_use_api_and_login_hosts():
    assert _regions.api_base_url('ap-southeast-2') == 'https://api.mypurecloud.com.au'
    assert _regions.login_base_url('ap-southeast-2') == 'https://login.mypurecloud.com.au'


def test_region_for_host():
    assert _regions.region_for_host('login.mypurecloud.jp') == 'ap-northeast-1'
    assert _regions.region_for_host('api.mypurecloud.jp') == 'ap-northeast-1'
    assert _regions.region_for_host('gateway.example.com') is None
    assert _regions.region_for_host('mypurecloud.jp') is None

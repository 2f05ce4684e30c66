"""How the doctor names token failures and picks the region found (the checks themselves run against the emulator)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.genesys.cloud.plugins.action import credentials_check
from ansible_collections.genesys.cloud.plugins.module_utils._errors import TokenRequestError, TransportError


@pytest.mark.parametrize('error, code', [
    (TransportError('POST x failed: connection refused'), 'unreachable'),
    (TokenRequestError('x', reason='client_not_found', code='invalid_client'), 'client_not_found'),
    (TokenRequestError('x', reason='authentication_failed', code='invalid_client'), 'authentication_failed'),
    (TokenRequestError('x', reason='wrong_grant_type', code='unauthorized_client'), 'wrong_grant_type'),
    (TokenRequestError('x', reason='token_rate_limited', code='invalid_request'), 'token_rate_limited'),
    (TokenRequestError('HTTP 404, and the answer is not an OAuth answer', status=404), 'token_endpoint'),
])
def test_token_problem_codes(error, code):
    assert credentials_check.token_problem_code(error) == code


def test_discovery_reports_the_first_region_in_candidate_order_and_the_unreachable(monkeypatch):
    answers = {'eu-west-1': ('found', 'eu-west-1', 'endpoints-ie', 'token-ie'),
               'ap-south-1': ('found', 'ap-south-1', 'endpoints-in', None),
               'us-west-2': ('unreachable', 'us-west-2')}

    def probe(params, region, client_id, secret):
        return answers.get(region, ('unknown', region))

    monkeypatch.setattr(credentials_check, '_probe', probe)
    regions = ['us-west-2', 'ap-south-1', 'eu-west-1', 'sa-east-1']
    found, unreachable = credentials_check.discover_region({}, regions, 'id', 'secret')
    assert found == ('ap-south-1', 'endpoints-in', None)  # the candidates' order, whatever answers first
    assert unreachable == ['us-west-2']
    assert credentials_check.discover_region({}, [], 'id', 'secret') == (None, [])


def test_discovery_asks_the_regions_at_the_same_time(monkeypatch):
    """Each probe waits until all 17 are in flight: asked one after another, the first would never get past
    the barrier (it breaks after 10 s and the probe reports the region unreachable)."""
    import threading
    regions = [r for r in credentials_check._regions.REGIONS if r != 'us-east-1']
    barrier = threading.Barrier(len(regions), timeout=10)

    def probe(params, region, client_id, secret):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return 'unreachable', region
        return ('found', region, 'endpoints', 'token') if region == 'eu-west-1' else ('unknown', region)

    monkeypatch.setattr(credentials_check, '_probe', probe)
    found, unreachable = credentials_check.discover_region({}, regions, 'id', 'secret')
    assert unreachable == [] and found == ('eu-west-1', 'endpoints', 'token')

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.genesys.cloud.plugins.module_utils import _retry


def test_backoff_is_jittered_exponential_and_capped():
    assert _retry.backoff(0, rand=lambda: 1.0) == 0.5
    assert _retry.backoff(3, rand=lambda: 1.0) == 4.0
    assert _retry.backoff(20, rand=lambda: 1.0) == _retry.BACKOFF_CAP
    assert _retry.backoff(3, rand=lambda: 0.0) == 0.05  # never a busy loop
    assert 0.05 <= _retry.backoff(2) <= 2.0


@pytest.mark.parametrize('value, seconds', [('42', 42.0), (' 3 ', 3.0), ('0', 0.0), ('-5', 0.0), (None, None),
                                            ('Wed, 21 Oct 2026 07:28:00 GMT', None)])
def test_retry_after(value, seconds):
    assert _retry.retry_after_seconds(value) == seconds


@pytest.mark.parametrize('status, method, retry', [
    (429, 'POST', True), (429, 'GET', True), (502, 'PUT', True), (503, 'DELETE', True),
    (504, 'GET', True), (504, 'POST', False), (500, 'GET', False), (500, 'POST', False),
    (400, 'GET', False), (401, 'GET', False), (404, 'GET', False),
])
def test_which_statuses_are_retried(status, method, retry):
    assert _retry.should_retry_status(status, method) is retry


@pytest.mark.parametrize('headers, expected', [
    ({'inin-ratelimit-count': '299', 'inin-ratelimit-allowed': '300', 'inin-ratelimit-reset': '12'}, (True, 12.0)),
    ({'inin-ratelimit-count': '100', 'inin-ratelimit-allowed': '300', 'inin-ratelimit-reset': '12'}, (False, 12.0)),
    ({'inin-ratelimit-count': 'x', 'inin-ratelimit-allowed': '300', 'inin-ratelimit-reset': '12'}, (False, 0.0)),
    ({}, (False, 0.0)),
])
def test_budget_nearly_spent(headers, expected):
    assert _retry.budget_nearly_spent(headers) == expected

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""When to retry a request, and how long to wait. Internal to the collection, may change without notice.

The rules (facts §5, and what Genesys' own SDKs and Terraform provider do):
- 429: wait ``Retry-After`` (Genesys sends it, DOC-429), at most ``max_wait`` seconds (180 like
  the Go SDK, which gives up beyond that), else jittered exponential backoff. Safe for any method:
  a rate-limited request was not processed.
- 502 and 503: the gateway or the service did not process the request: retry any method.
- 504, a read timeout, a connection reset after sending: the request may have been processed.
  Reads are retried; writes are not (running a POST twice may create two things), and the error
  says the write may or may not have been applied.
- A connection that could not be opened (refused, connect timeout, DNS): nothing was sent: retry any method.
- 500 and other statuses: not retried.
- The token endpoint's ``400 invalid_request`` "rate limit exceeded": retried with backoff for up
  to a minute (the Terraform provider does the same).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

READ_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))

# Statuses after which no method's request was processed.
RETRY_ANY_METHOD = frozenset((429, 502, 503))
# Statuses after which a request may have been processed: only reads are retried.
RETRY_READS_ONLY = frozenset((504,))

BACKOFF_BASE = 0.5   # seconds before the first retry without Retry-After
BACKOFF_CAP = 30.0   # the longest backoff between two tries
TOKEN_RATE_LIMIT_PATIENCE = 60.0  # seconds spent retrying a rate-limited token request


def is_write(method):
    return method.upper() not in READ_METHODS


def backoff(attempt, base=BACKOFF_BASE, cap=BACKOFF_CAP, rand=random.random):
    """Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2**attempt)], at least 50 ms."""
    return max(0.05, rand() * min(cap, base * (2 ** attempt)))


def retry_after_seconds(value):
    """The seconds of a Retry-After header (Genesys sends seconds), or None when absent or not a number."""
    if value is None:
        return None
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return None  # an HTTP date: not what Genesys sends; fall back to backoff
    return max(0.0, seconds)


def should_retry_status(status, method):
    if status in RETRY_ANY_METHOD:
        return True
    return status in RETRY_READS_ONLY and not is_write(method)


def budget_nearly_spent(headers, margin=0.05):
    """Whether the ``inin-ratelimit-*`` headers say the token's request budget is nearly spent, and
    then the seconds until it resets; (False, 0) when they are absent or unclear (their exact
    meaning is UNCONFIRMED, facts §5: pacing is an optimisation, the 429 handling is what is relied on)."""
    try:
        count = int(headers.get('inin-ratelimit-count'))
        allowed = int(headers.get('inin-ratelimit-allowed'))
        reset = float(headers.get('inin-ratelimit-reset'))
    except (TypeError, ValueError):
        return False, 0.0
    if allowed <= 0 or count < 0 or count > allowed * 2 or reset < 0:
        return False, 0.0
    return allowed - count <= max(1, int(allowed * margin)), reset

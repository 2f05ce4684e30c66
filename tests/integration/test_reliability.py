"""Retries that lose nothing, token renewal, faults under load (issue 5)."""

import json
import os
import re
import uuid

import requests

from conftest import HERE


def outcome(run):
    assert run.rc == 0, run.output
    match = re.search(r'"msg": "RESULT (.*)"\s*$', run.output, re.M)
    return json.loads(json.loads('"%s"' % match.group(1)))


def api_requests(emulator, since, method=None, path=None):
    return [e for e in emulator.log_lines()[since:] if e['listener'] == 'api' and (method is None or e['method'] == method)
            and (path is None or e['path'] == path)]


def queue_count(emulator, name):
    token = requests.post(emulator.login_url + '/oauth/token', data='grant_type=client_credentials',
                          auth=(emulator.ready['client_id'], emulator.ready['client_secret']),
                          headers={'Content-Type': 'application/x-www-form-urlencoded'}, timeout=10).json()['access_token']
    body = requests.get(emulator.api_url + '/api/v2/routing/queues', params={'name': name},
                        headers={'Authorization': 'Bearer ' + token}, timeout=10).json()
    return body['total']


def test_429_waits_retry_after_and_shows_it_at_v(playbook, emulator):
    emulator.faults(rules=[{'listener': 'api', 'path_prefix': '/api/v2/organizations', 'status': 429, 'retry_after': 1, 'count': 2}])
    run = playbook('api_call.yml', extra_vars={'call': {'path': '/api/v2/organizations/me'}}, args=['-v'])
    result = outcome(run)
    assert result['status'] == 200 and not result.get('failed')
    assert 'HTTP 429; retry 1 of 5 in 1.0 s (Retry-After)' in run.output
    assert 'HTTP 429; retry 2 of 5 in 1.0 s (Retry-After)' in run.output


def test_retry_after_beyond_max_retry_wait_fails_at_once(playbook, emulator):
    emulator.faults(rules=[{'listener': 'api', 'status': 429, 'retry_after': 500, 'count': 1}])
    result = outcome(playbook('api_call.yml', extra_vars={'call': {'path': '/api/v2/organizations/me'}}))
    assert result['failed'] and 'asks to wait 500 seconds, more than max_retry_wait (180' in result['msg']


def test_503_on_a_write_is_retried_and_applied_once(playbook, emulator):
    name = 'Retry %s' % uuid.uuid4().hex[:8]
    emulator.faults(rules=[{'listener': 'api', 'method': 'POST', 'status': 503, 'count': 1},
                           {'listener': 'api', 'method': 'POST', 'status': 429, 'retry_after': 0, 'count': 1}])
    before = len(emulator.log_lines())
    result = outcome(playbook('api_call.yml', extra_vars={'call': {
        'path': '/api/v2/routing/queues', 'method': 'POST', 'body': {'name': name}}}))
    assert result['changed'] and result['status'] == 200
    assert [e['status'] for e in api_requests(emulator, before, 'POST')] == [503, 429, 200]
    assert queue_count(emulator, name) == 1


def test_a_write_that_may_have_been_applied_is_not_retried(playbook, emulator):
    for rule, words in (({'status': 500}, 'may or may not have been applied'),
                        ({'status': 504}, 'may or may not have been applied'),
                        ({'close': True}, 'failed after the request was sent')):
        name = 'Once %s' % uuid.uuid4().hex[:8]
        emulator.faults(rules=[dict(rule, listener='api', method='POST', count=1)])
        before = len(emulator.log_lines())
        result = outcome(playbook('api_call.yml', extra_vars={'call': {
            'path': '/api/v2/routing/queues', 'method': 'POST', 'body': {'name': name}}}))
        assert result['failed'] and words in result['msg'], (rule, result['msg'])
        assert 'check whether it was applied' in result['msg']
        assert len(api_requests(emulator, before, 'POST')) == 1, rule
        emulator.reset()


def test_reads_are_retried_after_504_and_a_broken_connection(playbook, emulator):
    emulator.faults(rules=[{'listener': 'api', 'method': 'GET', 'status': 504, 'count': 1},
                           {'listener': 'api', 'method': 'GET', 'close': True, 'count': 1},
                           {'listener': 'api', 'method': 'GET', 'status': 502, 'body': 'html', 'count': 1}])
    before = len(emulator.log_lines())
    result = outcome(playbook('api_call.yml', extra_vars={'call': {'path': '/api/v2/organizations/me'}}))
    assert result['status'] == 200
    assert [e['status'] for e in api_requests(emulator, before, 'GET')] == [504, 0, 502, 200]


def test_token_rate_limit_is_retried(playbook, emulator):
    emulator.faults(rules=[{'listener': 'login', 'status': 400, 'body': 'token_rate_limit', 'count': 2}])
    before = len(emulator.log_lines())
    result = outcome(playbook('api_call.yml', extra_vars={'call': {'path': '/api/v2/organizations/me'}}, args=['-v']))
    assert result['status'] == 200
    assert [e['status'] for e in emulator.token_requests(since=before)] == [400, 400, 200]


def test_a_refused_token_is_renewed_once(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('renewal.yml', args=['-v'])
    assert run.rc == 0, run.output
    assert 'the token was refused (401); getting a fresh one and trying once more' in run.output
    assert len(emulator.token_requests(since=before)) == 2


def test_faults_under_load(playbook, emulator, tmp_path):
    """50 forks while 30% of API calls get a 429 and 10% a 503: every task ends well, no write is
    applied twice, and the whole run makes one token request."""
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text(''.join('load%02d\n' % i for i in range(50)) +
                         '[all:vars]\nansible_connection=local\n')
    run_id = uuid.uuid4().hex[:8]
    emulator.faults(seed=42, rules=[
        {'listener': 'api', 'status': 429, 'retry_after': 1, 'count': -1, 'probability': 0.3},
        {'listener': 'api', 'status': 503, 'count': -1, 'probability': 0.143}])  # 10% of all calls
    before = len(emulator.log_lines())
    run = playbook(os.path.join(HERE, 'playbooks', 'load.yml'), inventory=str(inventory), args=['--forks', '50'],
                   extra_vars={'run_id': run_id})
    assert run.rc == 0, '\n'.join(line for line in run.output.splitlines() if 'fatal' in line or 'FAILED' in line)[:5000]
    assert 'ok=4' in run.output and 'failed=0' in run.output
    emulator.reset()
    calls = api_requests(emulator, before)
    assert sum(1 for e in calls if e['status'] == 429) >= 20 and sum(1 for e in calls if e['status'] == 503) >= 5
    creates = [e for e in calls if e['method'] == 'POST' and e['status'] == 200]
    assert len(creates) == 50  # one applied write per host: none lost, none doubled
    assert len(emulator.token_requests(since=before)) == 1
    for i in range(50):
        assert queue_count(emulator, 'Load %s load%02d' % (run_id, i)) == 1

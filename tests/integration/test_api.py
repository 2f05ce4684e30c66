"""genesys.cloud.api and the genesys.cloud.token lookup against the emulator."""

import os
import uuid

from conftest import ROOT


def ok(run):
    assert run.rc == 0, run.output
    return run


def test_api_options(playbook):
    ok(playbook('api.yml', extra_vars={'queue_name': 'Queue %s' % uuid.uuid4().hex[:8]}))


def test_api_in_check_mode(playbook):
    ok(playbook('api_check_mode.yml', args=['--check'], extra_vars={'queue_name': 'Queue %s' % uuid.uuid4().hex[:8]}))


def _reader(emulator):
    client = emulator.client('Readonly Reporter')
    return {'reader_id': client['id'], 'reader_secret': client['secret']}


def test_token_precedence(playbook, emulator):
    ok(playbook('api_precedence.yml', extra_vars=_reader(emulator)))


def test_a_page_failing_mid_way(playbook, emulator):
    emulator.faults(rules=[{'listener': 'api', 'path_prefix': '/api/v2/users', 'query': {'pageNumber': '3'}, 'status': 500}])
    ok(playbook('api_page_failure.yml'))


def test_lookup_gets_one_token_however_often_it_is_templated(playbook, emulator):
    before = len(emulator.log_lines())
    ok(playbook('lookup.yml'))
    assert len(emulator.token_requests(since=before)) == 1


def test_provision_is_idempotent(playbook, emulator):
    provision = os.path.join(ROOT, 'playbooks', 'provision.yml')
    name = {'queue_name': 'Provisioned %s' % uuid.uuid4().hex[:8]}
    first = ok(playbook(provision, extra_vars=name))
    assert 'changed=1' in first.output
    second = ok(playbook(provision, extra_vars=name))
    assert 'changed=0' in second.output
    assert 'Users: 120 over 2 pages' in second.output

"""genesys.cloud.oauth_client against the emulator: create, no-op, check mode, diff, roles, rotate, disable, delete."""

import requests

CLIENTS = '/api/v2/oauth/clients'


def api_writes(emulator, since):
    return [(e['method'], e['path'], e['status']) for e in emulator.log_lines()[since:]
            if e['listener'] == 'api' and e['method'] in ('POST', 'PUT', 'DELETE')]


def test_oauth_client_life_cycle(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('oauth_client.yml', args=['-vvvv', '--diff'])
    assert run.rc == 0, run.output
    writes = api_writes(emulator, before)
    # Created: the pipeline client and the portal; check-mode tasks and refusals sent nothing.
    assert [w[2] for w in writes if w[:2] == ('POST', CLIENTS)] == [200, 200]
    # PUTs: the roles, disable, deactivate before delete.
    assert [w[2] for w in writes if w[0] == 'PUT'] == [200, 200, 200]
    assert [w[2] for w in writes if w[0] == 'POST' and w[1].endswith('/secret')] == [200]
    assert [w[2] for w in writes if w[0] == 'DELETE'] == [204]
    # --diff shows roles by name and division.
    assert 'OAuth Admin in Support' in run.output
    # A result that holds a new secret is hidden whole. The playbook fixture has searched the output and
    # the log file for every secret the emulator knows, the created and rotated ones included.
    assert "the output has been hidden due to the fact that 'no_log: true' was specified for this result" in run.output
    known = requests.get(emulator.control + '/secrets', timeout=10).json()['secrets']
    data_file_secrets = [c['secret'] for c in emulator.org['oauth_clients'] + emulator.eu_org['oauth_clients']]
    assert len(set(known) - set(data_file_secrets)) == 3  # created twice, rotated once


def test_check_mode_sends_no_write_and_shows_the_diff(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('oauth_client_check_mode.yml', args=['--check', '--diff'])
    assert run.rc == 0, run.output
    assert not api_writes(emulator, before)
    assert 'Queue Manager in Home' in run.output


def test_a_role_the_caller_lacks_is_refused_before_sending(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('oauth_client_not_held.yml')
    assert run.rc != 0
    assert 'Refusing to grant role Reader' in run.flat
    assert 'the calling client Ansible Automation does not hold it itself' in run.flat
    assert not api_writes(emulator, before)

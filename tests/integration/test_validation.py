"""token_info, oauth_client_info and playbooks/validate_credentials.yml against the emulator."""

import os

from conftest import ROOT


def ok(run):
    assert run.rc == 0, run.output
    return run


def role_id(emulator, name):
    return [r['id'] for r in emulator.org['roles'] if r['name'] == name][0]


def test_token_info(playbook):
    ok(playbook('token_info.yml'))


def test_token_info_in_check_mode(playbook):
    ok(playbook('token_info.yml', args=['--check']))


def test_oauth_client_info(playbook, emulator):
    ok(playbook('client_info.yml', extra_vars={
        'automation_developer_role_id': role_id(emulator, 'Automation Developer'),
        'disabled_client_id': emulator.client('Disabled Integration')['id']}))


def test_oauth_client_info_in_check_mode(playbook, emulator):
    ok(playbook('client_info.yml', args=['--check'], extra_vars={
        'automation_developer_role_id': role_id(emulator, 'Automation Developer'),
        'disabled_client_id': emulator.client('Disabled Integration')['id']}))


def test_each_role_is_read_once(playbook, emulator):
    before = len(emulator.log_lines())
    ok(playbook('all_clients.yml'))
    reads = [e['path'] for e in emulator.log_lines()[before:] if e['path'].startswith('/api/v2/authorization/roles/')]
    held = set()
    for client in emulator.org['oauth_clients']:
        held.update(grant['roleId'] for grant in client.get('roleDivisions') or [])
    assert len(held) < sum(len(c.get('roleDivisions') or []) for c in emulator.org['oauth_clients'])  # roles are shared
    assert sorted(reads) == sorted('/api/v2/authorization/roles/%s' % r for r in held)


def test_forbidden_paths_name_the_permission(playbook, emulator):
    for name in ('Readonly Reporter', 'No Roles'):
        client = emulator.client(name)
        ok(playbook('client_info_forbidden.yml', env={
            'GENESYSCLOUD_OAUTHCLIENT_ID': client['id'], 'GENESYSCLOUD_OAUTHCLIENT_SECRET': client['secret']}))


VALIDATE = os.path.join(ROOT, 'playbooks', 'validate_credentials.yml')


def test_validate_credentials_passes(playbook):
    run = ok(playbook(VALIDATE, extra_vars={'expected_organization': 'Emulated Org',
                                            'required_permissions': ['routing:queue:view', 'routing:queue:add']}))
    assert 'CREDENTIALS CHECK PASSED' in run.output
    assert 'OAuth client: Ansible Automation' in run.output


def test_validate_credentials_fails_on_a_missing_permission(playbook):
    run = playbook(VALIDATE, extra_vars={'required_permissions': ['routing:queue:view', 'directory:user:add']})
    assert run.rc != 0
    assert 'CREDENTIALS CHECK FAILED: missing permission directory:user:add' in run.output


def test_validate_credentials_fails_on_another_org(playbook):
    run = playbook(VALIDATE, extra_vars={'expected_organization': 'Production Org'})
    assert run.rc != 0
    assert 'CREDENTIALS CHECK FAILED: The token belongs to the organization Emulated Org' in run.output


def test_validate_credentials_fails_on_a_wrong_secret(playbook):
    run = playbook(VALIDATE, env={'GENESYSCLOUD_OAUTHCLIENT_SECRET': 'a-wrong-secret-of-realistic-length-0123456789'})
    assert run.rc != 0
    assert 'CREDENTIALS CHECK FAILED: Getting a token failed' in run.output

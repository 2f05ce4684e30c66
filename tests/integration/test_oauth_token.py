"""genesys.cloud.oauth_token against the emulator, through real ansible-playbook runs."""

import json
import os
import re
import socket
import stat

import pytest
import requests

from conftest import ROOT, assert_no_leak, read_tree


def ok(run):
    assert run.rc == 0, run.output
    return run


def test_token_fact_and_chaining(playbook):
    ok(playbook('token_and_fact.yml'))


def test_the_main_playbook(playbook, emulator):
    run = ok(playbook(os.path.join(ROOT, 'playbooks', 'provision.yml'), args=['-vvvv']))
    assert 'Organization: Emulated Org' in run.output
    assert 'OAuth client: Ansible Automation (%s)' % emulator.ready['client_id'] in run.output
    assert re.search(r'Token expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', run.output)


def test_check_mode_still_gets_a_token(playbook):
    ok(playbook('token_and_fact.yml', args=['--check']))


def test_module_defaults_group(playbook, emulator):
    client = emulator.client('Ansible Automation')
    ok(playbook('module_defaults.yml', credentials=False,
                extra_vars={'demo_client_id': client['id'], 'demo_client_secret': client['secret']}))


def test_one_token_request_for_50_hosts_and_10_forks(playbook, emulator, tmp_path):
    inventory = tmp_path / 'hosts.ini'
    # ssh to a closed port: any attempt to use the hosts' connection would fail the run.
    lines = ['host%02d ansible_connection=ssh ansible_host=127.0.0.1 ansible_port=1' % i for i in range(50)]
    inventory.write_text('\n'.join(lines) + '\n')
    before = len(emulator.log_lines())
    run = ok(playbook('many_hosts.yml', inventory=str(inventory), args=['--forks', '10']))
    assert run.output.count('ok: [host') >= 100
    token_requests = emulator.token_requests(since=before)
    assert len(token_requests) == 1, token_requests
    # The next run gets its own token: the store lives for one run.
    before = len(emulator.log_lines())
    ok(playbook('many_hosts.yml', inventory=str(inventory), args=['--forks', '10']))
    assert len(emulator.token_requests(since=before)) == 1


def test_token_store_is_private_and_holds_no_secret(playbook, emulator):
    ok(playbook('token_and_fact.yml'))
    root = os.path.join(playbook.runtime, 'genesys-cloud-tokens-%d' % os.getuid())
    assert stat.S_IMODE(os.stat(root).st_mode) == 0o700
    runs = os.listdir(root)
    assert len(runs) == 1
    files = 0
    for name in os.listdir(os.path.join(root, runs[0])):
        path = os.path.join(root, runs[0], name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path) as handle:
            content = handle.read()
        for secret in emulator.secrets():
            assert secret not in content
        files += 1
    assert files >= 1
    # The next run removes the store of the ended one.
    ok(playbook('token_and_fact.yml'))
    assert runs[0] not in os.listdir(root)


def test_revoke(playbook):
    ok(playbook('revoke.yml'))


def test_min_ttl_against_a_short_lived_client(playbook, emulator):
    client = emulator.client('Short Lived')
    run = ok(playbook('short_lived.yml', extra_vars={'short_client_id': client['id'], 'short_client_secret': client['secret']}))
    assert 'less than min_ttl (300), so every task will request a new token' in run.flat


def test_a_ready_access_token(playbook, emulator):
    client = emulator.client('Readonly Reporter')
    token = requests.post(emulator.login_url + '/oauth/token', data='grant_type=client_credentials',
                          auth=(client['id'], client['secret']),
                          headers={'Content-Type': 'application/x-www-form-urlencoded'}, timeout=10).json()['access_token']
    ok(playbook('given_token.yml', extra_vars={'ready_token': token}))


def failure_messages(run):
    messages = {}
    for match in re.finditer(r'"msg": "CASE (.*) :: (.*)"\s*$', run.output, re.M):
        messages[match.group(1)] = json.loads('"%s"' % match.group(2))
    return messages


def run_cases(playbook, cases, **kwargs):
    run = playbook('expect_failures.yml', extra_vars={'cases': dict((name, options) for name, options, _expect in cases)},
                   **kwargs)
    assert run.rc == 0, run.output
    messages = failure_messages(run)
    for name, _options, expect in cases:
        for words in expect:
            assert words in messages[name], (name, messages[name])
    return messages


def test_token_errors_explained(playbook, emulator):
    demo = emulator.client('Ansible Automation')
    web = emulator.client('Web Portal')
    disabled = emulator.client('Disabled Integration')
    port = socket.socket()
    port.bind(('127.0.0.1', 0))
    closed = 'http://127.0.0.1:%d' % port.getsockname()[1]
    port.close()
    cases = [
        ('wrong secret', {'client_secret': 'not-the-secret-' + 'x' * 28},
         ['client id %s was not authenticated' % demo['id'], 'secret is wrong or was regenerated', 'another region']),
        ('unknown client', {'client_id': '00000000-0000-4000-8000-000000000000'},
         ['does not know client id 00000000-0000-4000-8000-000000000000', 'lives in another region']),
        ('code grant client', {'client_id': web['id'], 'client_secret': web['secret']},
         ['may not use the Client Credentials grant', 'no scope is needed']),
        ('disabled client', {'client_id': disabled['id'], 'client_secret': disabled['secret']},
         ['was not authenticated', 'disabled or inactive']),
        ('login_url on the api listener', {'login_url': emulator.api_url},
         ['HTTP 404, and the answer is not an OAuth answer', 'login_url points at a host that is not a Genesys login host']),
        ('login_url on an api. host', {'login_url': 'https://api.mypurecloud.com'},
         ['Refusing to request a token from https://api.mypurecloud.com', 'set login_url to https://login.mypurecloud.com']),
        ('api_url without a login host', {'api_url': 'https://gateway.example.com', 'login_url': None},
         ['Cannot tell the token URL', 'set login_url']),
        ('unknown region', {'api_url': None, 'login_url': None, 'region': 'eu-west-9'},
         ["Unknown Genesys Cloud region 'eu-west-9'", 'eu-west-1']),
        ('refused connection', {'login_url': closed, 'retries': 0}, ['was refused']),
        ('no credentials', {'client_id': None, 'client_secret': None}, ['No credentials were given']),
        ('empty client id', {'client_id': '  '}, ['client_id is empty']),
        ('zero timeout', {'timeout': 0}, ['timeout must be a positive number']),
        ('bad fact name', {'fact_name': 'not a name'}, ['is not a valid variable name']),
    ]
    # Options set to None fall back to the environment: clear the variables those cases must not see.
    env = {'GENESYSCLOUD_OAUTHCLIENT_ID': demo['id'], 'GENESYSCLOUD_OAUTHCLIENT_SECRET': demo['secret']}
    before = len(emulator.log_lines())
    messages = run_cases(playbook, cases, env=env)
    # Nothing was sent for the cases refused before sending.
    assert len(emulator.token_requests(since=before)) == 4
    assert [(e['listener'], e['path']) for e in emulator.log_lines()[before:] if e['listener'] == 'api'] == [('api', '/oauth/token')]
    for message in messages.values():
        assert_no_leak(message, emulator, 'failure message')


def test_failures_from_server_faults(playbook, emulator):
    # Token creation rate limited for good: retried (retries: 1 keeps it short), then explained.
    emulator.faults(rules=[{'listener': 'login', 'status': 400, 'body': 'token_rate_limit', 'count': -1}])
    run_cases(playbook, [('token rate limit', {'retries': 1}, ['rate limiting token creation', 'reuse one token'])])
    emulator.reset()

    emulator.faults(rules=[{'listener': 'login', 'status': 502, 'body': 'html', 'count': -1}])
    run_cases(playbook, [('html page', {'retries': 0}, ['HTTP 502', 'an HTML page'])])
    emulator.reset()
    emulator.faults(rules=[{'listener': 'login', 'status': 200, 'body': 'html', 'count': 1}])
    run_cases(playbook, [('html with 200', {}, ['HTTP 200 with an HTML page instead of a token'])])
    emulator.faults(rules=[{'listener': 'login', 'status': 200, 'body': 'invalid_json', 'count': 1}])
    run_cases(playbook, [('invalid json', {}, ['instead of a token'])])


def test_invalid_client_with_401_status(playbook, emulator):
    emulator.faults(invalid_client_status=401)
    run_cases(playbook, [('wrong secret, 401', {'client_secret': 'a-wrong-secret-of-realistic-length-0123456789'}, ['401 invalid_client', 'secret is wrong'])])


def test_timeout(playbook, silent_server):
    run_cases(playbook, [('timeout', {'login_url': silent_server, 'timeout': 1, 'retries': 0}, ['no answer within 1.0 seconds'])])


def test_401_on_the_api_host(playbook):
    run_cases(playbook, [('bad ready token', {'access_token': 'not-a-valid-token'},
                          ['HEAD', '/api/v2/tokens/me failed: HTTP 401', 'expired or was revoked'])])


def test_jsonfile_fact_cache_never_receives_the_token(playbook, emulator, tmp_path):
    cache = tmp_path / 'facts'
    env = {'ANSIBLE_CACHE_PLUGIN': 'jsonfile', 'ANSIBLE_CACHE_PLUGIN_CONNECTION': str(cache)}
    run = ok(playbook('registered_only.yml', env=env))
    assert 'did not set the fact genesys_cloud_token' in run.flat
    assert "'jsonfile' would write the bearer token" in run.flat
    assert_no_leak(read_tree(cache), emulator, 'fact cache')
    # The search above is real: allowing the fact puts the token in the cache, and it is found.
    ok(playbook('registered_only.yml', env=env, extra_vars={'allow': True}))
    with pytest.raises(AssertionError):
        assert_no_leak(read_tree(cache), emulator, 'fact cache')


def test_nothing_leaks_at_vvvv(playbook, emulator):
    before = len(emulator.issued())
    outputs = []
    for name in ('token_and_fact.yml', 'revoke.yml'):
        run = ok(playbook(name, args=['-vvvv']))
        outputs.append(run.output)
    assert len(emulator.issued()) > before  # tokens were issued during these runs...
    text = '\n'.join(outputs)
    assert not re.search(r'Bearer [A-Za-z0-9_.~+/-]{20,}', text)  # no rendered bearer header, whatever its token
    assert_no_leak(text, emulator, '-vvvv output')  # ...and none of them, nor any secret, was shown
    assert "the output has been hidden due to the fact that 'no_log: true'" in text

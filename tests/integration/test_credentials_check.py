"""genesys.cloud.credentials_check and playbooks/doctor.yml against the emulator: every failure kind,
region discovery across the emulator's regions, and the printed report."""

import json
import os

import requests

from conftest import ROOT

DOCTOR = os.path.join(ROOT, 'playbooks', 'doctor.yml')
WRONG_SECRET = 'a-wrong-secret-of-realistic-length-0123456789'


def codes(report):
    return [p['code'] for p in report['problems']]


def statuses(report):
    return dict((c['name'], c['status']) for c in report['checks'])


def run_doctor(playbook, tmp_path, name='doctor_one.yml', extra_vars=None, **kwargs):
    report_file = tmp_path / 'report.json'
    variables = dict(extra_vars or {}, report_file=str(report_file))
    run = playbook(name, extra_vars=variables, **kwargs)
    assert run.rc == 0, run.output
    with open(str(report_file)) as handle:
        return json.load(handle)


def region_env(emulator, client, secret=None, region='us-east-1', region_urls=None):
    """The environment of a user who names a region (no api_url): every region goes to the emulator."""
    return {'GENESYSCLOUD_OAUTHCLIENT_ID': client['id'], 'GENESYSCLOUD_OAUTHCLIENT_SECRET': secret or client['secret'],
            'GENESYSCLOUD_REGION': region, 'GENESYSCLOUD_REGION_URLS': region_urls or emulator.region_urls()}


def token_requests(emulator, since):
    return [e for e in emulator.log_lines()[since:] if e['listener'] == 'login' and e['path'] == '/oauth/token']


def test_each_kind_of_failure_is_explained(playbook, emulator, tmp_path):
    clients = dict((name, {'id': emulator.client(name)['id'], 'secret': emulator.client(name)['secret']})
                   for name in ('Web Portal', 'Readonly Reporter'))
    reports = run_doctor(playbook, tmp_path, 'doctor_cases.yml', extra_vars={'clients': clients})

    good = reports['all_good']
    assert good['ok'] and good['problems'] == [] and not good.get('failed')
    assert set(statuses(good).values()) == {'passed'}
    assert [c['name'] for c in good['checks']] == ['configuration', 'token_request', 'token_info', 'client', 'permissions']
    assert good['organization']['name'] == 'Emulated Org'
    assert good['client']['name'] == 'Ansible Automation' and good['client']['state'] == 'active'
    assert sorted(good['client']['roles']) == ['Automation Developer', 'OAuth Admin', 'Queue Manager']
    assert good['token_expires_at'] and 'access_token' not in json.dumps(good)

    expected = {
        'configuration': ('configuration', 'Refusing to request a token from https://api.mypurecloud.com'),
        'wrong_secret': ('authentication_failed', 'was not authenticated'),
        'unknown_client': ('client_not_found', 'does not know client id 00000000-1111-4222-8333-444444444444'),
        'code_grant': ('wrong_grant_type', 'may not use the Client Credentials grant'),
        'not_oauth': ('token_endpoint', 'the answer is not an OAuth answer'),
        'unreachable': ('unreachable', '127.0.0.1:9'),
        'bad_token': ('token_rejected', '401'),
        'other_org': ('wrong_organization', 'belong to the organization Emulated Org'),
        'missing': ('missing_permissions', 'lacks the permission directory:user:add'),
        'cannot_read_roles': ('cannot_read_roles', 'authorization:role:view'),
    }
    for case, (code, words) in expected.items():
        report = reports[case]
        assert codes(report) == [code], (case, report['problems'])
        problem = report['problems'][0]
        assert words in problem['message'], (case, problem)
        assert problem['fix'] or code == 'unreachable', (case, problem)
        assert not report['ok']
        failed_check = problem['check']
        order = [c['name'] for c in report['checks']]
        assert order == ['configuration', 'token_request', 'token_info', 'client', 'permissions'], case
        # Every check after the one that failed is skipped, except those that can still run.
        if failed_check in ('configuration', 'token_request'):
            assert all(statuses(report)[c] == 'skipped' for c in order[order.index(failed_check) + 1:]), case
    assert reports['missing']['failed'] and 'Credentials check failed: missing_permissions' in reports['missing']['msg']
    assert not reports['wrong_secret'].get('failed')  # fail_on_problems: false
    assert statuses(reports['bad_token'])['token_request'] == 'skipped'  # a given token is not requested
    assert 'no scope is needed' not in json.dumps(reports['missing']) and 'scopes do not apply' in reports['missing']['problems'][0]['fix']
    assert reports['in_check_mode']['ok']


def test_token_rate_limit(playbook, emulator, tmp_path):
    emulator.faults(rules=[{'listener': 'login', 'path_prefix': '/oauth/token', 'status': 400, 'body': 'token_rate_limit'}])
    report = run_doctor(playbook, tmp_path, extra_vars={'doctor_retries': 0})
    assert codes(report) == ['token_rate_limited']
    assert 'reuse one token' in report['problems'][0]['fix']


def test_an_inactive_client(playbook, emulator, tmp_path):
    client = emulator.client('Readonly Reporter')
    answer = requests.post(emulator.login_url + '/oauth/token', data={'grant_type': 'client_credentials'},
                           auth=(client['id'], client['secret']), timeout=10)
    requests.post(emulator.control + '/clients/%s/state' % client['id'], json={'state': 'inactive'}, timeout=10).raise_for_status()
    report = run_doctor(playbook, tmp_path, extra_vars={'doctor_access_token': answer.json()['access_token']})
    assert codes(report) == ['client_inactive']
    assert 'is inactive: it gets no tokens and will be deleted' in report['problems'][0]['message']


def test_region_discovery_finds_the_region_of_the_client(playbook, emulator, tmp_path):
    before = len(emulator.log_lines())
    report = run_doctor(playbook, tmp_path, extra_vars={'discover': True}, credentials=False,
                        env=region_env(emulator, emulator.client('EU Automation')))
    assert codes(report) == ['wrong_region']
    problem = report['problems'][0]
    assert problem['message'].startswith('This client belongs to eu-west-1 (mypurecloud.ie), not us-east-1 (mypurecloud.com)')
    assert 'client not found here' in problem['message']
    assert problem['fix'].startswith('set region to eu-west-1 (or GENESYSCLOUD_REGION=eu-west-1)')
    assert report['discovered_region']['region'] == 'eu-west-1'
    # The checks went on in the client's own region.
    assert report['region'] == 'eu-west-1' and report['api_url'] == emulator.regions['eu-west-1']['api_url']
    assert report['organization']['name'] == 'Emulated EU Org'
    assert report['client']['name'] == 'EU Automation'
    assert statuses(report)['token_info'] == 'passed' and statuses(report)['permissions'] == 'passed'
    # One request to us-east-1, then one to each of the 17 other regions.
    assert len(token_requests(emulator, before)) == 18


def test_without_discovery_the_credentials_go_nowhere_else(playbook, emulator, tmp_path):
    before = len(emulator.log_lines())
    report = run_doctor(playbook, tmp_path, credentials=False, env=region_env(emulator, emulator.client('EU Automation')))
    assert codes(report) == ['client_not_found']
    assert report['discovered_region'] is None
    assert 'lives in another region' in report['problems'][0]['message']
    assert len(token_requests(emulator, before)) == 1


def test_discovery_with_a_wrong_secret_and_an_unreachable_region(playbook, emulator, tmp_path):
    urls = json.loads(emulator.region_urls())
    urls['ap-south-1'] = {'api_url': 'http://127.0.0.1:9', 'login_url': 'http://127.0.0.1:9'}
    report = run_doctor(playbook, tmp_path, extra_vars={'discover': True}, credentials=False,
                        env=region_env(emulator, emulator.client('EU Automation'), secret=WRONG_SECRET,
                                       region='eu-west-1', region_urls=json.dumps(urls)))
    assert codes(report) == ['authentication_failed']
    message = report['problems'][0]['message']
    assert 'Region discovery asked 17 other regions' in message
    assert 'none of those that answered knows these credentials either' in message
    assert '(1 could not be reached: ap-south-1)' in message


def test_doctor_playbook_reports_the_wrong_region(playbook, emulator):
    run = playbook(DOCTOR, extra_vars={'discover_region': True}, credentials=False,
                   env=region_env(emulator, emulator.client('EU Automation')))
    assert run.rc != 0
    for line in ('Region:       eu-west-1', 'Organization: Emulated EU Org', 'OAuth client: EU Automation',
                 '[FAIL] token_request: This client belongs to eu-west-1 (mypurecloud.ie), not us-east-1 (mypurecloud.com)',
                 'PROBLEM wrong_region', 'FIX: set region to eu-west-1', 'CREDENTIALS NOT OK: 1 problem(s)'):
        assert line in run.output, line


def test_doctor_playbook_passes(playbook):
    run = playbook(DOCTOR, extra_vars={'required_permissions': ['routing:queue:add']})
    assert run.rc == 0, run.output
    assert 'CREDENTIALS OK' in run.output and '[ok]   permissions:' in run.output


def test_region_urls_redirect_every_module(playbook, emulator):
    run = playbook('region_urls.yml', credentials=False, extra_vars={'expected_api_url': emulator.regions['eu-west-1']['api_url']},
                   env=region_env(emulator, emulator.client('EU Automation'), region='eu-west-1'))
    assert run.rc == 0, run.output


def test_the_doctors_token_serves_the_rest_of_the_run(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('doctor_then_api.yml')
    assert run.rc == 0, run.output
    assert len(token_requests(emulator, before)) == 1


def test_the_doctor_always_asks_the_token_endpoint(playbook, emulator):
    before = len(emulator.log_lines())
    run = playbook('token_then_doctor.yml')
    assert run.rc == 0, run.output
    assert len(token_requests(emulator, before)) == 2

"""Benchmarks of the collection against the emulator (make bench). Not part of make test.

Each benchmark runs the same job twice, side by side in this one run, written with the collection
and written with ansible.builtin.uri, against the emulator with 20 ms of latency per request, and
prints the ratio of their wall times (collection / uri). The machines these run on are noisy:
read the ratios, not the seconds.

    python tests/bench/bench.py [--repeat N] [--only A,B,C]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

import with_emulator  # noqa: E402  pylint: disable=wrong-import-position

BIN = os.path.dirname(sys.executable)
LATENCY_MS = 20
USERS = 10000

COMMON = '''
  gather_facts: false
  vars:
    api_url: "{{ lookup('ansible.builtin.env', 'GENESYSCLOUD_API_URL') }}"
    login_url: "{{ lookup('ansible.builtin.env', 'GENESYSCLOUD_LOGIN_URL') }}"
'''

URI_TOKEN = '''
    - name: Token with uri
      ansible.builtin.uri:
        url: "{{ login_url }}/oauth/token"
        method: POST
        url_username: "{{ lookup('ansible.builtin.env', 'GENESYSCLOUD_OAUTHCLIENT_ID') }}"
        url_password: "{{ lookup('ansible.builtin.env', 'GENESYSCLOUD_OAUTHCLIENT_SECRET') }}"
        force_basic_auth: true
        body: grant_type=client_credentials
        headers:
          Content-Type: application/x-www-form-urlencoded
      no_log: true
      register: tok
'''

PLAYBOOKS = {
    'A-collection': '- hosts: all' + COMMON + '''  tasks:
    - name: Token
      genesys.cloud.oauth_token:
    - name: One GET
      genesys.cloud.api:
        path: /api/v2/organizations/me
''',
    'A-uri': '- hosts: all' + COMMON + '  tasks:' + URI_TOKEN + '''
    - name: One GET
      ansible.builtin.uri:
        url: "{{ api_url }}/api/v2/organizations/me"
        headers:
          Authorization: "Bearer {{ tok.json.access_token }}"
      no_log: true
''',
    'B-collection': '- hosts: host00' + COMMON + '''  tasks:
    - name: Token
      genesys.cloud.oauth_token:
    - name: Every user
      genesys.cloud.api:
        path: /api/v2/users
        paginate: true
        page_size: 100
      register: users
    - name: Check
      ansible.builtin.assert:
        that: users.entities | length == %d
''' % USERS,
    'B-uri': '- hosts: host00' + COMMON + '  tasks:' + URI_TOKEN + '''
    - name: First page
      ansible.builtin.uri:
        url: "{{ api_url }}/api/v2/users?pageSize=100&pageNumber=1"
        headers:
          Authorization: "Bearer {{ tok.json.access_token }}"
      no_log: true
      register: first
    - name: The other pages
      ansible.builtin.uri:
        url: "{{ api_url }}/api/v2/users?pageSize=100&pageNumber={{ item }}"
        headers:
          Authorization: "Bearer {{ tok.json.access_token }}"
      no_log: true
      register: rest
      loop: "{{ range(2, first.json.pageCount + 1) | list }}"
    - name: Check
      ansible.builtin.assert:
        that: (first.json.entities + (rest.results | map(attribute='json.entities') | flatten)) | length == %d
''' % USERS,
    'C-collection': '- hosts: host00' + COMMON + '  tasks:\n    - name: Token\n      genesys.cloud.oauth_token:\n' + ''.join(
        '    - name: GET %d\n      genesys.cloud.api:\n        path: /api/v2/organizations/me\n' % i for i in range(100)),
    'C-uri': '- hosts: host00' + COMMON + '  tasks:' + URI_TOKEN + ''.join(
        '    - name: GET %d\n      ansible.builtin.uri:\n        url: "{{ api_url }}/api/v2/organizations/me"\n'
        '        headers:\n          Authorization: "Bearer {{ tok.json.access_token }}"\n      no_log: true\n' % i for i in range(100)),
}

DESCRIPTIONS = {
    'A': ('50 hosts, forks 10: a token and one GET on each host', 0.5),
    'B': ('%d users, page_size 100: paginate vs a uri loop over the pages' % USERS, 0.3),
    'C': ('100 GET tasks in a row on one host', 0.5),
}


def run(name, workdir, env, log):
    path = os.path.join(workdir, name + '.yml')
    with open(path, 'w') as handle:
        handle.write(PLAYBOOKS[name])
    inventory = os.path.join(workdir, 'hosts.ini')
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', inventory, path]
    if name.startswith('A'):
        command += ['--forks', '10']
    before = _token_requests(log)
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout.decode('utf-8', 'replace')[-3000:])
        raise SystemExit('benchmark %s failed' % name)
    return elapsed, _token_requests(log) - before


def _token_requests(log):
    if not os.path.exists(log):
        return 0
    with open(log) as handle:
        return sum(1 for line in handle if line.strip() and json.loads(line)['path'] == '/oauth/token')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=1, help='runs of each variant; the median is used')
    parser.add_argument('--only', default='A,B,C')
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='genesys-bench-')
    with open(os.path.join(workdir, 'hosts.ini'), 'w') as handle:
        handle.write('\n'.join('host%02d' % i for i in range(50)) + '\n')
        handle.write('[all:vars]\nansible_connection=local\nansible_python_interpreter=%s\n' % sys.executable)
    log = os.path.join(workdir, 'requests.jsonl')
    process, ready = with_emulator.start(['--latency-ms', str(LATENCY_MS), '--users', str(USERS),
                                          '--api-rate-limit', '0'], log=log)
    env = with_emulator.emulator_environment(ready)
    env.update(ANSIBLE_NOCOLOR='1', ANSIBLE_HOST_KEY_CHECKING='False', ANSIBLE_LOCALHOST_WARNING='False')
    print('Benchmarks against the emulator with %d ms latency per request; ratio = collection / uri wall time.' % LATENCY_MS)
    try:
        for key in args.only.split(','):
            text, target = DESCRIPTIONS[key]
            times = {'collection': [], 'uri': []}
            tokens = {}
            for dummy in range(args.repeat):
                for variant in ('collection', 'uri'):  # side by side, alternating
                    elapsed, token_requests = run('%s-%s' % (key, variant), workdir, env, log)
                    times[variant].append(elapsed)
                    tokens[variant] = token_requests
            median = dict((v, sorted(t)[len(t) // 2]) for v, t in times.items())
            ratio = median['collection'] / median['uri']
            print('%s  %s' % (key, text))
            print('   collection %6.1f s, %d token request(s) | uri %6.1f s, %d token request(s) | ratio %.2f (target <= %.1f) %s'
                  % (median['collection'], tokens['collection'], median['uri'], tokens['uri'], ratio, target,
                     'met' if ratio <= target else 'NOT MET'))
            sys.stdout.flush()
    finally:
        with_emulator.stop(process)


if __name__ == '__main__':
    main()

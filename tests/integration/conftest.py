"""Integration tests: real ansible-playbook runs against the Genesys Cloud emulator over real sockets.

Every run is made at -vvvv with ANSIBLE_LOG_PATH set, and its output and log file are searched for
the secrets of the emulated org and for every token the emulator has issued so far: a run that
shows one fails its test, whatever the test is about.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import threading

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

import with_emulator  # noqa: E402  pylint: disable=wrong-import-position

BIN = os.path.dirname(sys.executable)


EU_DATA = os.path.join(ROOT, 'tests', 'emulator', 'org-eu-west-1.json')


class Emulator(object):
    """The session's emulator: the us-east-1 org (org.json) on the primary listeners, the eu-west-1
    org (org-eu-west-1.json) on its own, and an empty org for the other 16 regions."""

    def __init__(self, ready, log):
        self.ready = ready
        self.log = log
        self.api_url = ready['api_url']
        self.login_url = ready['login_url']
        self.control = ready['control_url']
        self.regions = ready['regions']
        with open(os.path.join(ROOT, 'tests', 'emulator', 'org.json')) as handle:
            self.org = json.load(handle)
        with open(EU_DATA) as handle:
            self.eu_org = json.load(handle)

    def client(self, name):
        for client in self.org['oauth_clients'] + self.eu_org['oauth_clients']:
            if client['name'] == name:
                return client
        raise KeyError(name)

    def region_urls(self):
        """GENESYSCLOUD_REGION_URLS for the emulator: every region to its listeners."""
        return json.dumps(dict((name, {'api_url': urls['api_url'], 'login_url': urls['login_url']})
                               for name, urls in self.regions.items()))

    def secrets(self):
        # Every secret the emulator has known, including those of clients the tests created or rotated.
        found = requests.get(self.control + '/secrets', timeout=10).json()['secrets']
        # The Basic header value of every client of the data files, as it would appear if a header were logged.
        found += [base64.b64encode(('%s:%s' % (c['id'], c['secret'])).encode()).decode()
                  for c in self.org['oauth_clients'] + self.eu_org['oauth_clients']]
        return found

    def issued(self):
        return requests.get(self.control + '/issued', timeout=10).json()['tokens']

    def faults(self, **settings):
        requests.post(self.control + '/faults', json=settings, timeout=10).raise_for_status()

    def reset(self):
        requests.post(self.control + '/reset', timeout=10).raise_for_status()

    def log_lines(self):
        with open(self.log) as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def token_requests(self, since=0):
        return [e for e in self.log_lines()[since:] if e['listener'] == 'login' and e['path'] == '/oauth/token']


@pytest.fixture(scope='session')
def emulator(tmp_path_factory):
    log = str(tmp_path_factory.mktemp('emulator') / 'requests.jsonl')
    process, ready = with_emulator.start(['--region', 'eu-west-1=' + EU_DATA, '--other-regions'], log=log)
    try:
        yield Emulator(ready, log)
    finally:
        with_emulator.stop(process)


@pytest.fixture(autouse=True)
def clean_faults(emulator):
    emulator.reset()
    yield
    emulator.reset()


def assert_no_leak(text, emulator, where='output'):
    for secret in emulator.secrets():
        assert secret not in text, 'a client secret (or Basic header) appears in the %s' % where
    for token in emulator.issued():
        assert token not in text, 'an access token appears in the %s' % where
        assert token[:16] not in text, 'the start of an access token appears in the %s' % where


class Run(object):
    def __init__(self, rc, output):
        self.rc = rc
        self.output = output
        # White space folded: older ansible-core wraps warnings to the terminal width.
        self.flat = ' '.join(output.split())


@pytest.fixture
def playbook(emulator, tmp_path):
    """Run a playbook of tests/integration/playbooks; return Run(rc, combined output)."""
    runtime = tmp_path / 'runtime'
    runtime.mkdir(mode=0o700)

    def run(name, extra_vars=None, env=None, args=(), inventory=None, credentials=True):
        base = dict((k, v) for k, v in os.environ.items() if not k.startswith('GENESYSCLOUD_'))
        if credentials:
            base = with_emulator.emulator_environment(emulator.ready, base)
        base.update(ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_HOST_KEY_CHECKING='False',
                    ANSIBLE_LOCALHOST_WARNING='False', ANSIBLE_INVENTORY_UNPARSED_WARNING='False',
                    XDG_RUNTIME_DIR=str(runtime))
        base.update(env or {})
        command = [os.path.join(BIN, 'ansible-playbook'), os.path.join(HERE, 'playbooks', name)]  # an absolute path is kept
        if inventory:
            command += ['-i', inventory]
        variables = {'emulator_api_url': emulator.api_url, 'emulator_login_url': emulator.login_url}
        variables.update(extra_vars or {})
        if not any(arg.startswith('-v') for arg in args):
            args = ['-vvvv'] + list(args)
        # Extra vars go in a file: -vvvv prints the command line, and some tests pass secrets.
        variables_file = tmp_path / ('extra-vars-%d.json' % len(os.listdir(str(tmp_path))))
        variables_file.write_text(json.dumps(variables))
        command += ['-e', '@%s' % variables_file] + list(args)
        log_path = str(tmp_path / 'ansible.log')
        base.setdefault('ANSIBLE_LOG_PATH', log_path)
        proc = subprocess.run(command, env=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600, check=False)
        output = proc.stdout.decode('utf-8', 'replace')
        assert_no_leak(output, emulator)
        if os.path.exists(base['ANSIBLE_LOG_PATH']):
            with open(base['ANSIBLE_LOG_PATH'], errors='replace') as handle:
                assert_no_leak(handle.read(), emulator, 'ANSIBLE_LOG_PATH file')
        assert 'Traceback (most recent call last)' not in output, output
        return Run(proc.returncode, output)

    run.runtime = str(runtime)
    return run


def read_tree(path):
    """Every file below path, as one text (to search it for secrets)."""
    text = ''
    for folder, _dirs, files in os.walk(str(path)):
        for name in files:
            with open(os.path.join(folder, name), errors='replace') as handle:
                text += handle.read()
    return text


@pytest.fixture
def silent_server():
    """The URL of a server that accepts connections and never answers (timeouts)."""
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(5)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except socket.timeout:
                pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d' % server.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        server.close()

"""What users meet before they run anything: the built tarball, the execution environment, the AWX
credential type."""

import json
import os
import subprocess
import sys
import tarfile

import jinja2
import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
with open(os.path.join(ROOT, 'galaxy.yml')) as _handle:
    VERSION = yaml.safe_load(_handle)['version']
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

import with_emulator  # noqa: E402  pylint: disable=wrong-import-position


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, **kwargs)


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    dest = tmp_path_factory.mktemp('dist')
    result = run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(dest), ROOT])
    assert result.returncode == 0, result.stdout.decode()
    (path,) = [os.path.join(str(dest), n) for n in os.listdir(str(dest)) if n.endswith('.tar.gz')]
    return path


def test_tarball_holds_the_collection_and_nothing_of_the_workspace(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    for wanted in ('MANIFEST.json', 'meta/runtime.yml', 'plugins/modules/api.py', 'plugins/action/api.py',
                   'plugins/module_utils/_http.py', 'plugins/lookup/token.py', 'playbooks/provision.yml',
                   'README.md', 'CHANGELOG.md', 'meta/execution-environment.yml', 'extensions/awx/credential_type.yml'):
        assert wanted in names or any(n.endswith('/' + wanted) for n in names), wanted
    for name in names:
        parts = name.split('/')
        assert not set(parts) & {'.venv', '.build', '.git', '__pycache__', '.pytest_cache', 'output'}, name
        assert not name.endswith(('.pyc', '.tar.gz', '.log')), name


def test_installed_tarball_runs_the_demo(tarball, tmp_path):
    collections = tmp_path / 'collections'
    # Only the fresh path: not the working tree (PYTHONPATH, ANSIBLE_COLLECTIONS_PATH of make test).
    env = dict((k, v) for k, v in os.environ.items() if k != 'PYTHONPATH')
    env['ANSIBLE_COLLECTIONS_PATH'] = str(collections)
    result = run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-p', str(collections), tarball], env=env)
    assert result.returncode == 0, result.stdout.decode()
    assert 'installed successfully' in result.stdout.decode(), result.stdout.decode()
    process, ready = with_emulator.start()
    try:
        env = with_emulator.emulator_environment(ready, env)
        env.update(ANSIBLE_LOCALHOST_WARNING='False', ANSIBLE_INVENTORY_UNPARSED_WARNING='False')
        installed = collections / 'ansible_collections' / 'genesys' / 'cloud'
        result = run([os.path.join(BIN, 'ansible-playbook'), str(installed / 'playbooks' / 'provision.yml')],
                     env=env, cwd=str(tmp_path))
    finally:
        with_emulator.stop(process)
    output = result.stdout.decode()
    assert result.returncode == 0, output
    assert 'Organization: Emulated Org' in output
    listing = run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'list', 'genesys.cloud'], env=env).stdout.decode()
    assert str(collections) in listing and 'genesys.cloud %s' % VERSION in listing  # the fresh path, not the working tree


def test_ansible_builder_creates_a_build_context(tmp_path):
    context = tmp_path / 'context'
    result = run([os.path.join(BIN, 'ansible-builder'), 'create', '-f', os.path.join(ROOT, 'meta', 'execution-environment.yml'),
                  '--context', str(context)], cwd=str(tmp_path))
    assert result.returncode == 0, result.stdout.decode()
    files = dict((name, open(os.path.join(folder, name)).read()) for folder, _d, names in os.walk(str(context)) for name in names
                 if name in ('Containerfile', 'Dockerfile', 'requirements.txt'))
    assert 'FROM' in files.get('Containerfile', files.get('Dockerfile', ''))
    assert 'requests>=2.25' in files['requirements.txt'] and 'jmespath>=0.10' in files['requirements.txt']


def test_awx_credential_type_injects_what_the_modules_read():
    with open(os.path.join(ROOT, 'extensions', 'awx', 'credential_type.yml')) as handle:
        credential_type = yaml.safe_load(handle)
    fields = dict((f['id'], f) for f in credential_type['inputs']['fields'])
    assert set(fields) == {'client_id', 'client_secret', 'region'}
    assert fields['client_secret'].get('secret') is True and not fields['client_id'].get('secret')
    assert set(credential_type['inputs']['required']) == set(fields)
    assert all(f['type'] == 'string' and f['label'] for f in fields.values())
    values = {'client_id': 'the-id', 'client_secret': 'the-secret', 'region': 'eu-west-1'}
    env = dict((k, jinja2.Template(v).render(**values)) for k, v in credential_type['injectors']['env'].items())
    assert env == {'GENESYSCLOUD_OAUTHCLIENT_ID': 'the-id', 'GENESYSCLOUD_OAUTHCLIENT_SECRET': 'the-secret',
                   'GENESYSCLOUD_REGION': 'eu-west-1'}
    # The injected names are the ones the connection options fall back to.
    sys.path.insert(0, os.path.join(ROOT, '.build', 'dev'))
    from ansible_collections.genesys.cloud.plugins.module_utils._options import CONNECTION_OPTIONS
    for name, variable in (('client_id', 'GENESYSCLOUD_OAUTHCLIENT_ID'), ('client_secret', 'GENESYSCLOUD_OAUTHCLIENT_SECRET'),
                           ('region', 'GENESYSCLOUD_REGION')):
        assert variable in CONNECTION_OPTIONS[name]['env']
    json.dumps(credential_type)  # AWX takes it as JSON too

"""Run `ansible-test sanity` and `ansible-test units` on the working tree, offline-safe.

ansible-test only works when the collection sits at .../ansible_collections/genesys/cloud, so the
files git would track are copied into such a tree first. The tree is outside the checkout: inside
it, ansible-test would ask the checkout's git for the files and find the copy ignored.

ansible-test bootstraps pip in each test virtualenv with a get-pip script it downloads from a
host these machines cannot reach. When the script is not cached, a stand-in is written to the cache
path: it does what get-pip does with what Python ships (ensurepip), then installs the requested
packages from the package index. See ../shared/reference/build-notes.md, "offline work-around".
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(tempfile.gettempdir(), 'genesys-cloud-sanity-%d' % os.getuid(), 'ansible_collections', 'genesys', 'cloud')

GET_PIP_STAND_IN = '''\
"""Offline stand-in for get-pip.py, written by the genesys.cloud collection's tests/sanity.py."""
import subprocess
import sys

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'])
args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
'''


def project_files():
    out = subprocess.check_output(['git', 'ls-files', '--cached', '--others', '--exclude-standard', '-z'], cwd=ROOT)
    return [name for name in out.decode('utf-8').split('\0') if name and os.path.isfile(os.path.join(ROOT, name))]


def copy_tree():
    shutil.rmtree(TARGET, ignore_errors=True)
    for name in project_files():
        dest = os.path.join(TARGET, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, name), dest)


def ensure_get_pip():
    import ansible_test
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source) as handle:
        versions = set(re.findall(r"pip='([0-9.]+)'", handle.read())) or {'24.2'}
    for version in versions:
        path = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % version.replace('.', '_'))
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w') as handle:
                handle.write(GET_PIP_STAND_IN)
            print('sanity.py: wrote the offline get-pip stand-in %s' % path)


def main():
    copy_tree()
    ensure_get_pip()
    python = '%d.%d' % sys.version_info[:2]
    ansible_test = os.path.join(os.path.dirname(sys.executable), 'ansible-test')
    args = sys.argv[1:]
    units = '--units' in args
    args = [a for a in args if a != '--units']
    commands = [[ansible_test, 'sanity', '--python', python, '--color', 'no'] + args]
    if units:
        # Unit tests in ansible-test's own virtualenv (tests/unit/requirements.txt adds ours).
        commands.append([ansible_test, 'units', '--venv', '--requirements', '--python', python, '--color', 'no'])
    for command in commands:
        print('sanity.py: %s (in %s)' % (' '.join(command), TARGET))
        status = subprocess.call(command, cwd=TARGET)
        if status:
            return status
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""The generated plugin documentation in docs/reference/ (antsibull-docs), and the changelog.

    python tests/docs.py --write   regenerate docs/reference/ and CHANGELOG.md after changing plugin docs
    python tests/docs.py           (make test) fail when docs/reference/ or CHANGELOG.md is stale, lint the
                                   plugin docs with antsibull-docs and the changelog with antsibull-changelog
"""

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, 'docs', 'reference')
BIN = os.path.dirname(sys.executable)


def run(*command, **kwargs):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get('PATH', ''))
    return subprocess.run([os.path.join(BIN, command[0])] + list(command[1:]), env=env, check=True, **kwargs)


def generate(dest):
    run('antsibull-docs', 'collection', '--use-current', '--dest-dir', dest, 'genesys.cloud', stdout=subprocess.DEVNULL)
    return os.path.join(dest, 'collections')


def differences(left, right):
    found = []
    compare = filecmp.dircmp(left, right)
    found += [os.path.join(left, n) for n in compare.left_only + compare.right_only + compare.diff_files]
    for name in compare.common_dirs:
        found += differences(os.path.join(left, name), os.path.join(right, name))
    return found


def main():
    write = '--write' in sys.argv[1:]
    with tempfile.TemporaryDirectory() as temp:
        fresh = generate(temp)
        if write:
            shutil.rmtree(REFERENCE, ignore_errors=True)
            shutil.copytree(fresh, REFERENCE)
            run('antsibull-changelog', 'generate', cwd=ROOT)
            print('docs.py: docs/reference/ and CHANGELOG.md regenerated')
            return 0
        stale = differences(fresh, REFERENCE) if os.path.isdir(REFERENCE) else [REFERENCE]
        if stale:
            print('docs.py: docs/reference/ is stale (%s); run: .venv/bin/python tests/docs.py --write' % ', '.join(
                os.path.relpath(p, temp) if p.startswith(temp) else os.path.relpath(p, ROOT) for p in stale[:5]))
            return 1
    with open(os.path.join(ROOT, 'CHANGELOG.md')) as handle:
        before = handle.read()
    run('antsibull-changelog', 'generate', cwd=ROOT)
    with open(os.path.join(ROOT, 'CHANGELOG.md')) as handle:
        if handle.read() != before:
            print('docs.py: CHANGELOG.md was stale; it has been regenerated, commit it')
            return 1
    run('antsibull-changelog', 'lint', cwd=ROOT)
    collection = os.path.join(os.environ['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep)[0], 'ansible_collections', 'genesys', 'cloud')
    run('antsibull-docs', 'lint-collection-docs', '--plugin-docs', collection)
    print('docs.py: docs/reference/ and CHANGELOG.md are up to date; plugin docs and changelog lint clean')
    return 0


if __name__ == '__main__':
    sys.exit(main())

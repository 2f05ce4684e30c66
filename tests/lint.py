"""ansible-lint, production profile, on playbooks/ and on every EXAMPLES block of the collection.

Each plugin's EXAMPLES (a list of tasks) is written as a one-play playbook into a folder outside
the checkout, so that ansible-lint judges the examples users copy as it judges their playbooks.
"""

import ast
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_DIRS = ('plugins/modules', 'plugins/lookup')
HEADER = '---\n# EXAMPLES of %s, as a playbook for ansible-lint\n- name: Examples of %s\n  hosts: localhost\n  gather_facts: false\n  tasks:\n'


def examples(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'EXAMPLES':
            return node.value.value
    return None


def write_examples(dest):
    written = []
    for folder in PLUGIN_DIRS:
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if not name.endswith('.py') or name == '__init__.py':
                continue
            text = examples(os.path.join(ROOT, folder, name))
            if not text:
                sys.exit('lint.py: %s/%s has no EXAMPLES' % (folder, name))
            fqcn = 'genesys.cloud.' + name[:-3]
            body = ''.join('    ' + line if line.strip() else '\n' for line in text.strip('\n').splitlines(True))
            target = os.path.join(dest, '%s_%s.yml' % (os.path.basename(folder), name[:-3]))
            with open(target, 'w') as handle:
                handle.write(HEADER % (fqcn, fqcn) + body.rstrip('\n') + '\n')
            written.append(target)
    return written


def main():
    dest = tempfile.mkdtemp(prefix='genesys-cloud-examples-')
    files = write_examples(dest)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-lint'), '--offline', '--profile', 'production',
               '--nocolor', os.path.join(ROOT, 'playbooks')] + files
    print('lint.py: ansible-lint on playbooks/ and %d EXAMPLES blocks' % len(files))
    return subprocess.call(command, cwd=ROOT)


if __name__ == '__main__':
    sys.exit(main())

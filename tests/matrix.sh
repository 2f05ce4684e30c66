#!/usr/bin/env bash
# The supported ansible-core matrix: the unit and integration tests on the oldest ansible-core that
# requires_ansible allows (2.16, on Python 3.10) and on the newest (2.21, on Python 3.12). The main
# run of make test uses the pinned 2.19 of requirements-dev.txt on the machine's Python 3.11.
# Each version gets its own virtualenv under .build/matrix/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

find_python() {  # find_python 3.10 -> a python3.10 from PATH or pyenv
  local version=$1 candidate
  for candidate in "$(pyenv root 2>/dev/null)/versions/$version"*/bin/python "$HOME/.pyenv/versions/$version"*/bin/python \
                   "python$version"; do
    # A pyenv shim answers command -v but may refuse to run: ask the interpreter itself.
    if "$candidate" -c 'import sys' >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

run_one() {  # run_one <python version> <ansible-core version>
  local py core venv
  py=$(find_python "$1") || { echo "matrix: Python $1 not found (pyenv install $1)"; return 1; }
  core=$2
  venv=$ROOT/.build/matrix/ansible-core-$core
  if [ ! -x "$venv/bin/ansible-playbook" ]; then
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "ansible-core==$core" \
      -r requirements.txt pytest==8.3.5 cryptography
  fi
  echo "== ansible-core $core on $("$venv/bin/python" --version)"
  ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/dev PYTHONPATH=$ROOT/.build/dev PATH=$venv/bin:$PATH \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/unit tests/integration
}

run_one 3.10 2.16.19
run_one 3.12 2.21.5

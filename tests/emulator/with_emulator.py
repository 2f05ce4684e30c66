"""Run a command against a freshly started Genesys Cloud emulator, then stop the emulator.

    python tests/emulator/with_emulator.py [--log FILE] [-- emulator options] -- COMMAND ...

The command runs with the GENESYSCLOUD_* variables of the emulator's demo client set
(GENESYSCLOUD_OAUTHCLIENT_ID, _SECRET, _API_URL, _LOGIN_URL), and without the ones that would
point it elsewhere (GENESYSCLOUD_REGION, _ACCESS_TOKEN, _API_REGION). Its exit status is returned.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def start(extra_args=(), log=None, timeout=20):
    """Start the emulator; return (process, ready) where ready is its ready-file JSON."""
    workdir = tempfile.mkdtemp(prefix='genesys-emulator-')
    ready_file = os.path.join(workdir, 'ready.json')
    command = [sys.executable, os.path.join(HERE, 'server.py'), '--ready-file', ready_file]
    if log:
        command += ['--log', log]
    process = subprocess.Popen(command + list(extra_args))
    deadline = time.time() + timeout
    while not os.path.exists(ready_file):
        if process.poll() is not None:
            raise RuntimeError('the emulator exited with status %s before it was ready' % process.returncode)
        if time.time() > deadline:
            process.kill()
            raise RuntimeError('the emulator was not ready within %s seconds' % timeout)
        time.sleep(0.05)
    with open(ready_file) as handle:
        ready = json.load(handle)
    os.remove(ready_file)  # it holds the demo client's secret
    os.rmdir(workdir)
    return process, ready


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def emulator_environment(ready, base=None):
    env = dict(os.environ if base is None else base)
    for name in ('GENESYSCLOUD_REGION', 'GENESYSCLOUD_ACCESS_TOKEN', 'GENESYSCLOUD_API_REGION'):
        env.pop(name, None)
    env.update(GENESYSCLOUD_OAUTHCLIENT_ID=ready['client_id'], GENESYSCLOUD_OAUTHCLIENT_SECRET=ready['client_secret'],
               GENESYSCLOUD_API_URL=ready['api_url'], GENESYSCLOUD_LOGIN_URL=ready['login_url'])
    return env


def main(argv):
    if '--' not in argv:
        sys.stderr.write(__doc__)
        return 2
    cut = len(argv) - 1 - argv[::-1].index('--')
    options, command = argv[:cut], argv[cut + 1:]
    log = None
    if options[:1] == ['--log']:
        log, options = options[1], options[2:]
    options = [o for o in options if o != '--']
    process, ready = start(options, log=log)
    try:
        return subprocess.call(command, env=emulator_environment(ready))
    finally:
        stop(process)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

"""Secrets (issue 5): every playbook of playbooks/ at -vvvv with ANSIBLE_LOG_PATH and a jsonfile fact
cache; the output, the log file and the cache hold no secret and no token the emulator issued.
(Every other integration run is made at -vvvv with ANSIBLE_LOG_PATH too: see conftest.py.)"""

import glob
import os

from conftest import ROOT, assert_no_leak, read_tree


def test_every_playbook_at_vvvv_with_a_log_file_and_a_jsonfile_cache(playbook, emulator, tmp_path):
    cache, log = tmp_path / 'facts', tmp_path / 'all-runs.log'
    env = {'ANSIBLE_CACHE_PLUGIN': 'jsonfile', 'ANSIBLE_CACHE_PLUGIN_CONNECTION': str(cache),
           'ANSIBLE_LOG_PATH': str(log)}
    issued_before = len(emulator.issued())
    playbooks = sorted(glob.glob(os.path.join(ROOT, 'playbooks', '*.yml')))
    assert len(playbooks) >= 2
    for path in playbooks:
        run = playbook(path, env=env, args=['-vvvv'])
        assert run.rc == 0, run.output
        with open(path) as handle:
            sets_the_fact = 'genesys.cloud.oauth_token' in handle.read()
        if sets_the_fact:
            assert 'would write the bearer token to persistent storage' in run.flat
    assert len(emulator.issued()) > issued_before  # tokens were issued and used...
    assert os.path.getsize(str(log)) > 10000      # ...the log holds the whole -vvvv story...
    assert_no_leak(read_tree(cache), emulator, 'fact cache')  # ...and none of them is there
    with open(str(log), errors='replace') as handle:
        assert_no_leak(handle.read(), emulator, 'log file')

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import multiprocessing
import os
import stat
import time

import pytest

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._options import Endpoints
from ansible_collections.genesys.cloud.plugins.module_utils._token import Token, TokenStore, iso_utc, token_fact


def test_token_expiry_from_the_token_answer():
    token = Token.from_token_response({'access_token': 'a', 'token_type': 'bearer', 'expires_in': 86399}, now=1000)
    assert token.expires_at == 1000 + 86399
    assert token.seconds_left(now=1399) == 86000
    assert Token('given').seconds_left() is None


def test_fact_shape_and_iso_expiry():
    token = Token('a', 'bearer', 86399, 1796414633)
    fact = token_fact(token, Endpoints('https://api.x', 'https://login.x', 'eu-west-1'), 'cid', now=1796414633 - 100)
    assert fact == {'access_token': 'a', 'token_type': 'bearer', 'expires_in': 100, 'expires_at': '2026-12-04T20:03:53Z',
                    'api_url': 'https://api.x', 'login_url': 'https://login.x', 'region': 'eu-west-1', 'client_id': 'cid'}
    assert iso_utc(None) is None


def test_store_reuses_until_min_ttl(tmp_path):
    store = TokenStore(str(tmp_path / 'root' / 'run-1'))
    made = []

    def create(lifetime):
        def make():
            made.append(lifetime)
            return Token('tok-%d' % len(made), 'bearer', lifetime, time.time() + lifetime)
        return make

    first, reused = store.get_or_create('k', 300, create(3600))
    assert not reused
    second, reused = store.get_or_create('k', 300, create(3600))
    assert reused and second.access_token == first.access_token
    # Asking for more life than the stored token has left replaces it.
    third, reused = store.get_or_create('k', 7200, create(86400))
    assert not reused and third.access_token == 'tok-2'
    assert made == [3600, 86400]


def test_store_is_private_and_keeps_no_secret(tmp_path):
    store = TokenStore(str(tmp_path / 'root' / 'run-1'))
    key = TokenStore.key('https://login.x', 'client-id', 'the-client-secret')
    store.get_or_create(key, 0, lambda: Token('tok', 'bearer', 60, time.time() + 60))
    assert stat.S_IMODE(os.stat(str(tmp_path / 'root')).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store.directory).st_mode) == 0o700
    for name in os.listdir(store.directory):
        path = os.path.join(store.directory, name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path, 'rb') as handle:
            assert b'the-client-secret' not in handle.read()
    assert 'the-client-secret' not in key


def test_store_refuses_a_shared_directory(tmp_path):
    root = tmp_path / 'root'
    root.mkdir()
    os.chmod(str(root), 0o777)
    with pytest.raises(ConfigurationError) as err:
        TokenStore(str(root / 'run-1')).get_or_create('k', 0, lambda: Token('tok'))
    assert 'not a private directory' in err.value.message


def test_forget_removes_a_revoked_token(tmp_path):
    store = TokenStore(str(tmp_path / 'root' / 'run-1'))
    store.get_or_create('k', 0, lambda: Token('tok', 'bearer', 60, time.time() + 60))
    store.forget('tok')
    token, reused = store.get_or_create('k', 0, lambda: Token('new', 'bearer', 60, time.time() + 60))
    assert not reused and token.access_token == 'new'


def test_for_run_removes_the_stores_of_ended_runs(tmp_path):
    root = TokenStore.user_root(str(tmp_path))
    dead = multiprocessing.get_context('fork').Process(target=lambda: None)
    dead.start()
    dead.join()
    os.makedirs(os.path.join(root, 'run-%d' % dead.pid))
    os.makedirs(os.path.join(root, 'run-%d' % os.getpid()))
    store = TokenStore.for_run(base=str(tmp_path))
    assert store.directory == os.path.join(root, 'run-%d' % os.getpid())  # pytest is a main process
    assert not os.path.exists(os.path.join(root, 'run-%d' % dead.pid))
    assert os.path.exists(os.path.join(root, 'run-%d' % os.getpid()))


def _race(directory, counter, barrier):
    barrier.wait()

    def create():
        with open(counter, 'a') as handle:
            handle.write('x')
        time.sleep(0.2)  # a slow token endpoint widens the race window
        return Token('tok-%d' % os.getpid(), 'bearer', 3600, time.time() + 3600)

    token = TokenStore(directory).get_or_create('k', 300, create)[0]
    with open(counter + '.tokens', 'a') as handle:
        handle.write(token.access_token + '\n')


def test_concurrent_forks_make_one_request(tmp_path):
    ctx = multiprocessing.get_context('fork')
    directory = str(tmp_path / 'root' / 'run-1')
    counter = str(tmp_path / 'created')
    barrier = ctx.Barrier(10)
    workers = [ctx.Process(target=_race, args=(directory, counter, barrier)) for dummy in range(10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    with open(counter) as handle:
        assert handle.read() == 'x'
    with open(counter + '.tokens') as handle:
        tokens = handle.read().split()
    assert len(tokens) == 10 and len(set(tokens)) == 1


def test_token_from_fact_round_trip():
    token = Token('a', 'bearer', 100, 1796414633)
    fact = token_fact(token, Endpoints('https://api.x', 'https://login.x', None), 'cid')
    again = Token.from_fact(fact)
    assert again.access_token == 'a' and again.expires_at == 1796414633
    assert Token.from_fact({'access_token': 'b', 'expires_at': None}).expires_at is None
    assert Token.from_fact({'access_token': 'b', 'expires_at': 'garbage'}).expires_at is None


def _report_run_pid(queue):
    queue.put(TokenStore.run_pid())


def test_a_forked_worker_uses_its_parent():
    ctx = multiprocessing.get_context('fork')
    queue = ctx.Queue()
    worker = ctx.Process(target=_report_run_pid, args=(queue,))
    worker.start()
    assert queue.get(timeout=10) == os.getpid()
    worker.join(10)

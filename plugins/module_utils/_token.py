# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tokens: the value, the client-credentials request, and the store that makes one token serve a run.

Internal to the collection, may change without notice.

Why a store: Ansible runs every host's task in its own forked worker, so memory is not shared.
Genesys rate-limits token creation (facts §1, §5) and asks clients to reuse one token, so a play
over many hosts must not mint one per host. The store is a directory readable by the current user
only (0700, files 0600), one file per credentials, locked so that forks asking at the same moment
make one request. It keeps tokens, never the client secret (the file name is a hash of the login
URL, client id and secret). By default it lives for one ``ansible-playbook`` run: its directory is
named after the run's process and removed by the next run once that process has ended.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import errno
import hashlib
import json
import multiprocessing
import os
import shutil
import stat
import tempfile
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows is not an Ansible controller
    HAS_FCNTL = False

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ConfigurationError
from ansible_collections.genesys.cloud.plugins.module_utils._options import client_credentials

STORE_VERSION = 1
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def iso_utc(epoch):
    """ISO 8601 in UTC with a Z, to the second: 2026-12-04T20:03:53Z."""
    if epoch is None:
        return None
    moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


class Token(object):
    """An access token and when it stops working (``expires_at``, epoch seconds; None if unknown)."""

    __slots__ = ('access_token', 'token_type', 'expires_in', 'expires_at')

    def __init__(self, access_token, token_type='bearer', expires_in=None, expires_at=None):
        self.access_token = access_token
        self.token_type = token_type
        self.expires_in = expires_in
        self.expires_at = expires_at

    @classmethod
    def from_token_response(cls, body, now=None):
        """From the token endpoint's JSON (facts §1); the expiry is counted from ``now``."""
        now = time.time() if now is None else now
        try:
            expires_in = int(body.get('expires_in'))
        except (TypeError, ValueError):
            expires_in = None
        return cls(body['access_token'], str(body.get('token_type') or 'bearer'), expires_in,
                   None if expires_in is None else now + expires_in)

    @classmethod
    def from_fact(cls, fact):
        """From the dict oauth_token returns and sets as a fact (expires_at in ISO 8601 UTC)."""
        expires_at = None
        if fact.get('expires_at'):
            try:
                moment = datetime.datetime.strptime(str(fact['expires_at']), '%Y-%m-%dT%H:%M:%SZ')
                expires_at = (moment.replace(tzinfo=datetime.timezone.utc) - EPOCH).total_seconds()
            except ValueError:
                expires_at = None
        return cls(str(fact['access_token']), str(fact.get('token_type') or 'bearer'), fact.get('expires_in'), expires_at)

    def seconds_left(self, now=None):
        """Seconds of life left; None when the expiry is unknown (a token given by the user)."""
        if self.expires_at is None:
            return None
        return self.expires_at - (time.time() if now is None else now)

    def to_dict(self):
        return dict((name, getattr(self, name)) for name in self.__slots__)

    @classmethod
    def from_dict(cls, data):
        return cls(**dict((name, data.get(name)) for name in cls.__slots__))


def token_fact(token, endpoints, client_id, now=None):
    """The dict returned as ``token`` and set as the fact: everything a later task needs."""
    left = token.seconds_left(now)
    return {
        'access_token': token.access_token,
        'token_type': token.token_type,
        'expires_in': None if left is None else max(0, int(left)),
        'expires_at': iso_utc(token.expires_at),
        'api_url': endpoints.api_url,
        'login_url': endpoints.login_url,
        'region': endpoints.region,
        'client_id': client_id,
    }


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


class TokenStore(object):
    """Tokens shared between the forks of a run, in a directory only the current user can read."""

    def __init__(self, directory):
        self.directory = directory

    @staticmethod
    def run_pid():
        """The pid of the ansible-playbook process: the parent of a worker, or this process itself
        when code runs there (a lookup templated by the main process)."""
        if multiprocessing.current_process().name == 'MainProcess':
            return os.getpid()
        return os.getppid()

    @classmethod
    def for_run(cls, run_pid=None, base=None):
        """The store of the current run."""
        run_pid = cls.run_pid() if run_pid is None else run_pid
        root = cls.user_root(base)
        cls._remove_ended_runs(root)
        return cls(os.path.join(root, 'run-%d' % run_pid))

    @staticmethod
    def user_root(base=None):
        # XDG_RUNTIME_DIR is a per-user tmpfs where systemd provides one: tokens then never
        # touch a disk, and it is emptied at logout.
        base = base or os.environ.get('XDG_RUNTIME_DIR') or tempfile.gettempdir()
        return os.path.join(base, 'genesys-cloud-tokens-%d' % os.getuid())

    @staticmethod
    def _remove_ended_runs(root):
        try:
            names = os.listdir(root)
        except OSError:
            return
        for name in names:
            if name.startswith('run-') and name[4:].isdigit() and not _pid_alive(int(name[4:])):
                shutil.rmtree(os.path.join(root, name), ignore_errors=True)

    @staticmethod
    def key(login_url, client_id, client_secret):
        """Names the credentials without storing the secret: a hash of login URL, id and secret."""
        material = '\0'.join(('genesys.cloud token store', str(STORE_VERSION), login_url, client_id, client_secret))
        return hashlib.sha256(material.encode('utf-8')).hexdigest()

    def _ensure_private_dir(self, path):
        try:
            os.makedirs(path, 0o700)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise ConfigurationError('Cannot create the token store directory %s: %s' % (path, exc.strerror),
                                         fix='make the temporary directory writable, or set TMPDIR')
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise ConfigurationError(
                'Refusing to keep tokens in %s: it is not a private directory of the current user' % path,
                cause='another user created it, it is a link, or its permissions were widened',
                fix='remove it (it holds nothing that cannot be fetched again) and run again')

    def _prepare(self):
        if not HAS_FCNTL:
            raise ConfigurationError('File locking is not available on this controller',
                                     fix='run Ansible on Linux or macOS')
        self._ensure_private_dir(os.path.dirname(self.directory))
        self._ensure_private_dir(self.directory)

    def _path(self, key, suffix):
        return os.path.join(self.directory, key + suffix)

    def _read(self, key):
        try:
            with open(self._path(key, '.json'), 'r') as handle:
                data = json.load(handle)
        except (OSError, IOError, ValueError):
            return None
        if data.get('version') != STORE_VERSION or not data.get('access_token'):
            return None
        return Token.from_dict(data)

    def _write(self, key, token):
        data = token.to_dict()
        data['version'] = STORE_VERSION
        tmp = self._path(key, '.tmp')
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        with os.fdopen(fd, 'w') as handle:
            json.dump(data, handle)
        os.replace(tmp, self._path(key, '.json'))

    def get_or_create(self, key, min_ttl, create):
        """Return (token, reused). ``create()`` is called, under the lock, only when no stored
        token has at least ``min_ttl`` seconds left; concurrent callers wait and reuse its token."""
        self._prepare()
        fd = os.open(self._path(key, '.lock'), os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            token = self._read(key)
            if token is not None and (token.seconds_left() or 0) >= min_ttl:
                return token, True
            token = create()
            self._write(key, token)
            return token, False
        finally:
            os.close(fd)  # closing releases the lock

    def forget(self, access_token):
        """Remove every stored entry holding ``access_token`` (after it was revoked)."""
        try:
            names = os.listdir(self.directory)
        except OSError:
            return
        for name in names:
            if name.endswith('.json'):
                key = name[:-len('.json')]
                token = self._read(key)
                if token is not None and token.access_token == access_token:
                    try:
                        os.remove(self._path(key, '.json'))
                    except OSError:
                        pass


def obtain_token(http, endpoints, params, min_ttl, store=None):
    """A client-credentials token with at least ``min_ttl`` seconds left: from the store when it
    has one, else from the token endpoint. Returns (token, reused)."""
    client_id, client_secret = client_credentials(params)

    def create():
        return Token.from_token_response(http.request_token(endpoints, client_id, client_secret))

    if store is None:
        return create(), False
    return store.get_or_create(TokenStore.key(endpoints.login_url, client_id, client_secret), min_ttl, create)

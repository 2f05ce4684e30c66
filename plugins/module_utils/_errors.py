# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's one error path. Internal to the collection, may change without notice.

Every expected failure becomes a GenesysError that says what failed, the likely cause and what
to do, and carries the API's status, code and contextId. Modules and plugins turn it into a failed
result with ``to_result()``; nothing else is needed to report a failure, and no traceback reaches
the user for an expected one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class GenesysError(Exception):
    """A failure explained for people.

    ``what``  what failed, with the facts (URL, status, the server's words);
    ``cause`` the likely cause; ``fix`` what to do about it.
    """

    kind = 'error'

    def __init__(self, what, cause=None, fix=None, status=None, code=None, context_id=None, url=None):
        self.what = what
        self.cause = cause
        self.fix = fix
        self.status = status
        self.code = code
        self.context_id = context_id
        self.url = url
        super(GenesysError, self).__init__(self.message)

    @property
    def message(self):
        parts = [self.what.rstrip('.') + '.']
        if self.cause:
            parts.append('Likely cause: %s' % self.cause.rstrip('.') + '.')
        if self.fix:
            parts.append('What to do: %s' % self.fix.rstrip('.') + '.')
        if self.context_id:
            parts.append('(Genesys contextId %s)' % self.context_id)
        return ' '.join(parts)

    def to_result(self):
        """The failed task result for this error."""
        error = {'kind': self.kind}
        for key in ('status', 'code', 'context_id', 'url'):
            value = getattr(self, key)
            if value is not None:
                error[key] = value
        return {'failed': True, 'changed': False, 'msg': self.message, 'error': error}


class ConfigurationError(GenesysError):
    """The options are wrong; nothing was sent."""

    kind = 'configuration'


class TransportError(GenesysError):
    """No HTTP answer: DNS, refused connection, TLS, timeout."""

    kind = 'transport'


class TokenRequestError(GenesysError):
    """The token endpoint answered, but gave no token.

    ``reason`` says why, for code (the message is for people): ``client_not_found``,
    ``authentication_failed``, ``wrong_grant_type``, ``token_rate_limited`` or ``token_endpoint``
    (an answer that is not an OAuth answer, or another OAuth error).
    """

    kind = 'token_request'

    def __init__(self, what, reason='token_endpoint', **kwargs):
        self.reason = reason
        super(TokenRequestError, self).__init__(what, **kwargs)


class ApiError(GenesysError):
    """The API answered with an error status."""

    kind = 'api'

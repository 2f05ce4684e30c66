# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The base of the collection's action plugins. Internal to the collection, may change without notice.

The modules of this collection talk to a remote API, not to the managed host, so their work runs
here on the controller, in the action plugin's own process: no delegate_to, no module packaging
and start-up per task, and one place (this class) that validates the options, opens the HTTP
client, and turns every GenesysError into a failed result whose message contains no secret.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.genesys.cloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._http import GenesysHttp
from ansible_collections.genesys.cloud.plugins.module_utils._options import connection_argument_spec, validate_common
from ansible_collections.genesys.cloud.plugins.plugin_utils import _auth

display = Display()


def verbose_log(line):
    """Retries and renewals, shown at -v; the lines never hold a secret (see GenesysHttp)."""
    display.v('genesys.cloud: %s' % line)


class GenesysAction(ActionBase):
    """Subclasses set MODULE_OPTIONS (their own options) and implement ``execute``."""

    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False
    TRANSFERS_FILES = False

    MODULE_OPTIONS = {}

    @classmethod
    def argument_spec(cls):
        spec = connection_argument_spec()
        spec.update(cls.MODULE_OPTIONS)
        return spec

    def run(self, tmp=None, task_vars=None):
        result = super(GenesysAction, self).run(tmp, task_vars)
        validation, params = self.validate_argument_spec(argument_spec=self.argument_spec())
        secrets = set(validation._no_log_values)
        http = None
        try:
            validate_common(params)
            http = GenesysHttp.from_params(params, log=verbose_log)
            result.update(self.execute(params, http, task_vars or {}))
        except GenesysError as exc:
            result.update(exc.to_result())
        finally:
            if http is not None:
                http.close()
        if result.get('failed'):
            # Defence in depth: a failure is shown to people, so no secret value may survive in it.
            result = remove_values(result, secrets)
        return result

    def execute(self, params, http, task_vars):  # pragma: no cover - abstract
        raise NotImplementedError

    def authenticate(self, params, http, task_vars, fact_name='genesys_cloud_token', min_ttl=_auth.API_CALL_MIN_TTL):
        """The token for an API task (see _auth.authenticate)."""
        return _auth.authenticate(params, http, task_vars, fact_name, min_ttl)

    @staticmethod
    def with_renewal(auth, params, http, operation):
        """Run ``operation(auth)``, with one fresh token after a 401 (see _auth.with_renewal)."""
        return _auth.with_renewal(auth, params, http, operation)

"""Genesys Cloud emulator: a loopback HTTP server that behaves like Genesys Cloud.

Two listeners per org, as in the real service:

* the **login** listener (``login.<domain>``) issues client-credentials tokens at
  ``POST /oauth/token``;
* the **api** listener (``api.<domain>``) serves a few ``/api/v2`` routes with bearer
  authentication, permissions, page-number listings and rate limits, plus a control API
  under ``/__emulator/`` to inject faults in tests.

The behaviour follows the project's facts file (the "facts" below; section numbers are
cited in the comments). Where the facts file says UNCONFIRMED, the emulator picks one
plausible behaviour and says so in a comment; client code must not depend on it.

Standard library only, so that users can run it anywhere::

    python tests/emulator/server.py --ready-file /tmp/emulator.json

or in-process::

    from tests.emulator.server import Emulator
    with Emulator(users=50) as emu:
        print(emu.api_url, emu.login_url)

Multi-region mode serves several orgs in one process, each in its own region on its own pair
of listeners (facts §2: a client exists in exactly one region), plus optionally one empty org
that answers for every other region::

    python tests/emulator/server.py --ready-file /tmp/emulator.json \
        --region eu-west-1=tests/emulator/org-eu-west-1.json --other-regions

    from tests.emulator.server import Regions
    with Regions(regions={"eu-west-1": "tests/emulator/org-eu-west-1.json"}, others=True) as group:
        print(group.emulator("eu-west-1").login_url)

See README.md beside this file for the options, the control API and the org's clients.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import collections
import copy
import ipaddress
import json
import math
import os
import re
import secrets
import signal
import socket
import random
import socketserver
import ssl
import sys
import threading
import time
import traceback
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_FILE = os.path.join(HERE, "org.json")
MODELS_FILE = os.path.join(HERE, "sdk_models.json")

# Rate-limit windows are one minute long (facts §5: "300 requests per token per minute").
RATE_WINDOW_S = 60.0
DEFAULT_API_RATE_LIMIT = 300
DEFAULT_USERS = 120

# Page-number listings (facts §5). Genesys defaults to 25 entities a page and refuses more than 500.
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 500

# A request body larger than this is refused: the emulator only ever needs small JSON bodies.
MAX_BODY_BYTES = 10 * 1024 * 1024
# Size of the "huge" fault body: large enough to show a client that prints whole bodies.
HUGE_BODY_BYTES = 1024 * 1024

REDACTED = "***"

# Query keys whose values are never written to the request log, whatever they hold.
_SENSITIVE_KEY_PARTS = ("secret", "token", "password", "passwd", "assertion", "authorization", "credential", "code", "key")

CONTROL_PREFIX = "/__emulator"

# The regions of Genesys Cloud (facts §2; the same names as the collection's
# plugins/module_utils/_regions.py, copied: the emulator does not import the collection).
REGION_NAMES = (
    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1", "mx-central-1",
    "eu-west-1", "eu-west-2", "eu-central-1", "eu-central-2", "me-central-1", "ap-south-1",
    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "eusc-de-east-1",
)
DEFAULT_REGION = "us-east-1"

# OAuth clients (facts §4; allowed values from the SDK model, sdk_models.json).
GRANT_TYPES = ("CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS")
CLIENT_STATES = ("active", "disabled", "inactive")
# Token lifetime bounds and default (facts §1: 300..172800 s, default 86400).
MIN_TOKEN_VALIDITY_S = 300
MAX_TOKEN_VALIDITY_S = 172800
DEFAULT_TOKEN_VALIDITY_S = 86400
# The SDK model's own wording of the grant rules (facts §4), quoted in the 400 messages.
SCOPE_RULE = "Scopes only apply to clients not using the client_credential grant"
ROLES_RULE = "Roles and divisions only apply to clients using the client_credential grant"


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def _now_iso() -> str:
    """Genesys timestamps: ISO-8601 UTC with milliseconds and a 'Z'."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _json_bytes(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode("utf-8")


def _looks_like_uuid(value: str) -> bool:
    try:
        return len(value) == 36 and bool(uuid.UUID(value))
    except ValueError:
        return False


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class Response:
    """What an app returns to the HTTP plumbing.

    ``body`` is bytes (``b""`` for none). ``drop`` closes the connection without writing
    anything, to emulate a proxy or load balancer that resets the connection.
    """

    __slots__ = ("status", "body", "content_type", "headers", "drop")

    def __init__(self, status, body=b"", content_type="application/json", headers=None, drop=False):
        self.status = status
        self.body = body
        self.content_type = content_type if body else None
        self.headers = dict(headers or {})
        self.drop = drop

    @classmethod
    def json(cls, status, obj, headers=None):
        return cls(status, _json_bytes(obj), "application/json", headers)


class Request:
    """One parsed HTTP request, as the apps see it."""

    __slots__ = ("listener", "method", "path", "query", "headers", "body", "correlation_id", "client_address")

    def __init__(self, listener, method, path, query, headers, body, client_address):
        self.listener = listener
        self.method = method
        self.path = path
        self.query = query          # dict of str -> list[str], as parse_qs returns
        self.headers = headers      # email.message.Message: case-insensitive get()
        self.body = body
        self.client_address = client_address
        # Every response carries ININ-Correlation-Id, and a Genesys error body repeats it as
        # contextId (facts §5), so it is chosen once per request.
        self.correlation_id = str(uuid.uuid4())

    def param(self, name, default=None):
        values = self.query.get(name)
        return values[0] if values else default


def _basic_credentials(headers):
    """Return (client_id, secret) from an ``Authorization: Basic`` header, or None.

    Splits the decoded ``id:secret`` on the FIRST colon: a client id never contains one, a
    secret may (facts §1; the org's "Colon Secret" client exercises this).
    """
    value = headers.get("Authorization", "")
    scheme, _sep, encoded = value.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    client_id, colon, secret = decoded.partition(":")
    if not colon or not client_id:
        return None
    return client_id, secret


def _bearer_token(headers):
    value = headers.get("Authorization", "")
    scheme, _sep, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


# --------------------------------------------------------------------------------------------
# Genesys error bodies (facts §5: ErrorBody)
# --------------------------------------------------------------------------------------------

class ApiError(Exception):
    """An error that becomes a Genesys ``ErrorBody`` response on the api listener."""

    def __init__(self, status, code, message, headers=None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def response(self, request):
        return Response.json(self.status, error_body(self.status, self.code, self.message, request.correlation_id, **self.extra),
                             self.headers)


def error_body(status, code, message, context_id, **extra):
    body = {"message": message, "code": code, "status": status}
    body.update(extra)
    body.update({"contextId": context_id, "details": [], "errors": []})
    return body


def _retry_message(seconds):
    return f"Rate limit exceeded the maximum. Retry the request in [{seconds}] seconds"


def rate_limited_error(retry_after_s):
    """The normalized 429 (facts §5, DOC-429): Retry-After header and a message quoting it."""
    seconds = max(1, int(math.ceil(retry_after_s)))
    return ApiError(429, "too.many.requests.retry.after", _retry_message(seconds), headers={"Retry-After": str(seconds)})


def missing_permission_error(permission):
    """403 for a missing permission (facts §4: message seen in TF issue 277; code UNCONFIRMED)."""
    listed = f"[{permission}]"
    template = "Unable to perform the requested action. You must have at least one of the following permissions assigned: {permissions}"
    return ApiError(403, "missing.any.permissions", template.replace("{permissions}", listed),
                    messageWithParams=template, messageParams={"permissions": listed})


# Codes for 5xx and other statuses injected by fault rules. The 5xx codes are the ones the
# platform uses in its normalized error bodies; exact wording is not documented.
_FAULT_ERRORS = {
    400: ("bad.request", "The request could not be understood by the server due to malformed syntax."),
    401: ("bad.credentials", "Invalid login credentials."),
    403: ("not.authorized", "You are not authorized to perform the requested action."),
    404: ("not.found", "The requested resource was not found."),
    409: ("conflict", "The request conflicts with the current state of the resource."),
    500: ("internal.server.error", "The server encountered an unexpected condition which prevented it from fulfilling the request."),
    502: ("bad.gateway", "The server received an invalid response from an upstream server."),
    503: ("service.unavailable", "The service is currently unavailable. Please try again later."),
    504: ("gateway.timeout", "The server did not receive a timely response from an upstream server."),
}


# --------------------------------------------------------------------------------------------
# State: the org, the issued tokens, the fault settings, the request log
# --------------------------------------------------------------------------------------------

class SecretRegistry:
    """Every client secret the process has known: loaded from a data file, created or rotated.

    Nothing is ever forgotten (not on rotation, deletion or reset): the request log scrubs
    these values and tests search their output for them (GET /__emulator/secrets). In
    multi-region mode every org of the process shares one registry.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._secrets = {}  # a dict as an ordered set

    def add(self, secret):
        if secret:
            with self._lock:
                self._secrets[secret] = None

    def __contains__(self, value):
        with self._lock:
            return value in self._secrets

    def all(self):
        with self._lock:
            return list(self._secrets)


class Org:
    """The organization's data (org.json) plus the generated users, the live queues and the
    live OAuth clients."""

    # Queue fields that the server owns: a POST or PUT body cannot set them.
    _QUEUE_READ_ONLY = frozenset(("id", "selfUri", "dateCreated", "dateModified", "createdBy", "modifiedBy",
                                  "memberCount", "userMemberCount", "joinedMemberCount", "division"))
    _QUEUE_DEFAULTS = {
        "skillEvaluationMethod": "ALL", "scoringMethod": "TimestampAndPriority", "lastAgentRoutingMode": "Disabled",
        "autoAnswerOnly": False, "enableTranscription": False, "enableAudioMonitoring": False,
        "enableManualAssignment": False, "suppressInQueueCallRecording": True,
    }

    # OAuthClient fields that a POST or PUT body sets (facts §4); any other key of a body
    # (id, secret, dates, createdBy, modifiedBy, selfUri, the deprecated roleIds...) is ignored.
    _CLIENT_WRITABLE = ("name", "description", "authorizedGrantType", "accessTokenValiditySeconds", "roleDivisions",
                        "scope", "state", "registeredRedirectUri")

    def __init__(self, data, user_count, queue_fields, secret_registry=None):
        self.lock = threading.Lock()
        self.settings = data.get("emulator", {})
        self.organization = data["organization"]
        self.divisions = list(data["divisions"])
        self.divisions_by_id = {d["id"]: d for d in self.divisions}
        self.home_division = next(d for d in self.divisions if d.get("homeDivision"))
        self.roles = list(data["roles"])
        self.roles_by_id = {r["id"]: r for r in self.roles}
        self.clients = {c["id"]: dict(c) for c in data["oauth_clients"]}
        self._initial_clients = copy.deepcopy(self.clients)
        self.secrets = SecretRegistry() if secret_registry is None else secret_registry
        for client in self.clients.values():
            self.secrets.add(client.get("secret"))
        self.scopes = list(data.get("scopes", []))
        self.queues = {q["id"]: dict(q) for q in data.get("queues", [])}
        self._writable_queue_fields = frozenset(queue_fields) - self._QUEUE_READ_ONLY
        # Users are generated once and never change, so a listing is a plain slice of this list:
        # no per-request work proportional to the number of users (benchmarks use 10000).
        self.users = self._generate_users(user_count)

    # -- users ---------------------------------------------------------------------------------

    _FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus",
              "Frances", "John", "Katherine", "Dennis", "Hedy", "Niklaus", "Sophie", "Tim", "Lynn", "Guido")
    _LAST = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman",
             "Torvalds", "Allen", "Backus", "Johnson", "Ritchie", "Lamarr", "Wirth", "Wilson", "Berners-Lee",
             "Conway", "van Rossum", "Kay", "Cerf", "Goldberg", "Lamport", "Milner")

    def _generate_users(self, count):
        """Deterministic users: ids are uuid5(namespace, "user-<index>") so runs are reproducible."""
        spec = self.settings.get("generated_users", {})
        namespace = uuid.UUID(spec.get("id_namespace", "5bda8f6b-fafc-40ba-8368-e216b2c360d6"))
        email_domain = spec.get("email_domain", "emulated-org.example")
        division = self.divisions_by_id.get(spec.get("division_id"), self.home_division)
        division_ref = {"id": division["id"], "name": division["name"], "selfUri": division["selfUri"]}
        users = []
        for index in range(count):
            first = self._FIRST[index % len(self._FIRST)]
            last = self._LAST[(index // len(self._FIRST)) % len(self._LAST)]
            user_id = str(uuid.uuid5(namespace, f"user-{index}"))
            email = f"{first.lower()}.{last.lower().replace(' ', '')}.{index:05d}@{email_domain}"
            users.append({"id": user_id, "name": f"{first} {last}", "division": division_ref, "email": email,
                          "state": "active", "username": email, "version": 1, "selfUri": "/api/v2/users/" + user_id})
        return users

    # -- clients and permissions ---------------------------------------------------------------

    def client(self, client_id):
        with self.lock:
            return self.clients.get(client_id)

    @staticmethod
    def public_client(client):
        """An OAuthClient as the API returns it: never with its secret."""
        return {k: v for k, v in client.items() if k != "secret"}

    def set_client_state(self, client_id, state):
        with self.lock:
            client = self.clients.get(client_id)
            if client is None:
                return None
            client = dict(client, state=state, dateModified=_now_iso())
            self.clients[client_id] = client
            return client

    def reset_clients(self):
        """Clients back to the data file: created ones removed, deleted ones back, edits, state
        changes and secret rotations undone. The secrets registry keeps every secret."""
        with self.lock:
            self.clients = copy.deepcopy(self._initial_clients)

    # -- client writes (facts §4) --------------------------------------------------------------

    def _client_fields(self, body):
        """Validate a POST or PUT body (OAuthClientRequest); return its writable fields, with
        the defaults filled in. Raises ApiError 400 ``bad.request``: the rules come from facts
        §1 and §4, the wording of the messages is the emulator's (the real ones are UNCONFIRMED)."""
        if not isinstance(body, dict):
            raise ApiError(400, "bad.request", "The request body must be a JSON object.")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "bad.request", "The OAuth client name is required.")
        description = body.get("description")
        if description is not None and not isinstance(description, str):
            raise ApiError(400, "bad.request", "description must be a string.")
        grant = body.get("authorizedGrantType")
        if grant not in GRANT_TYPES:
            raise ApiError(400, "bad.request", "authorizedGrantType is required and must be one of: " + ", ".join(GRANT_TYPES) + ".")
        validity = body.get("accessTokenValiditySeconds")
        if validity is None:
            validity = DEFAULT_TOKEN_VALIDITY_S
        if (not isinstance(validity, int) or isinstance(validity, bool)
                or not MIN_TOKEN_VALIDITY_S <= validity <= MAX_TOKEN_VALIDITY_S):
            raise ApiError(400, "bad.request", f"accessTokenValiditySeconds must be an integer from {MIN_TOKEN_VALIDITY_S} "
                                               f"to {MAX_TOKEN_VALIDITY_S}.")
        state = body.get("state")
        if state is None:
            state = "active"
        if state not in CLIENT_STATES:
            raise ApiError(400, "bad.request", "state must be one of: " + ", ".join(CLIENT_STATES) + ".")
        role_divisions = body.get("roleDivisions") or []
        if not isinstance(role_divisions, list) or not all(
                isinstance(g, dict) and isinstance(g.get("roleId"), str) and isinstance(g.get("divisionId"), str)
                for g in role_divisions):
            raise ApiError(400, "bad.request", "roleDivisions must be a list of {\"roleId\": ..., \"divisionId\": ...} objects.")
        scope = body.get("scope") or []
        redirect_uris = body.get("registeredRedirectUri")
        for key, value in (("scope", scope), ("registeredRedirectUri", redirect_uris or [])):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ApiError(400, "bad.request", f"{key} must be a list of strings.")
        # Which grants take roles and which take scopes (facts §4, the SDK model's text).
        if grant == "CLIENT-CREDENTIALS" and scope:
            raise ApiError(400, "bad.request", f"{SCOPE_RULE}: remove scope from this CLIENT-CREDENTIALS client.")
        if grant != "CLIENT-CREDENTIALS" and role_divisions:
            raise ApiError(400, "bad.request", f"{ROLES_RULE}: remove roleDivisions from this {grant} client.")
        for grant_ref in role_divisions:
            if grant_ref["roleId"] not in self.roles_by_id:
                raise ApiError(400, "bad.request", f"The role [{grant_ref['roleId'][:64]}] does not exist.")
            # "*" grants the role in every division (UNCONFIRMED as accepted by this endpoint).
            if grant_ref["divisionId"] != "*" and grant_ref["divisionId"] not in self.divisions_by_id:
                raise ApiError(400, "bad.request", f"The division [{grant_ref['divisionId'][:64]}] does not exist.")

        fields = {"name": name, "authorizedGrantType": grant, "accessTokenValiditySeconds": validity, "state": state}
        if description is not None:
            fields["description"] = description
        # Like the data file: roleDivisions on client-credentials clients, scope on the others.
        if grant == "CLIENT-CREDENTIALS":
            fields["roleDivisions"] = [{"roleId": g["roleId"], "divisionId": g["divisionId"]} for g in role_divisions]
        else:
            fields["scope"] = list(scope)
        if redirect_uris is not None:
            fields["registeredRedirectUri"] = list(redirect_uris)
        return fields

    @staticmethod
    def _role_ids(client):
        return [g["roleId"] for g in client.get("roleDivisions") or []]

    def _check_caller_holds(self, caller, role_ids):
        """A caller may only grant roles it holds itself (Genesys' rule; divisions not compared).

        The real status, code and message are UNCONFIRMED: the emulator answers 403
        ``not.authorized`` naming the roles."""
        held = set(self._role_ids(caller))
        missing = [rid for rid in dict.fromkeys(role_ids) if rid not in held]
        if missing:
            raise ApiError(403, "not.authorized", "You cannot grant roles you do not have: [" + ", ".join(missing) + "]")

    def create_client(self, body, caller):
        """POST /api/v2/oauth/clients: the new client, with its secret."""
        fields = self._client_fields(body)
        self._check_caller_holds(caller, self._role_ids(fields))
        client_id = str(uuid.uuid4())
        now = _now_iso()
        client = dict(fields, id=client_id, secret=secrets.token_urlsafe(32), dateCreated=now, dateModified=now,
                      createdBy={"id": caller["id"]}, modifiedBy={"id": caller["id"]},
                      selfUri="/api/v2/oauth/clients/" + client_id)
        self.secrets.add(client["secret"])  # known to the log scrubbing before it can be used
        with self.lock:
            self.clients[client_id] = client
        return client

    def update_client(self, client_id, body, caller):
        """PUT: the writable fields replaced by the body's (defaults for those it omits); the
        caller-held rule applies to the roles being added. None when there is no such client."""
        current = self.client(client_id)
        if current is None:
            return None
        fields = self._client_fields(body)
        already = set(self._role_ids(current))
        self._check_caller_holds(caller, [rid for rid in self._role_ids(fields) if rid not in already])
        with self.lock:
            current = self.clients.get(client_id)
            if current is None:
                return None
            client = {k: v for k, v in current.items() if k not in self._CLIENT_WRITABLE}
            client.update(fields, dateModified=_now_iso(), modifiedBy={"id": caller["id"]})
            if client["state"] != "inactive":
                client.pop("dateToDelete", None)  # only an inactive client is due for deletion
            self.clients[client_id] = client
        return client

    def delete_client(self, client_id):
        """DELETE: True when deleted, None when there is no such client. Only an inactive client
        can be deleted (facts §4); what the service answers otherwise is UNCONFIRMED: the
        emulator gives 400 ``bad.request``."""
        with self.lock:
            client = self.clients.get(client_id)
            if client is None:
                return None
            if client.get("state") != "inactive":
                raise ApiError(400, "bad.request", f"OAuth client [{client_id}] is {client.get('state')}: only inactive "
                                                   "clients can be deleted. Set its state to inactive first.")
            del self.clients[client_id]
            return True

    def rotate_secret(self, client_id, caller):
        """POST /{id}/secret: a new secret at once; the old one no longer gets tokens. Tokens
        already issued stay valid (UNCONFIRMED). None when there is no such client."""
        secret = secrets.token_urlsafe(32)
        with self.lock:
            client = self.clients.get(client_id)
            if client is None:
                return None
            self.secrets.add(secret)  # known to the log scrubbing before it can be used
            client = dict(client, secret=secret, dateModified=_now_iso(), modifiedBy={"id": caller["id"]})
            self.clients[client_id] = client
            return client

    def has_permission(self, client, permission):
        """True when one of the client's roles grants ``domain:entity:action``.

        A client-credentials client's access is the union of its roles' permissionPolicies;
        entityName and actionSet may be '*' (facts §4). Divisions are not taken into account:
        every role grant is treated as org-wide, which is enough for the emulated routes.
        """
        domain, entity, action = permission.split(":")
        for grant in client.get("roleDivisions") or []:
            role = self.roles_by_id.get(grant.get("roleId"))
            for policy in (role or {}).get("permissionPolicies", []):
                if policy.get("domain") not in (domain, "*"):
                    continue
                if policy.get("entityName") not in (entity, "*"):
                    continue
                actions = policy.get("actionSet") or []
                if action in actions or "*" in actions:
                    return True
        return False

    # -- queues --------------------------------------------------------------------------------

    def list_queues(self, name_filter=None):
        with self.lock:
            queues = list(self.queues.values())
        if name_filter:
            # Exact, case-insensitive; a trailing '*' makes it a prefix match.
            wanted = name_filter.casefold()
            if wanted.endswith("*"):
                queues = [q for q in queues if q["name"].casefold().startswith(wanted[:-1])]
            else:
                queues = [q for q in queues if q["name"].casefold() == wanted]
        return sorted(queues, key=lambda q: (q["name"].casefold(), q["id"]))

    def get_queue(self, queue_id):
        with self.lock:
            return self.queues.get(queue_id)

    def _queue_from_body(self, body, base):
        """Build a queue from a request body over ``base`` (existing or default fields)."""
        if not isinstance(body, dict):
            raise ApiError(400, "bad.request", "The request body must be a JSON object.")
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ApiError(400, "bad.request", "The queue name is required.")
        queue = dict(base)
        queue.update({k: v for k, v in body.items() if k in self._writable_queue_fields})
        queue["name"] = name.strip()
        division = body.get("division")
        if division is not None:
            division_id = division.get("id") if isinstance(division, dict) else None
            known = self.divisions_by_id.get(division_id)
            if known is None:
                raise ApiError(400, "bad.request", f"The division [{division_id}] does not exist.")
            queue["division"] = {"id": known["id"], "name": known["name"], "selfUri": known["selfUri"]}
        return queue

    def _check_unique_name(self, name, own_id=None):
        folded = name.casefold()
        for queue in self.queues.values():
            if queue["id"] != own_id and queue["name"].casefold() == folded:
                raise ApiError(400, "general.bad.request", f"A queue with the name [{queue['name']}] already exists.")

    def create_queue(self, body):
        home = self.home_division
        queue_id = str(uuid.uuid4())
        now = _now_iso()
        base = dict(self._QUEUE_DEFAULTS, id=queue_id, memberCount=0, userMemberCount=0, joinedMemberCount=0,
                    division={"id": home["id"], "name": home["name"], "selfUri": home["selfUri"]},
                    dateCreated=now, dateModified=now, selfUri="/api/v2/routing/queues/" + queue_id)
        queue = self._queue_from_body(body, base)
        with self.lock:
            self._check_unique_name(queue["name"])
            self.queues[queue_id] = queue
        return queue

    def update_queue(self, queue_id, body):
        """PUT replaces the writable fields; the division is kept when the body omits it."""
        with self.lock:
            current = self.queues.get(queue_id)
        if current is None:
            return None
        base = dict(self._QUEUE_DEFAULTS)
        base.update({k: v for k, v in current.items() if k in self._QUEUE_READ_ONLY})
        base["dateModified"] = _now_iso()
        queue = self._queue_from_body(body, base)
        with self.lock:
            if queue_id not in self.queues:
                return None
            self._check_unique_name(queue["name"], own_id=queue_id)
            # A new dict replaces the old one, so listings that hold a reference stay consistent.
            self.queues[queue_id] = queue
        return queue

    def delete_queue(self, queue_id):
        with self.lock:
            return self.queues.pop(queue_id, None) is not None


class _Token:
    __slots__ = ("client_id", "org_id", "expires_at", "revoked", "window_start", "window_count")

    def __init__(self, client_id, expires_at, org_id=None):
        self.client_id = client_id
        self.org_id = org_id              # the org (hence region) that issued it
        self.expires_at = expires_at      # time.monotonic() based
        self.revoked = False
        self.window_start = None          # start of the token's current rate-limit window
        self.window_count = 0


class TokenStore:
    """Every access token issued, with its expiry, revocation and per-token rate-limit window.

    In multi-region mode every org of the process shares one store (so /__emulator/issued
    lists them all); a token only works on the api listener of the org that issued it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}

    def issue(self, client_id, lifetime_s, org_id=None):
        token = secrets.token_urlsafe(48)
        with self._lock:
            self._tokens[token] = _Token(client_id, time.monotonic() + lifetime_s, org_id)
        return token

    def get(self, token):
        with self._lock:
            return self._tokens.get(token)

    def __contains__(self, token):
        with self._lock:
            return token in self._tokens

    def issued(self):
        with self._lock:
            return list(self._tokens)

    def revoke(self, record):
        with self._lock:
            record.revoked = True

    def expire_all(self):
        with self._lock:
            for record in self._tokens.values():
                record.expires_at = 0.0

    def reset_windows(self):
        with self._lock:
            for record in self._tokens.values():
                record.window_start = None
                record.window_count = 0

    def hit(self, record, limit):
        """Count one request in the token's 60 s window. Returns (count, seconds_left, over_limit).

        The window starts with the token's first request and lasts RATE_WINDOW_S (facts §5:
        a per-token limit per minute; how the real windows align is UNCONFIRMED).
        """
        now = time.monotonic()
        with self._lock:
            if record.window_start is None or now - record.window_start >= RATE_WINDOW_S:
                record.window_start = now
                record.window_count = 0
            record.window_count += 1
            left = RATE_WINDOW_S - (now - record.window_start)
            return record.window_count, left, bool(limit) and record.window_count > limit


class Faults:
    """Run-time switches: latency, rate limits, the invalid_client status, and fault rules."""

    SETTINGS = ("latency_ms", "token_rate_limit", "api_rate_limit", "invalid_client_status")
    RULE_KEYS = ("listener", "method", "path_prefix", "query", "count", "status", "retry_after", "body", "close",
                 "probability", "size_mb")
    BODY_KINDS = ("genesys", "html", "empty", "invalid_json", "huge", "token_rate_limit")

    def __init__(self, **defaults):
        self._lock = threading.Lock()
        self._defaults = dict(defaults)
        self._validate_settings(self._defaults)
        self.settings = dict(self._defaults)
        self.rules = []
        self._token_requests = collections.deque()
        self._random = random.Random(0)

    def reset(self):
        with self._lock:
            self.settings = dict(self._defaults)
            self.rules = []
            self._token_requests.clear()

    def get(self, name):
        return self.settings[name]

    def snapshot(self):
        with self._lock:
            return dict(self.settings, rules=[dict(r) for r in self.rules])

    @classmethod
    def _validate_settings(cls, settings):
        for name in cls.SETTINGS:
            if name not in settings:
                continue
            value = settings[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        if "invalid_client_status" in settings and settings["invalid_client_status"] not in (400, 401):
            raise ValueError("invalid_client_status must be 400 or 401")

    @classmethod
    def _validate_rule(cls, rule):
        if not isinstance(rule, dict):
            raise ValueError("each rule must be a JSON object")
        unknown = set(rule) - set(cls.RULE_KEYS)
        if unknown:
            raise ValueError("unknown rule keys: " + ", ".join(sorted(unknown)))
        clean = {
            "listener": rule.get("listener", "any"), "method": rule.get("method"), "path_prefix": rule.get("path_prefix"),
            "query": rule.get("query") or {},
            "probability": rule.get("probability", 1.0), "size_mb": rule.get("size_mb"),
            "count": rule.get("count", 1), "status": rule.get("status", 500), "retry_after": rule.get("retry_after"),
            "body": rule.get("body", "genesys"), "close": rule.get("close", False),
        }
        if clean["listener"] not in ("login", "api", "any"):
            raise ValueError("listener must be login, api or any")
        for key in ("method", "path_prefix"):
            if clean[key] is not None and not isinstance(clean[key], str):
                raise ValueError(f"{key} must be a string")
        probability = clean["probability"]
        if not isinstance(probability, (int, float)) or isinstance(probability, bool) or not 0 < probability <= 1:
            raise ValueError("probability must be a number in (0, 1]")
        size_mb = clean["size_mb"]
        if size_mb is not None and (not isinstance(size_mb, (int, float)) or isinstance(size_mb, bool) or not 0 < size_mb <= 200):
            raise ValueError("size_mb must be a number of MiB in (0, 200]")
        if not isinstance(clean["query"], dict) or not all(isinstance(v, str) for v in clean["query"].values()):
            raise ValueError("query must be an object of strings (e.g. {\"pageNumber\": \"3\"})")
        if clean["method"]:
            clean["method"] = clean["method"].upper()
        count = clean["count"]
        if not isinstance(count, int) or isinstance(count, bool) or (count < 1 and count != -1):
            raise ValueError("count must be a positive integer, or -1 for ever")
        status = clean["status"]
        if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
            raise ValueError("status must be an HTTP status between 200 and 599")
        retry_after = clean["retry_after"]
        if retry_after is not None and (not isinstance(retry_after, (int, float)) or isinstance(retry_after, bool) or retry_after < 0):
            raise ValueError("retry_after must be a non-negative number of seconds")
        if clean["body"] not in cls.BODY_KINDS:
            raise ValueError("body must be one of " + ", ".join(cls.BODY_KINDS))
        if not isinstance(clean["close"], bool):
            raise ValueError("close must be true or false")
        return clean

    def update(self, payload):
        """Apply a POST /__emulator/faults payload: validate everything first, then apply."""
        if not isinstance(payload, dict):
            raise ValueError("the body must be a JSON object")
        unknown = set(payload) - set(self.SETTINGS) - {"rules", "seed"}
        if unknown:
            raise ValueError("unknown keys: " + ", ".join(sorted(unknown)))
        settings = {k: payload[k] for k in self.SETTINGS if k in payload}
        self._validate_settings(settings)
        rules = None
        if "rules" in payload:
            if not isinstance(payload["rules"], list):
                raise ValueError("rules must be a list")
            rules = [self._validate_rule(r) for r in payload["rules"]]
        seed = payload.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise ValueError("seed must be an integer")
        with self._lock:
            self.settings.update(settings)
            if rules is not None:
                self.rules = rules
            if seed is not None:
                self._random = random.Random(seed)  # probability rules repeat the same way

    def take_rule(self, listener, method, path, query=None):
        """Return the first rule matching the request and consume one use of it, or None.

        A rule's ``query`` matches when each of its parameters has that value in the request
        (so a test can fail page 3 of a listing, whatever order pages are asked in)."""
        query = query or {}
        with self._lock:
            for rule in self.rules:
                if rule["listener"] not in ("any", listener):
                    continue
                if rule["method"] and rule["method"] != method:
                    continue
                if rule["path_prefix"] and not path.startswith(rule["path_prefix"]):
                    continue
                if any(value not in query.get(name, []) for name, value in rule["query"].items()):
                    continue
                # A rule with a probability applies to that share of the matching requests (seeded: see "seed").
                if rule["probability"] < 1 and self._random.random() >= rule["probability"]:
                    continue
                if rule["count"] > 0:
                    rule["count"] -= 1
                    if rule["count"] == 0:
                        self.rules.remove(rule)
                return dict(rule)
        return None

    def allow_token_request(self):
        """Org-wide limit on token requests over a rolling minute (facts §1, §5). 0 = no limit."""
        limit = self.settings["token_rate_limit"]
        now = time.monotonic()
        with self._lock:
            while self._token_requests and now - self._token_requests[0] >= RATE_WINDOW_S:
                self._token_requests.popleft()
            if limit and len(self._token_requests) >= limit:
                return False
            self._token_requests.append(now)
            return True


class RequestLog:
    """Append-only JSON-lines log, one line per request, flushed at once (tests tail it)."""

    def __init__(self, path):
        self.path = os.path.abspath(path) if path else None
        self._lock = threading.Lock()
        self._file = open(self.path, "a", encoding="utf-8") if self.path else None  # pylint: disable=consider-using-with

    def write(self, record):
        if self._file is None:
            return
        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self._lock:
            if self._file is not None:
                self._file.write(line)
                self._file.flush()

    def close(self):
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


# --------------------------------------------------------------------------------------------
# Fault responses
# --------------------------------------------------------------------------------------------

def fault_response(rule, request):
    """Build the response a fault rule asks for (see README, "Fault rules")."""
    if rule["close"]:
        return Response(0, drop=True)
    status = rule["status"]
    headers = {}
    retry_after = rule["retry_after"]
    if status == 429 and retry_after is None:
        retry_after = 1  # DOC-429: a 429 always carries Retry-After.
    if retry_after is not None:
        headers["Retry-After"] = str(int(math.ceil(retry_after)))
    kind = rule["body"]
    phrase = BaseHTTPRequestHandler.responses.get(status, ("Error",))[0]
    if kind == "empty":
        return Response(status, b"", headers=headers)
    if kind == "html":
        # What a proxy or load balancer in front of the service returns.
        page = (f"<html><head><title>{status} {phrase}</title></head><body><center><h1>{status} {phrase}</h1></center>"
                "<hr><center>nginx</center></body></html>\n")
        return Response(status, page.encode("utf-8"), "text/html", headers)
    if kind == "invalid_json":
        return Response(status, b'{"message":"The service is temporarily unavailable","code":', "application/json", headers)
    if kind == "token_rate_limit":
        # The token endpoint's answer when tokens are created too fast (facts §1).
        return Response.json(status, {"error": "invalid_request", "description": "rate limit exceeded; try again later",
                                      "error_description": "rate limit exceeded; try again later"}, headers)
    if status == 429:
        error = error_body(429, "too.many.requests.retry.after", _retry_message(headers["Retry-After"]), request.correlation_id)
    else:
        code, message = _FAULT_ERRORS.get(status, ("emulator.fault", f"Fault injected by the emulator (HTTP {status} {phrase})."))
        error = error_body(status, code, message, request.correlation_id)
    if kind == "huge":
        size = int(rule["size_mb"] * 1024 * 1024) if rule.get("size_mb") else HUGE_BODY_BYTES
        error["message"] += " " + "x" * size
    return Response.json(status, error, headers)


# --------------------------------------------------------------------------------------------
# The login listener (facts §1)
# --------------------------------------------------------------------------------------------

class LoginApp:
    """``POST /oauth/token`` with the client-credentials grant, exactly as facts §1 describes."""

    AUTH_FAILED = "authentication failed"
    NOT_FOUND = "client not found"
    UNAUTHORIZED_GRANT = "client is not authorized to use the client_credential grant type"

    def __init__(self, emulator):
        self.org = emulator.org
        self.tokens = emulator.tokens
        self.faults = emulator.faults

    @staticmethod
    def oauth_error(status, error, description, headers=None):
        # Observed bodies carry the text twice: "description" and the RFC 6749 "error_description".
        headers = dict(headers or {}, **{"Cache-Control": "no-store", "Pragma": "no-cache"})
        return Response.json(status, {"error": error, "description": description, "error_description": description}, headers)

    def invalid_client(self, description):
        # 400 is what the service was seen to answer; RFC 6749 allows 401, and clients must
        # handle both (facts §1), hence the switch. A 401 carries WWW-Authenticate per RFC 6749.
        status = self.faults.get("invalid_client_status")
        headers = {"WWW-Authenticate": 'Basic realm="oauth"'} if status == 401 else None
        return self.oauth_error(status, "invalid_client", description, headers)

    def handle(self, request):
        if request.path != "/oauth/token" or request.method != "POST":
            return self.oauth_error(404, "not_found", "no such endpoint on the login host: tokens come from POST /oauth/token")

        # Token creation has its own org-wide limit, answered with a 400 (facts §1 table, §5).
        if not self.faults.allow_token_request():
            return self.oauth_error(400, "invalid_request", "rate limit exceeded; try again later")

        # Client authentication comes first, from the Basic header only: credentials in the
        # form body are not a documented way (facts §1, UNCONFIRMED as supported), so they fail.
        credentials = _basic_credentials(request.headers)
        if credentials is None:
            return self.invalid_client(self.AUTH_FAILED)
        client_id, secret = credentials
        client = self.org.client(client_id)
        if client is None:
            return self.invalid_client(self.NOT_FOUND)
        if not secrets.compare_digest(secret.encode("utf-8"), client.get("secret", "").encode("utf-8")):
            return self.invalid_client(self.AUTH_FAILED)
        # Disabled and inactive clients cannot create tokens (facts §4); what the service
        # answers is UNCONFIRMED (facts §1): emulated as a failed client authentication.
        if client.get("state") != "active":
            return self.invalid_client(self.AUTH_FAILED)

        # Then the request itself: a form body with exactly grant_type=client_credentials.
        content_type = (request.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded" and (content_type or request.body):
            return self.oauth_error(400, "invalid_request", "the request body must be application/x-www-form-urlencoded")
        try:
            form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return self.oauth_error(400, "invalid_request", "the request body is not valid UTF-8")
        if form.get("grant_type") != ["client_credentials"]:
            return self.oauth_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
        if client.get("authorizedGrantType") != "CLIENT-CREDENTIALS":
            return self.oauth_error(400, "unauthorized_client", self.UNAUTHORIZED_GRANT)

        # Success: expires_in is the client's validity minus one second, as observed
        # (86400 -> 86399); no refresh token for this grant (facts §1).
        expires_in = int(client.get("accessTokenValiditySeconds", 86400)) - 1
        token = self.tokens.issue(client_id, expires_in, self.org.organization["id"])
        return Response.json(200, {"access_token": token, "token_type": "bearer", "expires_in": expires_in},
                             {"Cache-Control": "no-store", "Pragma": "no-cache"})


# --------------------------------------------------------------------------------------------
# The api listener (facts §3, §4, §5)
# --------------------------------------------------------------------------------------------

class ApiApp:
    """The ``/api/v2`` routes: bearer auth, per-token rate limit, permissions, then the handler."""

    def __init__(self, emulator):
        self.org = emulator.org
        self.tokens = emulator.tokens
        self.faults = emulator.faults
        # (method, compiled path, required permission or None, handler)
        queue = r"/api/v2/routing/queues/(?P<id>[^/]+)"
        oauth_client = r"/api/v2/oauth/clients/(?P<id>[^/]+)"
        table = [
            ("GET", r"/api/v2/tokens/me", None, self.get_token_info),
            ("HEAD", r"/api/v2/tokens/me", None, self.head_token),
            ("DELETE", r"/api/v2/tokens/me", None, self.delete_token),
            ("GET", r"/api/v2/organizations/me", None, self.get_organization),
            ("GET", r"/api/v2/oauth/clients", "oauth:client:view", self.list_clients),
            ("POST", r"/api/v2/oauth/clients", "oauth:client:add", self.create_client),
            ("GET", oauth_client, "oauth:client:view", self.get_client),
            ("PUT", oauth_client, "oauth:client:edit", self.update_client),
            ("DELETE", oauth_client, "oauth:client:delete", self.delete_client),
            ("POST", oauth_client + "/secret", "oauth:client:edit", self.rotate_client_secret),
            ("GET", r"/api/v2/oauth/scopes", None, self.list_scopes),
            ("GET", r"/api/v2/authorization/roles", "authorization:role:view", self.list_roles),
            ("GET", r"/api/v2/authorization/roles/(?P<id>[^/]+)", "authorization:role:view", self.get_role),
            ("GET", r"/api/v2/authorization/divisions", "authorization:division:view", self.list_divisions),
            ("GET", r"/api/v2/authorization/divisions/query", "authorization:division:view", self.query_divisions),
            ("GET", r"/api/v2/users", "directory:user:view", self.list_users),
            ("GET", r"/api/v2/routing/queues", "routing:queue:view", self.list_queues),
            ("POST", r"/api/v2/routing/queues", "routing:queue:add", self.create_queue),
            ("GET", queue, "routing:queue:view", self.get_queue),
            ("PUT", queue, "routing:queue:edit", self.update_queue),
            ("DELETE", queue, "routing:queue:delete", self.delete_queue),
        ]
        self.routes = [(method, re.compile(pattern), permission, handler) for method, pattern, permission, handler in table]

    # -- pipeline ------------------------------------------------------------------------------

    def route(self, method, path):
        """Return (permission, handler, match) or raise 404 / 405."""
        allowed = []
        for route_method, pattern, permission, handler in self.routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if route_method == method:
                return permission, handler, match
            allowed.append(route_method)
        if allowed:
            raise ApiError(405, "method.not.allowed", f"HTTP method {method} is not supported by this URL.",
                           headers={"Allow": ", ".join(sorted(set(allowed)))})
        # This includes POST /oauth/token: the api host does not issue tokens (facts §1: the
        # answer there is UNCONFIRMED; emulated as what any unknown route gives).
        raise ApiError(404, "not.found", f"The requested resource was not found: {method} {path}")

    def handle(self, request):
        try:
            permission, handler, match = self.route(request.method, request.path)
            record, client = self.authenticate(request)
        except ApiError as error:
            return error.response(request)

        # Per-token rate limit and its headers on every authenticated answer (facts §5).
        limit = self.faults.get("api_rate_limit")
        count, left, over = self.tokens.hit(record, limit)
        headers = {}
        if limit:
            headers = {"inin-ratelimit-count": str(count), "inin-ratelimit-allowed": str(limit),
                       "inin-ratelimit-reset": str(max(1, int(math.ceil(left))))}
        try:
            if over:
                raise rate_limited_error(left)
            if permission and not self.org.has_permission(client, permission):
                raise missing_permission_error(permission)
            response = handler(request, record, client, match)
        except ApiError as error:
            response = error.response(request)
        response.headers.update(headers)
        return response

    def authenticate(self, request):
        """The bearer token must be known, unexpired, unrevoked, issued by this org, and its
        client neither deleted nor disabled.

        facts §3: a bad or expired token gives 401 (body code UNCONFIRMED; bad.credentials is
        what third-party fixtures show). facts §4: a disabled client's tokens are invalid.
        facts §2: a region only knows its own clients, so another region's token is unknown here.
        """
        token = _bearer_token(request.headers)
        record = self.tokens.get(token) if token else None
        client = self.org.client(record.client_id) if record else None
        if (record is None or record.revoked or record.expires_at <= time.monotonic()
                or record.org_id != self.org.organization["id"]
                or client is None or client.get("state") == "disabled"):
            raise ApiError(401, "bad.credentials", "Invalid login credentials.")
        return record, client

    def page(self, request, items, base_path, extra_params=()):
        """A page-number listing envelope (facts §5) over a list: only a slice is copied."""
        size = self._int_param(request, "pageSize", DEFAULT_PAGE_SIZE)
        number = self._int_param(request, "pageNumber", 1)
        if size > MAX_PAGE_SIZE:
            raise ApiError(400, "bad.request", f"Value [{size}] for pageSize is not valid: the maximum page size is {MAX_PAGE_SIZE}.")
        if size < 1 or number < 1:
            raise ApiError(400, "bad.request", "pageSize and pageNumber must be at least 1.")
        total = len(items)
        page_count = int(math.ceil(total / size))

        def uri(n):
            return base_path + "?" + urlencode([("pageSize", size), ("pageNumber", n)] + list(extra_params))

        start = (number - 1) * size
        listing = {"entities": items[start:start + size], "pageSize": size, "pageNumber": number, "total": total,
                   "pageCount": page_count, "firstUri": uri(1), "selfUri": uri(number), "lastUri": uri(max(page_count, 1))}
        if number < page_count:
            listing["nextUri"] = uri(number + 1)
        if number > 1:
            listing["previousUri"] = uri(number - 1)
        return Response.json(200, listing)

    @staticmethod
    def _int_param(request, name, default):
        value = request.param(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, "bad.request", f"Value [{value[:40]}] for {name} is not a valid integer.") from None

    @staticmethod
    def _json_body(request):
        try:
            return json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "bad.request", "The request could not be understood by the server due to malformed syntax.") from None

    # -- tokens and organization (facts §3) ----------------------------------------------------

    def get_token_info(self, request, record, client, match):
        # preserveIdleTTL is accepted and has no effect: client-credentials tokens do not idle.
        org = self.org.organization
        org_ref = {"id": org["id"], "name": org["name"]}
        oauth_client = {"id": client["id"], "name": client["name"], "authorizedGrantType": client["authorizedGrantType"],
                        "roleDivisions": client.get("roleDivisions", []), "state": client["state"], "organization": org_ref}
        for key in ("dateCreated", "createdBy"):
            if key in client:
                oauth_client[key] = client[key]
        # Scopes only apply to clients not using the client-credentials grant (facts §4).
        scope = [] if client["authorizedGrantType"] == "CLIENT-CREDENTIALS" else list(client.get("scope", []))
        return Response.json(200, {"organization": org_ref, "homeOrganization": dict(org_ref), "authorizedScope": scope,
                                   "OAuthClient": oauth_client})

    def head_token(self, request, record, client, match):
        return Response(200)

    def delete_token(self, request, record, client, match):
        self.tokens.revoke(record)
        return Response(204)

    def get_organization(self, request, record, client, match):
        return Response.json(200, self.org.organization)

    # -- OAuth clients, scopes, roles, divisions (facts §4) -----------------------------------

    def list_clients(self, request, record, client, match):
        with self.org.lock:
            clients = [self.org.public_client(c) for c in self.org.clients.values()]
        return self.page(request, clients, "/api/v2/oauth/clients")

    @staticmethod
    def _client_not_found(client_id):
        return ApiError(404, "not.found", f"OAuth client [{client_id[:64]}] not found.")

    def get_client(self, request, record, client, match):
        found = self.org.client(match["id"])
        if found is None:
            raise self._client_not_found(match["id"])
        return Response.json(200, self.org.public_client(found))

    # The writes (facts §4 names their permissions): ``client``, the token's client, is the
    # caller, who may only grant roles it holds. Only the creation and the secret rotation
    # answer with the secret; GET and PUT never show it.

    def create_client(self, request, record, client, match):
        return Response.json(200, self.org.create_client(self._json_body(request), client))

    def update_client(self, request, record, client, match):
        if self.org.client(match["id"]) is None:
            raise self._client_not_found(match["id"])
        updated = self.org.update_client(match["id"], self._json_body(request), client)
        if updated is None:
            raise self._client_not_found(match["id"])
        return Response.json(200, self.org.public_client(updated))

    def delete_client(self, request, record, client, match):
        if self.org.delete_client(match["id"]) is None:
            raise self._client_not_found(match["id"])
        return Response(204)

    def rotate_client_secret(self, request, record, client, match):
        rotated = self.org.rotate_secret(match["id"], client)
        if rotated is None:
            raise self._client_not_found(match["id"])
        return Response.json(200, rotated)

    def list_scopes(self, request, record, client, match):
        # OAuthScopeListing: entities without paging (facts §5).
        return Response.json(200, {"entities": self.org.scopes, "total": len(self.org.scopes), "selfUri": "/api/v2/oauth/scopes"})

    def list_roles(self, request, record, client, match):
        return self.page(request, self.org.roles, "/api/v2/authorization/roles")

    def get_role(self, request, record, client, match):
        role = self.org.roles_by_id.get(match["id"])
        if role is None:
            raise ApiError(404, "not.found", f"Role [{match['id'][:64]}] not found.")
        return Response.json(200, role)

    def list_divisions(self, request, record, client, match):
        return self.page(request, self.org.divisions, "/api/v2/authorization/divisions")

    def query_divisions(self, request, record, client, match):
        """A cursor listing (facts §5: ``after``/``cursor`` with ``nextUri``, no page count): the
        shape clients must follow page after page. The cursor is opaque to clients."""
        size = self._int_param(request, "pageSize", 25)
        if not 1 <= size <= 100:
            raise ApiError(400, "bad.request", "The page size must be between 1 and 100.")
        after = request.param("after")
        try:
            start = int(base64.urlsafe_b64decode(after.encode()).decode()) if after else 0
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "bad.request", "The cursor is not valid.")
        items = self.org.divisions[start:start + size]
        body = {"entities": items, "selfUri": "/api/v2/authorization/divisions/query?pageSize=%d" % size}
        if start + size < len(self.org.divisions):
            cursor = base64.urlsafe_b64encode(str(start + size).encode()).decode()
            body["nextUri"] = "/api/v2/authorization/divisions/query?after=%s&pageSize=%d" % (cursor, size)
        return Response.json(200, body)

    # -- users and queues ----------------------------------------------------------------------

    def list_users(self, request, record, client, match):
        return self.page(request, self.org.users, "/api/v2/users")

    def list_queues(self, request, record, client, match):
        name = request.param("name")
        queues = self.org.list_queues(name)
        return self.page(request, queues, "/api/v2/routing/queues", [("name", name)] if name else ())

    def create_queue(self, request, record, client, match):
        return Response.json(200, self.org.create_queue(self._json_body(request)))

    def _queue_not_found(self, queue_id):
        return ApiError(404, "not.found", f"Queue [{queue_id[:64]}] not found.")

    def get_queue(self, request, record, client, match):
        queue = self.org.get_queue(match["id"])
        if queue is None:
            raise self._queue_not_found(match["id"])
        return Response.json(200, queue)

    def update_queue(self, request, record, client, match):
        if self.org.get_queue(match["id"]) is None:
            raise self._queue_not_found(match["id"])
        queue = self.org.update_queue(match["id"], self._json_body(request))
        if queue is None:
            raise self._queue_not_found(match["id"])
        return Response.json(200, queue)

    def delete_queue(self, request, record, client, match):
        if not self.org.delete_queue(match["id"]):
            raise self._queue_not_found(match["id"])
        return Response(204)


# --------------------------------------------------------------------------------------------
# The control API (loopback only, never logged)
# --------------------------------------------------------------------------------------------

class ControlApp:
    """``/__emulator/...``: test helpers. It hands out every issued token and every secret, so
    it refuses any peer that is not on loopback even when the listener binds a wider address."""

    _CLIENT_STATE = re.compile(CONTROL_PREFIX + r"/clients/(?P<id>[^/]+)/state")

    def __init__(self, emulator):
        self.emulator = emulator

    @staticmethod
    def _error(status, message):
        return Response.json(status, {"error": message})

    def handle(self, request):
        if not _is_loopback(request.client_address[0]):
            return self._error(403, "the control API only answers loopback clients")
        emu = self.emulator
        path = request.path.rstrip("/")
        key = (request.method, path)
        if key == ("GET", CONTROL_PREFIX + "/faults"):
            return Response.json(200, emu.faults.snapshot())
        if key == ("POST", CONTROL_PREFIX + "/faults"):
            try:
                emu.faults.update(json.loads(request.body.decode("utf-8") or "{}"))
            except ValueError as error:  # includes JSON decoding errors
                return self._error(400, str(error))
            return Response.json(200, emu.faults.snapshot())
        if key == ("POST", CONTROL_PREFIX + "/reset"):
            # In multi-region mode, every region of the process.
            (emu.group or emu).reset()
            return Response.json(200, {"reset": True})
        if key == ("GET", CONTROL_PREFIX + "/issued"):
            return Response.json(200, {"tokens": emu.tokens.issued()})
        if key == ("GET", CONTROL_PREFIX + "/secrets"):
            return Response.json(200, {"secrets": emu.secrets.all()})
        if key == ("POST", CONTROL_PREFIX + "/expire"):
            emu.tokens.expire_all()
            return Response.json(200, {"expired": len(emu.tokens.issued())})
        if key == ("GET", CONTROL_PREFIX + "/stats"):
            return Response.json(200, emu.stats())
        match = self._CLIENT_STATE.fullmatch(path)
        if match and request.method == "POST":
            try:
                payload = json.loads(request.body.decode("utf-8") or "{}")
            except ValueError:
                return self._error(400, "the body must be JSON")
            state = payload.get("state") if isinstance(payload, dict) else None
            if state not in ("active", "disabled", "inactive"):
                return self._error(400, "state must be active, disabled or inactive")
            client = emu.org.set_client_state(match["id"], state)
            if client is None:
                return self._error(404, "no such client")
            return Response.json(200, {"id": client["id"], "name": client["name"], "state": client["state"]})
        return self._error(404, f"no such control endpoint: {request.method} {path}")


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------

class _BadRequestBody(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    """Shared request handling of both listeners: HTTP/1.1 keep-alive, Content-Length on every
    response, latency, fault rules, logging; the listener's app does the rest."""

    protocol_version = "HTTP/1.1"
    server_version = "GenesysCloudEmulator/1.0"
    # Idle keep-alive connections are dropped after this many seconds.
    timeout = 120

    # The base class prints every request line to stderr. Silenced: the emulator keeps its own
    # log, and nothing it prints may ever carry a token or a secret.
    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def version_string(self):
        # Only the emulator's name: the default also names the Python version.
        return self.server_version

    def setup(self):
        super().setup()
        self.server.track(self.connection)

    def handle(self):
        # A client that goes away mid-request is normal (timeouts, Ctrl-C): no traceback.
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def finish(self):
        try:
            super().finish()
        except (ConnectionError, TimeoutError):
            pass
        finally:
            self.server.untrack(self.connection)

    def do_GET(self):
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(65537)
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise _BadRequestBody(400, "invalid chunked encoding") from None
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY_BYTES:
                    raise _BadRequestBody(413, "request body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise _BadRequestBody(400, "invalid Content-Length") from None
        if size < 0 or size > MAX_BODY_BYTES:
            raise _BadRequestBody(413 if size > 0 else 400, "request body too large or invalid")
        return self.rfile.read(size)

    def _serve(self):
        started = time.monotonic()
        emulator = self.server.emulator
        listener = self.server.listener
        split = urlsplit(self.path)
        try:
            body = self._read_body()
        except _BadRequestBody as error:
            # The rest of the stream cannot be trusted: answer and close.
            self.close_connection = True
            self._send(Response.json(error.status, {"error": str(error)}), close=True)
            return
        request = Request(listener, self.command, split.path, parse_qs(split.query, keep_blank_values=True),
                          self.headers, body, self.client_address)

        # The control API is neither delayed, faulted nor logged: it is the test's side channel.
        if listener == "api" and (request.path == CONTROL_PREFIX or request.path.startswith(CONTROL_PREFIX + "/")):
            self._send(emulator.control.handle(request))
            return

        latency = emulator.faults.get("latency_ms")
        if latency:
            time.sleep(latency / 1000.0)
        try:
            rule = emulator.faults.take_rule(listener, request.method, request.path, request.query)
            if rule is not None:
                response = fault_response(rule, request)
            else:
                response = (emulator.login if listener == "login" else emulator.api).handle(request)
        except Exception:  # pylint: disable=broad-except
            # A bug in the emulator must still answer, and must not print request data.
            _report_internal_error()
            response = Response.json(500, error_body(500, "internal.server.error", "Emulator internal error.", request.correlation_id))
        self._send(response, correlation_id=request.correlation_id)
        emulator.record(request, response.status, (time.monotonic() - started) * 1000.0)

    def _send(self, response, correlation_id=None, close=False):
        if response.drop:
            # Close without any response, like a proxy resetting the connection.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.send_response(response.status)
        if correlation_id:
            self.send_header("ININ-Correlation-Id", correlation_id)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        # Content-Length on every response, HEAD included, so that keep-alive works; a HEAD
        # answer gives the length of the body it leaves out.
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if response.body and self.command != "HEAD":
            self.wfile.write(response.body)


def _report_internal_error():
    """Name the exception and where it happened; never its message, which could quote a request."""
    exc_type, _exc, tb = sys.exc_info()
    frame = traceback.extract_tb(tb)[-1] if tb else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    name = exc_type.__name__ if exc_type else "?"
    print(f"emulator: internal error {name}{where}", file=sys.stderr, flush=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, emulator, listener):
        self.emulator = emulator
        self.listener = listener
        self._connections = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (socket.getfqdn), which can stall on
        # machines without DNS; the emulator has no use for it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def track(self, connection):
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection):
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self):
        """Shut idle keep-alive connections down, so that stop() really stops serving."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the client went away: nothing to report
        _report_internal_error()


# --------------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------------

def _load_data(data):
    """An org data dict from a path (default: org.json beside this file) or a dict."""
    if data is None or isinstance(data, (str, os.PathLike)):
        with open(data or DEFAULT_DATA_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    return data


def _write_ready_file(path, info):
    """Write the ready file atomically: readers never see a partial file. It holds a secret,
    so it is readable by the owner only."""
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(info, handle, indent=2)
        handle.write("\n")
    os.replace(tmp, path)


class Emulator:
    """The Genesys Cloud emulator, usable in-process::

        emu = Emulator(users=120, log="/tmp/requests.log").start()
        ...  # emu.api_url, emu.login_url, emu.control_url, emu.demo_client()
        emu.stop()

    ``data`` is the path of an org data file (default: org.json beside this file) or an
    already-loaded dict of the same shape; the org is in the region the data names
    (``emulator.region``) unless ``region`` says otherwise. ``log`` is a path, or a RequestLog
    shared with other emulators. ``tokens`` and ``secret_registry`` let several emulators of
    one process share their TokenStore and SecretRegistry (multi-region mode, see Regions); by
    default each has its own.
    """

    def __init__(self, data=None, host="127.0.0.1", login_port=0, api_port=0, log=None, latency_ms=0,
                 users=DEFAULT_USERS, token_rate_limit=0, api_rate_limit=DEFAULT_API_RATE_LIMIT, invalid_client_status=400,
                 certfile=None, keyfile=None, tokens=None, secret_registry=None, region=None):
        data = _load_data(data)
        with open(MODELS_FILE, encoding="utf-8") as handle:
            queue_fields = json.load(handle)["Queue"]["fields"]
        if users < 0:
            raise ValueError("users must be >= 0")
        self.host = host
        self._ports = {"login": login_port, "api": api_port}
        self.secrets = SecretRegistry() if secret_registry is None else secret_registry
        self.org = Org(data, users, queue_fields, self.secrets)
        self.region = region or self.org.settings.get("region", DEFAULT_REGION)
        self.tokens = TokenStore() if tokens is None else tokens
        self.faults = Faults(latency_ms=latency_ms, token_rate_limit=token_rate_limit, api_rate_limit=api_rate_limit,
                             invalid_client_status=invalid_client_status)
        self._owns_log = not isinstance(log, RequestLog)
        self.log = RequestLog(log) if self._owns_log else log
        # The Regions this emulator belongs to, if any: a reset through the control API resets them all.
        self.group = None
        self.login = LoginApp(self)
        self.api = ApiApp(self)
        self.control = ControlApp(self)
        self._stats = collections.Counter()
        self._stats_lock = threading.Lock()
        self._servers = {}
        self._threads = []
        # HTTPS on both listeners when given a certificate (tests of ca_path make theirs at run time).
        self._tls = None
        if certfile:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(certfile, keyfile)

    # -- life cycle ----------------------------------------------------------------------------

    def start(self):
        try:
            for listener in ("login", "api"):
                self._servers[listener] = _Server((self.host, self._ports[listener]), self, listener)
                if self._tls is not None:
                    self._servers[listener].socket = self._tls.wrap_socket(self._servers[listener].socket, server_side=True)
        except OSError:
            self.stop()
            raise
        for listener, server in self._servers.items():
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"emulator-{listener}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        for server in self._servers.values():
            if self._threads:
                server.shutdown()
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers = {}
        self._threads = []
        if self._owns_log:
            self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # -- addresses -----------------------------------------------------------------------------

    def _url(self, listener):
        host, port = self._servers[listener].server_address[:2]
        # A wildcard bind is reached through loopback.
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"

    @property
    def api_url(self):
        return self._url("api")

    @property
    def login_url(self):
        return self._url("login")

    @property
    def control_url(self):
        return self.api_url + CONTROL_PREFIX

    def demo_client(self):
        """The client-credentials admin client of the org ("Ansible Automation"), as it is now
        (a secret rotation shows)."""
        return self.org.client(self.org.settings["demo_client_id"])

    def ready_info(self):
        client = self.demo_client()
        return {"api_url": self.api_url, "login_url": self.login_url, "client_id": client["id"],
                "client_secret": client["secret"], "region": self.region,
                "control_url": self.control_url, "log": self.log.path, "pid": os.getpid()}

    def write_ready_file(self, path):
        _write_ready_file(path, self.ready_info())

    def describe(self):
        """The start-up line of the command line: addresses only, never a secret."""
        return (f"Genesys Cloud emulator (pid {os.getpid()}): login {self.login_url}, api {self.api_url}, "
                f"control {self.control_url}")

    # -- control helpers -----------------------------------------------------------------------

    def reset(self):
        """Faults and counters back to the start-up settings; OAuth clients back to the data
        file (created clients removed, deleted ones back, edits, state changes and secret
        rotations undone; the secrets registry forgets nothing). Issued tokens are not revoked:
        they keep working unless their client is gone or disabled. Queues stay as they are."""
        self.faults.reset()
        self.tokens.reset_windows()
        self.org.reset_clients()

    def stats(self):
        with self._stats_lock:
            items = sorted(self._stats.items())
        return {"total": sum(n for _key, n in items),
                "requests": [{"listener": k[0], "method": k[1], "path": k[2], "count": n} for k, n in items]}

    # -- request log ---------------------------------------------------------------------------

    def _secret(self, value):
        return value in self.org.secrets or value in self.tokens

    def _scrub_path(self, path):
        return "/".join(REDACTED if self._secret(seg) or self._secret(unquote(seg)) else seg for seg in path.split("/"))

    def _scrub_query(self, query):
        clean = {}
        for key, values in query.items():
            if any(part in key.lower() for part in _SENSITIVE_KEY_PARTS):
                values = [REDACTED] * len(values)
            else:
                values = [REDACTED if self._secret(v) else v for v in values]
            clean[key] = values[0] if len(values) == 1 else values
        return clean

    def _log_client_id(self, request):
        if request.listener == "login":
            credentials = _basic_credentials(request.headers)
            if credentials is None:
                return None
            # Client ids are UUIDs; anything else in that place may be a secret put there by
            # mistake, so it is not written down.
            return credentials[0] if _looks_like_uuid(credentials[0]) else REDACTED
        token = _bearer_token(request.headers)
        record = self.tokens.get(token) if token else None
        return record.client_id if record else None

    def record(self, request, status, ms):
        """Count the request and write its log line: no token, secret or Authorization header."""
        path = self._scrub_path(request.path)
        with self._stats_lock:
            self._stats[(request.listener, request.method, path)] += 1
        if self.log.path:
            self.log.write({"ts": time.time(), "listener": request.listener, "method": request.method, "path": path,
                            "query": self._scrub_query(request.query), "status": status,
                            "client_id": self._log_client_id(request), "ms": round(ms, 3)})


# --------------------------------------------------------------------------------------------
# Multi-region mode (facts §2)
# --------------------------------------------------------------------------------------------

def _empty_org_data():
    """The org standing for every region that has none of its own: an organization and a home
    division, but no clients, so every token request there gets invalid_client "client not
    found" (facts §1, §2: a client exists in exactly one region and fails elsewhere)."""
    org_id = "0d6a3e0c-6f1e-4b8e-9a53-7d1b2f4c9e10"
    home_id = "5e8f9a41-2c3b-4d6e-8f7a-9b0c1d2e3f40"
    return {
        "emulator": {"description": "The empty org of the regions without an org of their own."},
        "organization": {"id": org_id, "name": "Emulated Empty Org", "domain": "emulated-empty-org", "state": "active",
                         "productPlatform": "GenesysCloud", "selfUri": "/api/v2/organizations/" + org_id},
        "divisions": [{"id": home_id, "name": "Home", "description": "The home division of the organization.",
                       "homeDivision": True, "selfUri": "/api/v2/authorization/divisions/" + home_id}],
        "roles": [],
        "oauth_clients": [],
    }


class Regions:
    """Several orgs in one process, each in its own region on its own login and api listeners::

        with Regions(regions={"eu-west-1": "tests/emulator/org-eu-west-1.json"}, others=True) as group:
            group.primary                  # the Emulator of org.json (region us-east-1, as its file says)
            group.emulator("eu-west-1")    # the Emulator of the EU org
            group.emulator("ap-south-1")   # the empty org that stands for every other region
            group.ready_info()             # the primary's ready-file dict plus "regions"

    ``data`` is the primary org (a path or dict; default org.json), in the region its data
    names. ``regions`` maps more region names to org data (paths or dicts), or is a list of
    (name, data) pairs; each org is in the region it is given for. ``others=True`` adds one
    emulator with an empty org (no clients, no roles) for every region of REGION_NAMES left
    without an org. The other keyword arguments go to every Emulator (``login_port`` and
    ``api_port`` to the primary only; the empty org has no generated users).

    All the emulators share one TokenStore, one SecretRegistry and one request log, so
    /__emulator/issued, /__emulator/secrets and /__emulator/expire on any control URL cover
    every region, and /__emulator/reset on any of them resets every region. Each keeps its own
    faults, stats and token rate limit. A token only works in the region that issued it.
    """

    def __init__(self, data=None, regions=(), others=False, login_port=0, api_port=0, log=None, **options):
        self.tokens = TokenStore()
        self.secrets = SecretRegistry()
        self.log = RequestLog(log)
        try:
            shared = dict(options, tokens=self.tokens, secret_registry=self.secrets, log=self.log)
            self.primary = Emulator(data, login_port=login_port, api_port=api_port, **shared)
            if self.primary.region not in REGION_NAMES:
                raise ValueError(f"the primary org's region {self.primary.region!r} is not one of: {', '.join(REGION_NAMES)}")
            # Region name -> the Emulator of that region's own org.
            self.emulators = {self.primary.region: self.primary}
            for name, region_data in (regions.items() if isinstance(regions, dict) else regions):
                if name not in REGION_NAMES:
                    raise ValueError(f"unknown region {name!r}: one of {', '.join(REGION_NAMES)}")
                if name in self.emulators:
                    raise ValueError(f"region {name} is given two orgs")
                self.emulators[name] = Emulator(region_data, region=name, **shared)
            self.other_regions = [name for name in REGION_NAMES if name not in self.emulators] if others else []
            self.other = None
            if self.other_regions:
                self.other = Emulator(_empty_org_data(), region="other-regions", **dict(shared, users=0))
        except Exception:
            self.log.close()
            raise
        self.all = list(self.emulators.values()) + ([self.other] if self.other else [])
        for emulator in self.all:
            emulator.group = self

    def start(self):
        try:
            for emulator in self.all:
                emulator.start()
        except OSError:
            self.stop()
            raise
        return self

    def stop(self):
        for emulator in self.all:
            emulator.stop()
        self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def emulator(self, region):
        """The Emulator serving ``region``: its own org's, or the empty org's. KeyError if none."""
        if region in self.emulators:
            return self.emulators[region]
        if region in self.other_regions:
            return self.other
        raise KeyError(region)

    def regions_info(self):
        """The ready file's "regions" map, in the order of REGION_NAMES."""
        info = {}
        for name in REGION_NAMES:
            if name in self.emulators or name in self.other_regions:
                emulator = self.emulator(name)
                info[name] = {"api_url": emulator.api_url, "login_url": emulator.login_url,
                              "control_url": emulator.control_url, "organization": emulator.org.organization["name"]}
        return info

    def ready_info(self):
        """The primary's ready-file keys, plus "regions"."""
        return dict(self.primary.ready_info(), regions=self.regions_info())

    def write_ready_file(self, path):
        _write_ready_file(path, self.ready_info())

    def describe(self):
        """The start-up lines of the command line: addresses only, never a secret."""
        lines = [self.primary.describe() + f" ({self.primary.region})"]
        for name, emulator in self.emulators.items():
            if emulator is not self.primary:
                lines.append(f"  {name}: login {emulator.login_url}, api {emulator.api_url}, control {emulator.control_url}")
        if self.other is not None:
            lines.append(f"  {len(self.other_regions)} other regions (no clients): login {self.other.login_url}, "
                         f"api {self.other.api_url}, control {self.other.control_url}")
        return "\n".join(lines)

    def reset(self):
        """Emulator.reset() of every region."""
        for emulator in self.all:
            emulator.reset()


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def _non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _region_option(text):
    name, equals, path = text.partition("=")
    if not equals or not path:
        raise argparse.ArgumentTypeError("expected NAME=DATAFILE, e.g. eu-west-1=tests/emulator/org-eu-west-1.json")
    if name not in REGION_NAMES:
        raise argparse.ArgumentTypeError(f"unknown region {name!r}: one of {', '.join(REGION_NAMES)}")
    return name, path


def build_parser():
    parser = argparse.ArgumentParser(description="Genesys Cloud emulator: login and api listeners on loopback.")
    parser.add_argument("--ready-file", required=True,
                        help="write this JSON file (URLs, demo client credentials, pid) once both listeners listen")
    parser.add_argument("--data", default=DEFAULT_DATA_FILE, help="org data file (default: org.json beside this script)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--login-port", type=_non_negative_int, default=0, help="login listener port (default 0: a free port)")
    parser.add_argument("--api-port", type=_non_negative_int, default=0, help="api listener port (default 0: a free port)")
    parser.add_argument("--log", default=None, help="append one JSON line per request to this file")
    parser.add_argument("--latency-ms", type=_non_negative_int, default=0, help="added to every request (default 0)")
    parser.add_argument("--users", type=_non_negative_int, default=DEFAULT_USERS,
                        help=f"number of generated users (default {DEFAULT_USERS})")
    parser.add_argument("--token-rate-limit", type=_non_negative_int, default=0,
                        help="max token requests per rolling 60 s for the org (default 0: no limit)")
    parser.add_argument("--api-rate-limit", type=_non_negative_int, default=DEFAULT_API_RATE_LIMIT,
                        help=f"max api requests per token per 60 s window (default {DEFAULT_API_RATE_LIMIT}; 0: no limit)")
    parser.add_argument("--invalid-client-status", type=int, choices=(400, 401), default=400,
                        help="HTTP status of invalid_client token errors (default 400)")
    parser.add_argument("--certfile", help="PEM certificate (chain): serve HTTPS on both listeners")
    parser.add_argument("--keyfile", help="PEM private key of --certfile (if not in it)")
    parser.add_argument("--region", action="append", default=[], type=_region_option, metavar="NAME=DATAFILE",
                        help="multi-region mode: also serve the org of DATAFILE in region NAME, on listeners of its own "
                             "(repeatable); the ready file gains a \"regions\" map")
    parser.add_argument("--other-regions", action="store_true",
                        help="multi-region mode: one more pair of listeners with an empty org (no clients) for every "
                             "region without an org of its own")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    stop = threading.Event()

    def _on_signal(signum, frame):  # pylint: disable=unused-argument
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    options = dict(data=args.data, host=args.host, login_port=args.login_port, api_port=args.api_port,
                   log=args.log, latency_ms=args.latency_ms, users=args.users,
                   token_rate_limit=args.token_rate_limit, api_rate_limit=args.api_rate_limit,
                   invalid_client_status=args.invalid_client_status, certfile=args.certfile, keyfile=args.keyfile)
    try:
        if args.region or args.other_regions:
            emulator = Regions(regions=args.region, others=args.other_regions, **options)
        else:
            emulator = Emulator(**options)
        emulator.start()
    except (OSError, ValueError, KeyError) as error:
        print(f"emulator: cannot start: {error}", file=sys.stderr)
        return 1
    try:
        try:
            emulator.write_ready_file(args.ready_file)
        except OSError as error:
            print(f"emulator: cannot write the ready file: {error}", file=sys.stderr)
            return 1
        # Addresses only: the ready file holds the credentials, standard output never does.
        print(emulator.describe(), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

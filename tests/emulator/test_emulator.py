"""Tests of the Genesys Cloud emulator itself, over real sockets.

Run: python -m pytest tests/emulator -q
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests

from .server import REGION_NAMES, ROLES_RULE, SCOPE_RULE, Emulator, Regions

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "org.json"), encoding="utf-8") as _handle:
    ORG = json.load(_handle)
with open(os.path.join(HERE, "sdk_models.json"), encoding="utf-8") as _handle:
    MODELS = json.load(_handle)

EU_FILE = os.path.join(HERE, "org-eu-west-1.json")
with open(EU_FILE, encoding="utf-8") as _handle:
    EU_ORG = json.load(_handle)
ROOT = os.path.dirname(os.path.dirname(HERE))

CLIENTS = {c["name"]: c for c in ORG["oauth_clients"]}
ADMIN = CLIENTS["Ansible Automation"]
ROLES = {r["name"]: r for r in ORG["roles"]}
HOME = next(d["id"] for d in ORG["divisions"] if d["homeDivision"])
EU_CLIENTS = {c["name"]: c for c in EU_ORG["oauth_clients"]}
EU_ROLES = {r["name"]: r for r in EU_ORG["roles"]}
EU_HOME = next(d["id"] for d in EU_ORG["divisions"] if d["homeDivision"])
GRANT = {"grant_type": "client_credentials"}
TIMEOUT = 10


# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def log_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("emulator") / "requests.log")


@pytest.fixture(scope="module")
def emu(log_path):
    emulator = Emulator(log=log_path, users=120).start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    """Multi-region mode: org.json (us-east-1), org-eu-west-1.json, and the empty org of the other regions."""
    group = Regions(regions={"eu-west-1": EU_FILE}, others=True, users=5,
                    log=str(tmp_path_factory.mktemp("regions") / "requests.log")).start()
    yield group
    group.stop()


@pytest.fixture(autouse=True)
def _reset_after_each_test(request):
    yield
    for name in ("emu", "regions"):
        if name in request.fixturenames:
            # The primary's reset resets every region.
            control_url = request.getfixturevalue(name).ready_info()["control_url"]
            requests.post(control_url + "/reset", timeout=TIMEOUT).raise_for_status()


def token_request(emu, client=None, auth=None, data=None, **kwargs):
    if auth is None and client is not None:
        auth = (client["id"], client["secret"])
    return requests.post(emu.login_url + "/oauth/token", auth=auth, data=GRANT if data is None else data, timeout=TIMEOUT, **kwargs)


def get_token(emu, client=ADMIN):
    response = token_request(emu, client)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def call(emu, token, method, path, **kwargs):
    headers = kwargs.pop("headers", {})
    if token:
        headers["Authorization"] = "Bearer " + token
    return requests.request(method, emu.api_url + path, headers=headers, timeout=TIMEOUT, **kwargs)


def set_faults(emu, **payload):
    response = requests.post(emu.control_url + "/faults", json=payload, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


def oauth_error(error, description):
    return {"error": error, "description": description, "error_description": description}


def assert_genesys_error(response, status, code):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["contextId"] == response.headers["ININ-Correlation-Id"]
    assert_shape(body, "ErrorBody")
    return body


def assert_shape(value, type_name, where="$"):
    """Every key of ``value`` is a field of model ``type_name`` in sdk_models.json, recursively.

    Types that are not in the subset (e.g. AcwSettings) are not checked further.
    """
    match = re.fullmatch(r"list\[(.+)\]", type_name)
    if match:
        assert isinstance(value, list), f"{where}: expected a list"
        for index, item in enumerate(value):
            assert_shape(item, match.group(1), f"{where}[{index}]")
        return
    match = re.fullmatch(r"dict\(str, (.+)\)", type_name)
    if match:
        assert isinstance(value, dict), f"{where}: expected an object"
        for key, item in value.items():
            assert_shape(item, match.group(1), f"{where}.{key}")
        return
    if type_name in MODELS:
        assert isinstance(value, dict), f"{where}: expected an object of {type_name}"
        fields = MODELS[type_name]["fields"]
        unknown = set(value) - set(fields)
        assert not unknown, f"{where}: not fields of {type_name}: {sorted(unknown)}"
        for key, item in value.items():
            assert_shape(item, fields[key], f"{where}.{key}")
        return
    expected = {"str": str, "datetime": str, "bool": bool, "int": int}.get(type_name)
    if expected is int:
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an int"
    elif expected is not None:
        assert isinstance(value, expected), f"{where}: expected {type_name}"


# --------------------------------------------------------------------------------------------
# Login listener (facts §1)
# --------------------------------------------------------------------------------------------

def test_token_success(emu):
    response = token_request(emu, ADMIN)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86399
    assert len(body["access_token"]) >= 60
    assert token_request(emu, CLIENTS["Short Lived"]).json()["expires_in"] == 299


def test_token_colon_secret_splits_on_first_colon(emu):
    client = CLIENTS["Colon Secret"]
    assert ":" in client["secret"]
    assert token_request(emu, client).status_code == 200


def _basic(value):
    return {"Authorization": "Basic " + base64.b64encode(value.encode()).decode()}


AUTH_FAILED = oauth_error("invalid_client", "authentication failed")
NOT_FOUND = oauth_error("invalid_client", "client not found")
UNAUTHORIZED = oauth_error("unauthorized_client", "client is not authorized to use the client_credential grant type")


@pytest.mark.parametrize("case, kwargs, status, body", [
    ("no credentials", {"data": GRANT}, 400, AUTH_FAILED),
    ("credentials in the body only",
     {"data": dict(GRANT, client_id=ADMIN["id"], client_secret=ADMIN["secret"])}, 400, AUTH_FAILED),
    ("not base64", {"headers": {"Authorization": "Basic !!not-base64!!"}}, 400, AUTH_FAILED),
    ("no colon", {"headers": _basic(ADMIN["id"] + ADMIN["secret"])}, 400, AUTH_FAILED),
    ("bearer scheme", {"headers": {"Authorization": "Bearer " + ADMIN["secret"]}}, 400, AUTH_FAILED),
    ("unknown client", {"auth": (str(uuid.UUID(int=1)), "whatever")}, 400, NOT_FOUND),
    ("wrong secret", {"auth": (ADMIN["id"], ADMIN["secret"] + "x")}, 400, AUTH_FAILED),
    ("code grant client", {"client": CLIENTS["Web Portal"]}, 400, UNAUTHORIZED),
    ("password grant client", {"client": CLIENTS["Legacy Password Grant"]}, 400, UNAUTHORIZED),
    ("disabled client", {"client": CLIENTS["Disabled Integration"]}, 400, AUTH_FAILED),
    ("inactive client", {"client": CLIENTS["Retired Integration"]}, 400, AUTH_FAILED),
])
def test_token_client_errors(emu, case, kwargs, status, body):
    response = token_request(emu, **kwargs)
    assert response.status_code == status, case
    assert response.json() == body, case


def test_token_request_errors(emu):
    auth = (ADMIN["id"], ADMIN["secret"])
    for data in ({}, {"grant_type": "password"}, {"grant_type": "CLIENT_CREDENTIALS"}):
        response = token_request(emu, auth=auth, data=data)
        assert response.status_code == 400
        assert response.json()["error"] == "unsupported_grant_type"
        assert set(response.json()) == {"error", "description", "error_description"}
    response = requests.post(emu.login_url + "/oauth/token", auth=auth, json=GRANT, timeout=TIMEOUT)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_invalid_client_status_401(emu):
    set_faults(emu, invalid_client_status=401)
    response = token_request(emu, auth=(ADMIN["id"], "wrong"))
    assert response.status_code == 401
    assert response.json() == AUTH_FAILED
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    # unauthorized_client keeps its 400
    assert token_request(emu, CLIENTS["Web Portal"]).status_code == 400


def test_token_rate_limit(emu):
    set_faults(emu, token_rate_limit=2)
    assert token_request(emu, ADMIN).status_code == 200
    assert token_request(emu, ADMIN).status_code == 200
    response = token_request(emu, ADMIN)
    assert response.status_code == 400
    assert response.json() == oauth_error("invalid_request", "rate limit exceeded; try again later")
    requests.post(emu.control_url + "/reset", timeout=TIMEOUT)
    assert token_request(emu, ADMIN).status_code == 200


def test_login_listener_other_routes(emu):
    assert requests.get(emu.login_url + "/oauth/token", timeout=TIMEOUT).status_code == 404
    response = requests.post(emu.login_url + "/api/v2/tokens/me", timeout=TIMEOUT)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


def test_api_listener_oauth_token_is_not_found(emu):
    response = requests.post(emu.api_url + "/oauth/token", auth=(ADMIN["id"], ADMIN["secret"]), data=GRANT, timeout=TIMEOUT)
    assert_genesys_error(response, 404, "not.found")


# --------------------------------------------------------------------------------------------
# Tokens (facts §3)
# --------------------------------------------------------------------------------------------

def test_tokens_me(emu):
    response = call(emu, get_token(emu), "GET", "/api/v2/tokens/me", params={"preserveIdleTTL": "true"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"organization", "homeOrganization", "authorizedScope", "OAuthClient"}
    assert body["organization"] == {"id": ORG["organization"]["id"], "name": "Emulated Org"}
    assert body["authorizedScope"] == []
    client = body["OAuthClient"]
    assert client["id"] == ADMIN["id"]
    assert client["name"] == "Ansible Automation"
    assert client["authorizedGrantType"] == "CLIENT-CREDENTIALS"
    assert client["state"] == "active"
    assert len(client["roleDivisions"]) == 3
    assert client["organization"] == body["organization"]
    uuid.UUID(response.headers["ININ-Correlation-Id"])
    assert response.headers["inin-ratelimit-allowed"] == "300"
    assert response.headers["inin-ratelimit-count"] == "1"
    assert 0 < int(response.headers["inin-ratelimit-reset"]) <= 60


def test_head_tokens_me(emu):
    response = call(emu, get_token(emu), "HEAD", "/api/v2/tokens/me")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Content-Length"] == "0"
    assert call(emu, "nope", "HEAD", "/api/v2/tokens/me").status_code == 401


def test_delete_tokens_me_revokes(emu):
    token = get_token(emu)
    response = call(emu, token, "DELETE", "/api/v2/tokens/me")
    assert response.status_code == 204
    assert response.content == b""
    body = assert_genesys_error(call(emu, token, "GET", "/api/v2/tokens/me"), 401, "bad.credentials")
    assert body["message"] == "Invalid login credentials."
    assert body["details"] == [] and body["errors"] == []


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}])
def test_missing_or_unknown_token(emu, headers):
    assert_genesys_error(call(emu, None, "GET", "/api/v2/organizations/me", headers=headers), 401, "bad.credentials")


def test_expired_token(emu):
    token = get_token(emu)
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200
    assert requests.post(emu.control_url + "/expire", timeout=TIMEOUT).status_code == 200
    assert_genesys_error(call(emu, token, "GET", "/api/v2/tokens/me"), 401, "bad.credentials")
    assert call(emu, get_token(emu), "GET", "/api/v2/tokens/me").status_code == 200


def test_disabled_client_token(emu):
    client = CLIENTS["Readonly Reporter"]
    token = get_token(emu, client)
    response = requests.post(f"{emu.control_url}/clients/{client['id']}/state", json={"state": "disabled"}, timeout=TIMEOUT)
    assert response.json()["state"] == "disabled"
    assert_genesys_error(call(emu, token, "GET", "/api/v2/tokens/me"), 401, "bad.credentials")
    assert token_request(emu, client).json() == AUTH_FAILED
    # reset puts the client back in its state from the data file; the token was never revoked
    requests.post(emu.control_url + "/reset", timeout=TIMEOUT)
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200


def test_organization(emu):
    response = call(emu, get_token(emu), "GET", "/api/v2/organizations/me")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Emulated Org"
    assert body["productPlatform"] == "GenesysCloud"
    assert body["state"] == "active"


# --------------------------------------------------------------------------------------------
# Permissions, routes, listings (facts §4, §5)
# --------------------------------------------------------------------------------------------

def test_missing_permission(emu):
    response = call(emu, get_token(emu, CLIENTS["Readonly Reporter"]), "GET", "/api/v2/routing/queues")
    body = assert_genesys_error(response, 403, "missing.any.permissions")
    assert body["message"] == ("Unable to perform the requested action. You must have at least one of the following "
                               "permissions assigned: [routing:queue:view]")
    assert body["messageParams"] == {"permissions": "[routing:queue:view]"}
    assert "{permissions}" in body["messageWithParams"]
    no_roles = get_token(emu, CLIENTS["No Roles"])
    assert "[directory:user:view]" in assert_genesys_error(call(emu, no_roles, "GET", "/api/v2/users"), 403, "missing.any.permissions")["message"]
    assert call(emu, no_roles, "GET", "/api/v2/tokens/me").status_code == 200
    assert call(emu, get_token(emu, CLIENTS["Readonly Reporter"]), "GET", "/api/v2/users").status_code == 200


def test_unknown_route_and_wrong_method(emu):
    token = get_token(emu)
    assert_genesys_error(call(emu, token, "GET", "/api/v2/nothing/here"), 404, "not.found")
    assert_genesys_error(call(emu, None, "GET", "/api/v2/nothing/here"), 404, "not.found")
    response = call(emu, token, "PATCH", "/api/v2/users")
    assert_genesys_error(response, 405, "method.not.allowed")
    assert response.headers["Allow"] == "GET"


def test_users_listing_paging(emu):
    token = get_token(emu)
    first = call(emu, token, "GET", "/api/v2/users").json()
    assert first["pageSize"] == 25 and first["pageNumber"] == 1
    assert first["total"] == 120 and first["pageCount"] == 5
    assert len(first["entities"]) == 25
    assert first["firstUri"] == "/api/v2/users?pageSize=25&pageNumber=1"
    assert first["selfUri"] == "/api/v2/users?pageSize=25&pageNumber=1"
    assert first["nextUri"] == "/api/v2/users?pageSize=25&pageNumber=2"
    assert first["lastUri"] == "/api/v2/users?pageSize=25&pageNumber=5"
    assert "previousUri" not in first

    seen, uri = [], "/api/v2/users?pageSize=25&pageNumber=1"
    while uri:
        page = call(emu, token, "GET", uri).json()
        seen.extend(u["id"] for u in page["entities"])
        uri = page.get("nextUri")
    assert len(seen) == len(set(seen)) == 120
    assert page["pageNumber"] == 5 and len(page["entities"]) == 20
    assert page["previousUri"] == "/api/v2/users?pageSize=25&pageNumber=4"

    beyond = call(emu, token, "GET", "/api/v2/users", params={"pageNumber": 9}).json()
    assert beyond["entities"] == [] and "nextUri" not in beyond
    everything = call(emu, token, "GET", "/api/v2/users", params={"pageSize": 500}).json()
    assert everything["pageCount"] == 1 and len(everything["entities"]) == 120 and "nextUri" not in everything
    # Deterministic users: ids are uuid5 of the index.
    namespace = uuid.UUID(ORG["emulator"]["generated_users"]["id_namespace"])
    assert seen[0] == str(uuid.uuid5(namespace, "user-0"))
    assert first["entities"][0]["state"] == "active"


@pytest.mark.parametrize("params, fragment", [({"pageSize": 501}, "500"), ({"pageSize": "ten"}, "pageSize"), ({"pageNumber": 0}, "at least")])
def test_bad_paging_parameters(emu, params, fragment):
    body = assert_genesys_error(call(emu, get_token(emu), "GET", "/api/v2/users", params=params), 400, "bad.request")
    assert fragment in body["message"]


def test_large_org_listing_is_fast():
    with Emulator(users=10000) as big:
        token = get_token(big)
        started = time.monotonic()
        page = call(big, token, "GET", "/api/v2/users", params={"pageSize": 500, "pageNumber": 20}).json()
        assert time.monotonic() - started < 1.0
    assert page["total"] == 10000 and page["pageCount"] == 20 and len(page["entities"]) == 500
    assert "nextUri" not in page


def test_oauth_clients_never_show_secrets(emu):
    token = get_token(emu)
    response = call(emu, token, "GET", "/api/v2/oauth/clients")
    listing = response.json()
    assert listing["total"] == len(ORG["oauth_clients"])
    assert {c["name"] for c in listing["entities"]} == set(CLIENTS)
    one = call(emu, token, "GET", "/api/v2/oauth/clients/" + CLIENTS["Web Portal"]["id"]).json()
    assert one["authorizedGrantType"] == "CODE" and one["scope"] == ["users:readonly", "routing"]
    assert_genesys_error(call(emu, token, "GET", "/api/v2/oauth/clients/" + str(uuid.uuid4())), 404, "not.found")
    text = response.text + json.dumps(one)
    assert '"secret"' not in text
    for client in ORG["oauth_clients"]:
        assert client["secret"] not in text


def test_roles_divisions_scopes(emu):
    token = get_token(emu)
    roles = call(emu, token, "GET", "/api/v2/authorization/roles").json()
    assert {r["name"] for r in roles["entities"]} == {"Automation Developer", "Queue Manager", "Reader", "OAuth Admin"}
    reader = next(r for r in roles["entities"] if r["name"] == "Reader")
    role = call(emu, token, "GET", "/api/v2/authorization/roles/" + reader["id"]).json()
    assert role["permissionPolicies"][0]["domain"] == "directory"
    divisions = call(emu, token, "GET", "/api/v2/authorization/divisions").json()
    assert [d["name"] for d in divisions["entities"] if d["homeDivision"]] == ["Home"]
    scopes = call(emu, token, "GET", "/api/v2/oauth/scopes").json()
    assert scopes["total"] == len(scopes["entities"]) and "pageSize" not in scopes


def test_queues_crud(emu):
    token = get_token(emu)
    created = call(emu, token, "POST", "/api/v2/routing/queues", json={"name": "Emulator Test Queue", "description": "d1"})
    assert created.status_code == 200, created.text
    queue = created.json()
    assert queue["name"] == "Emulator Test Queue" and queue["division"]["name"] == "Home"
    assert queue["selfUri"] == "/api/v2/routing/queues/" + queue["id"]

    duplicate = call(emu, token, "POST", "/api/v2/routing/queues", json={"name": "emulator TEST queue"})
    assert "Emulator Test Queue" in assert_genesys_error(duplicate, 400, "general.bad.request")["message"]
    assert_genesys_error(call(emu, token, "POST", "/api/v2/routing/queues", json={"description": "x"}), 400, "bad.request")
    assert_genesys_error(call(emu, token, "POST", "/api/v2/routing/queues", data="{not json"), 400, "bad.request")

    assert call(emu, token, "GET", "/api/v2/routing/queues/" + queue["id"]).json() == queue
    by_name = call(emu, token, "GET", "/api/v2/routing/queues", params={"name": "EMULATOR test QUEUE"}).json()
    assert [q["id"] for q in by_name["entities"]] == [queue["id"]]
    assert by_name["selfUri"] == "/api/v2/routing/queues?pageSize=25&pageNumber=1&name=EMULATOR+test+QUEUE"
    by_prefix = call(emu, token, "GET", "/api/v2/routing/queues", params={"name": "emulator*"}).json()
    assert [q["id"] for q in by_prefix["entities"]] == [queue["id"]]

    support = next(d for d in ORG["divisions"] if d["name"] == "Support")
    updated = call(emu, token, "PUT", "/api/v2/routing/queues/" + queue["id"],
                   json={"name": "Emulator Test Queue 2", "description": "d2", "division": {"id": support["id"]}}).json()
    assert updated["name"] == "Emulator Test Queue 2" and updated["description"] == "d2"
    assert updated["division"]["name"] == "Support" and updated["dateCreated"] == queue["dateCreated"]
    clash = call(emu, token, "PUT", "/api/v2/routing/queues/" + queue["id"], json={"name": "sales"})
    assert_genesys_error(clash, 400, "general.bad.request")

    assert call(emu, token, "DELETE", "/api/v2/routing/queues/" + queue["id"]).status_code == 204
    assert_genesys_error(call(emu, token, "GET", "/api/v2/routing/queues/" + queue["id"]), 404, "not.found")
    assert_genesys_error(call(emu, token, "DELETE", "/api/v2/routing/queues/" + queue["id"]), 404, "not.found")
    assert_genesys_error(call(emu, token, "PUT", "/api/v2/routing/queues/" + queue["id"], json={"name": "x"}), 404, "not.found")

    reader = get_token(emu, CLIENTS["Readonly Reporter"])
    denied = call(emu, reader, "POST", "/api/v2/routing/queues", json={"name": "Nope"})
    assert "[routing:queue:add]" in assert_genesys_error(denied, 403, "missing.any.permissions")["message"]


# --------------------------------------------------------------------------------------------
# Rate limits and faults
# --------------------------------------------------------------------------------------------

def test_429_from_a_fault_rule(emu):
    token = get_token(emu)
    set_faults(emu, rules=[{"listener": "api", "status": 429, "retry_after": 3, "count": 1}])
    response = call(emu, token, "GET", "/api/v2/tokens/me")
    body = assert_genesys_error(response, 429, "too.many.requests.retry.after")
    assert response.headers["Retry-After"] == "3"
    assert body["message"] == "Rate limit exceeded the maximum. Retry the request in [3] seconds"
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200


def test_429_from_the_api_rate_limit(emu):
    token = get_token(emu)
    set_faults(emu, api_rate_limit=3)
    for count in (1, 2, 3):
        response = call(emu, token, "GET", "/api/v2/tokens/me")
        assert response.status_code == 200
        assert response.headers["inin-ratelimit-count"] == str(count)
        assert response.headers["inin-ratelimit-allowed"] == "3"
    response = call(emu, token, "GET", "/api/v2/tokens/me")
    body = assert_genesys_error(response, 429, "too.many.requests.retry.after")
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"[{seconds}]" in body["message"]
    # The limit is per token: another token is not limited.
    assert call(emu, get_token(emu), "GET", "/api/v2/tokens/me").status_code == 200


@pytest.mark.parametrize("status, code", [(500, "internal.server.error"), (502, "bad.gateway"), (503, "service.unavailable"),
                                          (504, "gateway.timeout")])
def test_fault_genesys_5xx(emu, status, code):
    set_faults(emu, rules=[{"listener": "api", "path_prefix": "/api/v2/tokens", "status": status}])
    assert_genesys_error(call(emu, get_token(emu), "GET", "/api/v2/tokens/me"), status, code)


def test_fault_body_kinds(emu):
    token = get_token(emu)
    set_faults(emu, rules=[
        {"listener": "api", "status": 502, "body": "html"},
        {"listener": "api", "status": 503, "body": "empty", "retry_after": 2},
        {"listener": "api", "status": 200, "body": "invalid_json"},
        {"listener": "api", "status": 500, "body": "huge"},
    ])
    html = call(emu, token, "GET", "/api/v2/tokens/me")
    assert html.status_code == 502 and html.headers["Content-Type"] == "text/html" and "<html>" in html.text
    empty = call(emu, token, "GET", "/api/v2/tokens/me")
    assert empty.status_code == 503 and empty.content == b"" and empty.headers["Content-Length"] == "0"
    assert empty.headers["Retry-After"] == "2"
    broken = call(emu, token, "GET", "/api/v2/tokens/me")
    assert broken.status_code == 200 and broken.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        broken.json()
    huge = call(emu, token, "GET", "/api/v2/tokens/me")
    assert huge.status_code == 500 and len(huge.content) > 1024 * 1024
    assert huge.json()["code"] == "internal.server.error"
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200


def test_fault_close_connection(emu):
    set_faults(emu, rules=[{"listener": "login", "close": True}])
    with pytest.raises(requests.ConnectionError):
        token_request(emu, ADMIN)
    assert token_request(emu, ADMIN).status_code == 200


def test_fault_rules_match_and_count(emu):
    token = get_token(emu)
    set_faults(emu, rules=[{"listener": "api", "method": "GET", "path_prefix": "/api/v2/users", "status": 503, "count": 2},
                           {"listener": "login", "status": 429, "count": -1}])
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200
    assert call(emu, token, "GET", "/api/v2/users").status_code == 503
    assert call(emu, token, "GET", "/api/v2/users").status_code == 503
    assert call(emu, token, "GET", "/api/v2/users").status_code == 200
    for _attempt in range(3):
        response = token_request(emu, ADMIN)
        assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    faults = requests.get(emu.control_url + "/faults", timeout=TIMEOUT).json()
    assert [r["count"] for r in faults["rules"]] == [-1]


def test_fault_validation(emu):
    for payload in ({"nope": 1}, {"rules": [{"status": 99}]}, {"rules": [{"body": "xml"}]}, {"invalid_client_status": 403},
                    {"rules": [{"count": 0}]}, {"latency_ms": -1}):
        response = requests.post(emu.control_url + "/faults", json=payload, timeout=TIMEOUT)
        assert response.status_code == 400, payload
        assert "error" in response.json()


def test_latency(emu):
    token = get_token(emu)
    set_faults(emu, latency_ms=200)
    started = time.monotonic()
    assert call(emu, token, "GET", "/api/v2/tokens/me").status_code == 200
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    assert token_request(emu, ADMIN).status_code == 200
    assert time.monotonic() - started >= 0.2


# --------------------------------------------------------------------------------------------
# HTTP behaviour
# --------------------------------------------------------------------------------------------

def test_keep_alive_and_content_length(emu):
    host, port = emu.api_url.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        token = get_token(emu)
        sockets = set()
        for method, path, headers in (("GET", "/api/v2/nothing", {}), ("GET", "/api/v2/tokens/me", {}),
                                      ("GET", "/api/v2/tokens/me", {"Authorization": "Bearer " + token}),
                                      ("HEAD", "/api/v2/tokens/me", {"Authorization": "Bearer " + token}),
                                      ("DELETE", "/api/v2/tokens/me", {"Authorization": "Bearer " + token})):
            connection.request(method, path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            assert response.getheader("Content-Length") == str(len(body))
            assert response.version == 11 and not response.will_close
            sockets.add(id(connection.sock))
        assert len(sockets) == 1
    finally:
        connection.close()


def test_client_disconnects_are_quiet(emu, capfd):
    host, port = emu.api_url.rsplit("/", 1)[1].split(":")
    for payload in (b"GET /api/v2/tokens/me HTTP/1.1\r\nHost: x\r\n", b"POST /api/v2/routing/queues HTTP/1.1\r\nContent-Length: 50\r\n\r\n{}",
                    b"GET /api/v2/users HTTP/1.1\r\nHost: x\r\n\r\n"):
        with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
            sock.sendall(payload)
    set_faults(emu, rules=[{"listener": "api", "status": 500, "body": "huge"}])
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.sendall(b"GET /api/v2/users HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    assert call(emu, get_token(emu), "GET", "/api/v2/tokens/me").status_code == 200
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and captured.err == ""


# --------------------------------------------------------------------------------------------
# Control API, log, stats
# --------------------------------------------------------------------------------------------

def test_control_api(emu):
    token = get_token(emu)
    assert token in requests.get(emu.control_url + "/issued", timeout=TIMEOUT).json()["tokens"]
    assert requests.get(emu.control_url + "/nothing", timeout=TIMEOUT).status_code == 404
    bad = requests.post(f"{emu.control_url}/clients/{ADMIN['id']}/state", json={"state": "gone"}, timeout=TIMEOUT)
    assert bad.status_code == 400
    unknown = requests.post(f"{emu.control_url}/clients/{uuid.uuid4()}/state", json={"state": "disabled"}, timeout=TIMEOUT)
    assert unknown.status_code == 404


def test_stats_count_requests(emu):
    before = requests.get(emu.control_url + "/stats", timeout=TIMEOUT).json()
    token = get_token(emu)
    for _attempt in range(3):
        call(emu, token, "GET", "/api/v2/organizations/me")
    after = requests.get(emu.control_url + "/stats", timeout=TIMEOUT).json()

    def count(stats, listener, method, path):
        return sum(r["count"] for r in stats["requests"] if (r["listener"], r["method"], r["path"]) == (listener, method, path))

    assert count(after, "api", "GET", "/api/v2/organizations/me") - count(before, "api", "GET", "/api/v2/organizations/me") == 3
    assert count(after, "login", "POST", "/oauth/token") - count(before, "login", "POST", "/oauth/token") == 1
    assert after["total"] - before["total"] == 4
    assert not any(r["path"].startswith("/__emulator") for r in after["requests"])


def _log_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_log_lines(emu, log_path):
    before = len(_log_lines(log_path))
    token = get_token(emu)
    call(emu, token, "GET", "/api/v2/users", params={"pageSize": 5, "access_token": token, "other": ADMIN["secret"]})
    call(emu, token, "GET", "/api/v2/tokens/" + token)
    token_request(emu, auth=(ADMIN["secret"], ADMIN["id"]))   # swapped id and secret
    requests.get(emu.control_url + "/stats", timeout=TIMEOUT)  # not logged
    lines = _log_lines(log_path)[before:]
    assert len(lines) == 4
    assert [(line["listener"], line["method"], line["path"], line["status"]) for line in lines] == [
        ("login", "POST", "/oauth/token", 200), ("api", "GET", "/api/v2/users", 200),
        ("api", "GET", "/api/v2/tokens/***", 404), ("login", "POST", "/oauth/token", 400)]
    assert lines[0]["client_id"] == ADMIN["id"] and lines[1]["client_id"] == ADMIN["id"]
    assert lines[3]["client_id"] == "***"
    assert lines[1]["query"] == {"pageSize": "5", "access_token": "***", "other": "***"}
    for line in lines:
        assert set(line) == {"ts", "listener", "method", "path", "query", "status", "client_id", "ms"}
        assert isinstance(line["ms"], float) and isinstance(line["ts"], float)


def test_log_has_no_token_or_secret(emu, log_path):
    # Traffic of its own, with secrets and tokens in the wrong places, on top of what the
    # other tests of the module wrote before it.
    for client in ORG["oauth_clients"]:
        token_request(emu, client)
        token_request(emu, auth=(client["id"], client["secret"]), data=dict(GRANT, client_secret=client["secret"]))
        requests.post(emu.login_url + "/oauth/token", params={"client_id": client["id"], "client_secret": client["secret"]},
                      data=GRANT, timeout=TIMEOUT)
    token = get_token(emu)
    call(emu, token, "GET", "/api/v2/users", params={"q": token})
    call(emu, None, "GET", "/api/v2/users/" + token)
    requests.post(emu.api_url + "/oauth/token", auth=(ADMIN["id"], ADMIN["secret"]), data=GRANT, timeout=TIMEOUT)

    with open(log_path, encoding="utf-8") as handle:
        text = handle.read()
    issued = requests.get(emu.control_url + "/issued", timeout=TIMEOUT).json()["tokens"]
    assert token in issued
    for value in issued:
        assert value not in text
    for client in ORG["oauth_clients"]:
        assert client["secret"] not in text
        assert base64.b64encode(f"{client['id']}:{client['secret']}".encode()).decode() not in text
    assert "Authorization" not in text and "Bearer" not in text and "Basic" not in text


# --------------------------------------------------------------------------------------------
# Shapes against the SDK models
# --------------------------------------------------------------------------------------------

def test_response_shapes_match_sdk_models(emu):
    token = get_token(emu)
    queue_id = ORG["queues"][0]["id"]
    cases = [
        ("/api/v2/tokens/me", "TokenInfo"),
        ("/api/v2/organizations/me", "Organization"),
        ("/api/v2/oauth/clients", "OAuthClientEntityListing"),
        ("/api/v2/oauth/clients/" + ADMIN["id"], "OAuthClient"),
        ("/api/v2/oauth/clients/" + CLIENTS["Retired Integration"]["id"], "OAuthClient"),
        ("/api/v2/oauth/scopes", "OAuthScopeListing"),
        ("/api/v2/authorization/roles", "OrganizationRoleEntityListing"),
        ("/api/v2/authorization/roles/" + ORG["roles"][0]["id"], "DomainOrganizationRole"),
        ("/api/v2/authorization/divisions", "AuthzDivisionEntityListing"),
        ("/api/v2/users?pageSize=3&pageNumber=2", "UserEntityListing"),
        ("/api/v2/routing/queues", "QueueEntityListing"),
        ("/api/v2/routing/queues/" + queue_id, "Queue"),
    ]
    for path, model in cases:
        response = call(emu, token, "GET", path)
        assert response.status_code == 200, path
        assert_shape(response.json(), model, path)
    created = call(emu, token, "POST", "/api/v2/routing/queues", json={"name": "Shape Queue", "acwSettings": {"wrapupPrompt": "OPTIONAL"}})
    assert_shape(created.json(), "Queue")
    call(emu, token, "DELETE", "/api/v2/routing/queues/" + created.json()["id"])
    # Error bodies: 401, 403, 404, 405, 400, 429.
    set_faults(emu, api_rate_limit=1)
    errors = [call(emu, None, "GET", "/api/v2/users"),
              call(emu, get_token(emu, CLIENTS["No Roles"]), "GET", "/api/v2/users"),
              call(emu, token, "GET", "/api/v2/nowhere"),
              call(emu, token, "PUT", "/api/v2/users"),
              call(emu, get_token(emu), "GET", "/api/v2/users?pageSize=501"),
              call(emu, token, "GET", "/api/v2/users")]
    assert [e.status_code for e in errors] == [401, 403, 404, 405, 400, 429]
    for error in errors:
        assert_shape(error.json(), "ErrorBody")


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_ready_file_and_clean_exit(tmp_path, signum):
    ready = tmp_path / "ready.json"
    log = tmp_path / "cli.log"
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--ready-file", str(ready), "--log", str(log),
                                "--users", "7"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no ready file"
            time.sleep(0.02)
        info = json.loads(ready.read_text())
        assert set(info) == {"api_url", "login_url", "client_id", "client_secret", "region", "control_url", "log", "pid"}
        assert info["client_id"] == ADMIN["id"] and info["client_secret"] == ADMIN["secret"]
        assert info["region"] == "us-east-1" and info["pid"] == process.pid
        assert info["control_url"] == info["api_url"] + "/__emulator"
        assert info["log"] == str(log)
        assert oct(ready.stat().st_mode & 0o777) == "0o600"
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", info["api_url"]) and re.fullmatch(r"http://127\.0\.0\.1:\d+", info["login_url"])

        token = requests.post(info["login_url"] + "/oauth/token", auth=(info["client_id"], info["client_secret"]), data=GRANT,
                              timeout=TIMEOUT).json()["access_token"]
        users = requests.get(info["api_url"] + "/api/v2/users", headers={"Authorization": "Bearer " + token}, timeout=TIMEOUT).json()
        assert users["total"] == 7
    finally:
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    output = (stdout + stderr).decode()
    assert "Traceback" not in output
    assert info["client_secret"] not in output and token not in output
    assert token not in log.read_text() and len(log.read_text().splitlines()) == 2


def test_cli_rejects_bad_options(tmp_path):
    result = subprocess.run([sys.executable, os.path.join(HERE, "server.py"), "--ready-file", str(tmp_path / "r"),
                             "--invalid-client-status", "403"], capture_output=True, timeout=10, check=False)
    assert result.returncode == 2
    assert not (tmp_path / "r").exists()


def test_fault_rule_matching_a_query_parameter(emu):
    token = get_token(emu)
    set_faults(emu, rules=[{"listener": "api", "path_prefix": "/api/v2/users", "query": {"pageNumber": "3"}, "status": 500}])
    assert call(emu, token, "GET", "/api/v2/users", params={"pageNumber": "2"}).status_code == 200
    assert call(emu, token, "GET", "/api/v2/users", params={"pageNumber": "3"}).status_code == 500
    assert call(emu, token, "GET", "/api/v2/users", params={"pageNumber": "3"}).status_code == 200


def test_cursor_listing_follows_next_uri(emu):
    token = get_token(emu)
    first = call(emu, token, "GET", "/api/v2/authorization/divisions/query", params={"pageSize": "1"}).json()
    assert len(first["entities"]) == 1 and "pageCount" not in first
    second = call(emu, token, "GET", first["nextUri"]).json()
    assert len(second["entities"]) == 1 and "nextUri" not in second
    assert first["entities"][0]["id"] != second["entities"][0]["id"]
    assert call(emu, token, "GET", "/api/v2/authorization/divisions/query", params={"after": "!!"}).status_code == 400


def test_probability_rules_apply_to_a_share_of_requests(emu):
    token = get_token(emu)
    set_faults(emu, seed=7, rules=[{"listener": "api", "path_prefix": "/api/v2/organizations", "status": 503,
                                    "count": -1, "probability": 0.3}])
    statuses = [call(emu, token, "GET", "/api/v2/organizations/me").status_code for dummy in range(200)]
    assert 30 <= statuses.count(503) <= 90 and statuses.count(200) == 200 - statuses.count(503)


def test_token_rate_limit_body_kind(emu):
    set_faults(emu, rules=[{"listener": "login", "status": 400, "body": "token_rate_limit"}])
    response = token_request(emu)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request" and "rate limit exceeded" in response.json()["error_description"]


def test_huge_body_of_a_given_size(emu):
    set_faults(emu, rules=[{"listener": "api", "status": 200, "body": "huge", "size_mb": 3}])
    response = call(emu, get_token(emu), "GET", "/api/v2/organizations/me")
    assert len(response.content) > 3 * 1024 * 1024


# --------------------------------------------------------------------------------------------
# OAuth client writes (facts §4)
# --------------------------------------------------------------------------------------------

def client_body(name="Emulator Test Client", roles=("Queue Manager",), home=HOME, role_table=None, **fields):
    """An OAuthClientRequest of a client-credentials client with these roles (by name) in the Home division."""
    role_table = role_table or ROLES
    body = {"name": name, "authorizedGrantType": "CLIENT-CREDENTIALS",
            "roleDivisions": [{"roleId": role_table[r]["id"], "divisionId": home} for r in roles]}
    body.update(fields)
    return body


def create_client(emu, token, body):
    response = call(emu, token, "POST", "/api/v2/oauth/clients", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def control_secrets(url):
    return requests.get(url + "/secrets", timeout=TIMEOUT).json()["secrets"]


def test_create_client(emu):
    token = get_token(emu)
    body = client_body(description="made by a test", accessTokenValiditySeconds=600,
                       id="not-mine", secret="not-mine", roleIds=["x"], dateCreated="2000-01-01T00:00:00.000Z", unknown=1)
    created = create_client(emu, token, body)
    assert_shape(created, "OAuthClient")
    uuid.UUID(created["id"])
    assert created["id"] != "not-mine" and created["secret"] != "not-mine" and len(created["secret"]) >= 40
    assert "roleIds" not in created and "unknown" not in created and created["dateCreated"] != "2000-01-01T00:00:00.000Z"
    assert created["name"] == "Emulator Test Client" and created["description"] == "made by a test"
    assert created["state"] == "active" and created["accessTokenValiditySeconds"] == 600
    assert created["roleDivisions"] == [{"roleId": ROLES["Queue Manager"]["id"], "divisionId": HOME}]
    assert created["createdBy"] == {"id": ADMIN["id"]} and created["modifiedBy"] == {"id": ADMIN["id"]}
    assert created["selfUri"] == "/api/v2/oauth/clients/" + created["id"]
    assert created["dateCreated"] == created["dateModified"]

    # GET never shows the secret.
    one = call(emu, token, "GET", "/api/v2/oauth/clients/" + created["id"])
    assert one.json() == {k: v for k, v in created.items() if k != "secret"}
    listing = call(emu, token, "GET", "/api/v2/oauth/clients", params={"pageSize": 100})
    assert created["id"] in [c["id"] for c in listing.json()["entities"]]
    assert created["secret"] not in one.text + listing.text and '"secret"' not in listing.text

    # The new client gets tokens at once, with its roles.
    response = token_request(emu, created)
    assert response.status_code == 200 and response.json()["expires_in"] == 599
    new_token = response.json()["access_token"]
    assert call(emu, new_token, "GET", "/api/v2/routing/queues").status_code == 200
    assert call(emu, new_token, "GET", "/api/v2/users").status_code == 403
    # Defaults; duplicate names are allowed.
    again = create_client(emu, token, {"name": "Emulator Test Client", "authorizedGrantType": "CLIENT-CREDENTIALS"})
    assert again["id"] != created["id"] and again["secret"] != created["secret"]
    assert again["accessTokenValiditySeconds"] == 86400 and again["state"] == "active" and again["roleDivisions"] == []


def test_create_client_other_grants_and_bounds(emu):
    token = get_token(emu)
    web = create_client(emu, token, {"name": "Web Thing", "authorizedGrantType": "CODE", "scope": ["users:readonly"],
                                     "registeredRedirectUri": ["https://example.com/cb"], "roleDivisions": [],
                                     "accessTokenValiditySeconds": 300, "state": "disabled"})
    assert_shape(web, "OAuthClient")
    assert web["scope"] == ["users:readonly"] and web["registeredRedirectUri"] == ["https://example.com/cb"]
    assert "roleDivisions" not in web and web["state"] == "disabled" and web["accessTokenValiditySeconds"] == 300
    longest = create_client(emu, token, client_body(accessTokenValiditySeconds=172800, scope=[], state="inactive"))
    assert longest["accessTokenValiditySeconds"] == 172800 and "scope" not in longest
    everywhere = create_client(emu, token, client_body(home="*"))
    assert everywhere["roleDivisions"][0]["divisionId"] == "*"
    support = next(d["id"] for d in ORG["divisions"] if d["name"] == "Support")
    assert create_client(emu, token, client_body(home=support))["roleDivisions"][0]["divisionId"] == support
    # A code-grant client cannot use the client-credentials grant.
    active_web = create_client(emu, token, {"name": "Web Active", "authorizedGrantType": "TOKEN"})
    assert token_request(emu, active_web).json() == UNAUTHORIZED


UNKNOWN_ID = "00000000-0000-4000-8000-00000000abcd"


@pytest.mark.parametrize("body, fragment", [
    ([], "JSON object"),
    ({"authorizedGrantType": "CLIENT-CREDENTIALS"}, "name is required"),
    ({"name": "", "authorizedGrantType": "CLIENT-CREDENTIALS"}, "name is required"),
    ({"name": "   ", "authorizedGrantType": "CLIENT-CREDENTIALS"}, "name is required"),
    ({"name": 5, "authorizedGrantType": "CLIENT-CREDENTIALS"}, "name is required"),
    ({"name": "x"}, "authorizedGrantType is required and must be one of: CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS"),
    ({"name": "x", "authorizedGrantType": "CLIENT_CREDENTIALS"}, "authorizedGrantType"),
    (client_body(accessTokenValiditySeconds=299), "accessTokenValiditySeconds must be an integer from 300 to 172800"),
    (client_body(accessTokenValiditySeconds=172801), "accessTokenValiditySeconds"),
    (client_body(accessTokenValiditySeconds="3600"), "accessTokenValiditySeconds"),
    (client_body(accessTokenValiditySeconds=3600.5), "accessTokenValiditySeconds"),
    (client_body(accessTokenValiditySeconds=True), "accessTokenValiditySeconds"),
    (client_body(state="enabled"), "state must be one of: active, disabled, inactive"),
    (client_body(scope=["users"]), SCOPE_RULE),
    ({"name": "x", "authorizedGrantType": "CODE", "roleDivisions": [{"roleId": ROLES["Reader"]["id"], "divisionId": HOME}]},
     ROLES_RULE),
    ({"name": "x", "authorizedGrantType": "PASSWORD", "roleDivisions": "Reader"}, "roleDivisions must be a list"),
    (client_body(roleDivisions=[{"roleId": UNKNOWN_ID, "divisionId": HOME}]), f"The role [{UNKNOWN_ID}] does not exist."),
    (client_body(roleDivisions=[{"roleId": ROLES["Queue Manager"]["id"], "divisionId": UNKNOWN_ID}]),
     f"The division [{UNKNOWN_ID}] does not exist."),
    (client_body(roleDivisions=[{"roleId": ROLES["Queue Manager"]["id"]}]), "roleDivisions must be a list"),
    (client_body(registeredRedirectUri="https://example.com"), "registeredRedirectUri must be a list of strings"),
    (client_body(description=["x"]), "description must be a string"),
])
def test_create_client_validation(emu, body, fragment):
    response = call(emu, get_token(emu), "POST", "/api/v2/oauth/clients", json=body)
    assert fragment in assert_genesys_error(response, 400, "bad.request")["message"]


def test_create_client_bad_json(emu):
    response = call(emu, get_token(emu), "POST", "/api/v2/oauth/clients", data="{not json")
    assert_genesys_error(response, 400, "bad.request")


def test_request_bodies_are_sdk_requests():
    assert_shape(client_body(description="d", accessTokenValiditySeconds=600, state="active"), "OAuthClientRequest")
    assert_shape({"name": "x", "authorizedGrantType": "CODE", "scope": ["a"], "registeredRedirectUri": ["b"]}, "OAuthClientRequest")


def test_create_client_only_with_roles_the_caller_holds(emu):
    token = get_token(emu)
    reader = ROLES["Reader"]["id"]
    response = call(emu, token, "POST", "/api/v2/oauth/clients", json=client_body(roles=("Queue Manager", "Reader")))
    body = assert_genesys_error(response, 403, "not.authorized")
    assert body["message"] == f"You cannot grant roles you do not have: [{reader}]"
    assert len(call(emu, token, "GET", "/api/v2/oauth/clients", params={"pageSize": 100}).json()["entities"]) == len(CLIENTS)
    # Every role the admin holds can be granted.
    create_client(emu, token, client_body(roles=("Automation Developer", "Queue Manager", "OAuth Admin")))


def test_update_client(emu):
    token = get_token(emu)
    created = create_client(emu, token, client_body(description="d1", accessTokenValiditySeconds=600))
    response = call(emu, token, "PUT", "/api/v2/oauth/clients/" + created["id"],
                    json=client_body("Renamed", roles=("Queue Manager", "OAuth Admin"), state="disabled", secret="ignored"))
    assert response.status_code == 200, response.text
    updated = response.json()
    assert_shape(updated, "OAuthClient")
    assert "secret" not in updated and "ignored" not in response.text and created["secret"] not in response.text
    assert updated["name"] == "Renamed" and updated["state"] == "disabled"
    assert "description" not in updated and updated["accessTokenValiditySeconds"] == 86400  # replaced, defaults
    assert [g["roleId"] for g in updated["roleDivisions"]] == [ROLES["Queue Manager"]["id"], ROLES["OAuth Admin"]["id"]]
    assert (updated["id"], updated["dateCreated"], updated["createdBy"]) == (created["id"], created["dateCreated"], created["createdBy"])
    assert updated["modifiedBy"] == {"id": ADMIN["id"]} and updated["dateModified"] >= created["dateModified"]
    assert call(emu, token, "GET", "/api/v2/oauth/clients/" + created["id"]).json() == updated
    assert token_request(emu, created).json() == AUTH_FAILED  # disabled now; its secret did not change
    call(emu, token, "PUT", "/api/v2/oauth/clients/" + created["id"], json=client_body("Renamed"))
    assert token_request(emu, created).status_code == 200

    # Grant type change: the roles go, the scope comes.
    web = call(emu, token, "PUT", "/api/v2/oauth/clients/" + created["id"],
               json={"name": "Now Web", "authorizedGrantType": "CODE", "scope": ["routing"]}).json()
    assert web["scope"] == ["routing"] and "roleDivisions" not in web


def test_update_client_rules(emu):
    token = get_token(emu)
    created = create_client(emu, token, client_body())
    path = "/api/v2/oauth/clients/" + created["id"]
    missing = call(emu, token, "PUT", "/api/v2/oauth/clients/" + UNKNOWN_ID, json=client_body())
    assert UNKNOWN_ID in assert_genesys_error(missing, 404, "not.found")["message"]
    assert "accessTokenValiditySeconds" in assert_genesys_error(
        call(emu, token, "PUT", path, json=client_body(accessTokenValiditySeconds=10)), 400, "bad.request")["message"]
    assert ROLES_RULE in assert_genesys_error(
        call(emu, token, "PUT", path, json=dict(client_body(), authorizedGrantType="SAML2-BEARER")), 400, "bad.request")["message"]
    assert "name is required" in assert_genesys_error(call(emu, token, "PUT", path, json={}), 400, "bad.request")["message"]
    # Adding a role the caller does not hold is refused...
    added = call(emu, token, "PUT", path, json=client_body(roles=("Queue Manager", "Reader")))
    assert assert_genesys_error(added, 403, "not.authorized")["message"] == \
        f"You cannot grant roles you do not have: [{ROLES['Reader']['id']}]"
    # ... keeping one that the client already has is not.
    reporter = CLIENTS["Readonly Reporter"]
    kept = call(emu, token, "PUT", "/api/v2/oauth/clients/" + reporter["id"], json=client_body("Reporter 2", roles=("Reader",)))
    assert kept.status_code == 200 and kept.json()["name"] == "Reporter 2"
    assert token_request(emu, reporter).status_code == 200


def test_delete_client(emu):
    token = get_token(emu)
    created = create_client(emu, token, client_body())
    path = "/api/v2/oauth/clients/" + created["id"]
    its_token = get_token(emu, created)
    refused = assert_genesys_error(call(emu, token, "DELETE", path), 400, "bad.request")
    assert refused["message"] == (f"OAuth client [{created['id']}] is active: only inactive clients can be deleted. "
                                  "Set its state to inactive first.")
    call(emu, token, "PUT", path, json=client_body(state="disabled"))
    assert "is disabled" in assert_genesys_error(call(emu, token, "DELETE", path), 400, "bad.request")["message"]
    assert call(emu, token, "PUT", path, json=client_body(state="inactive")).status_code == 200
    assert call(emu, its_token, "GET", "/api/v2/tokens/me").status_code == 200  # an inactive client's tokens still work
    response = call(emu, token, "DELETE", path)
    assert response.status_code == 204 and response.content == b""
    assert_genesys_error(call(emu, token, "GET", path), 404, "not.found")
    assert_genesys_error(call(emu, token, "DELETE", path), 404, "not.found")
    assert token_request(emu, created).json() == NOT_FOUND
    assert_genesys_error(call(emu, its_token, "GET", "/api/v2/tokens/me"), 401, "bad.credentials")
    # A client of the data file that is inactive already.
    retired = CLIENTS["Retired Integration"]
    assert call(emu, token, "DELETE", "/api/v2/oauth/clients/" + retired["id"]).status_code == 204


def test_rotate_secret(emu):
    token = get_token(emu)
    created = create_client(emu, token, client_body())
    path = f"/api/v2/oauth/clients/{created['id']}/secret"
    old_token = get_token(emu, created)
    response = call(emu, token, "POST", path)
    assert response.status_code == 200, response.text
    rotated = response.json()
    assert_shape(rotated, "OAuthClient")
    assert rotated["id"] == created["id"] and rotated["secret"] != created["secret"] and len(rotated["secret"]) >= 40
    assert rotated["modifiedBy"] == {"id": ADMIN["id"]}
    assert token_request(emu, created).json() == AUTH_FAILED           # the old secret is refused at once
    assert token_request(emu, rotated).status_code == 200              # the new one works
    assert call(emu, old_token, "GET", "/api/v2/tokens/me").status_code == 200  # issued tokens stay valid
    assert "secret" not in call(emu, token, "GET", "/api/v2/oauth/clients/" + created["id"]).json()
    assert_genesys_error(call(emu, token, "POST", f"/api/v2/oauth/clients/{UNKNOWN_ID}/secret"), 404, "not.found")
    wrong_method = call(emu, token, "GET", path)
    assert_genesys_error(wrong_method, 405, "method.not.allowed")
    assert wrong_method.headers["Allow"] == "POST"


@pytest.mark.parametrize("method, path, permission", [
    ("POST", "/api/v2/oauth/clients", "oauth:client:add"),
    ("PUT", "/api/v2/oauth/clients/" + ADMIN["id"], "oauth:client:edit"),
    ("DELETE", "/api/v2/oauth/clients/" + CLIENTS["Retired Integration"]["id"], "oauth:client:delete"),
    ("POST", f"/api/v2/oauth/clients/{ADMIN['id']}/secret", "oauth:client:edit"),
])
def test_client_writes_need_permissions(emu, method, path, permission):
    for name in ("Readonly Reporter", "No Roles"):
        response = call(emu, get_token(emu, CLIENTS[name]), method, path, json=client_body(roles=()))
        assert f"[{permission}]" in assert_genesys_error(response, 403, "missing.any.permissions")["message"]
    # Automation Developer has oauth:client:view only: the admin has it through OAuth Admin.
    assert call(emu, get_token(emu), "GET", "/api/v2/oauth/clients/" + CLIENTS["Retired Integration"]["id"]).status_code == 200


def test_reset_restores_clients_and_secrets_are_kept(emu):
    token = get_token(emu)
    created = create_client(emu, token, client_body())
    colon = CLIENTS["Colon Secret"]
    rotated = call(emu, token, "POST", f"/api/v2/oauth/clients/{colon['id']}/secret").json()
    call(emu, token, "PUT", "/api/v2/oauth/clients/" + CLIENTS["Readonly Reporter"]["id"], json=client_body("Renamed", roles=("Reader",)))
    call(emu, token, "DELETE", "/api/v2/oauth/clients/" + CLIENTS["Retired Integration"]["id"])
    known = control_secrets(emu.control_url)
    assert created["secret"] in known and rotated["secret"] in known and colon["secret"] in known
    assert set(c["secret"] for c in ORG["oauth_clients"]) <= set(known)

    requests.post(emu.control_url + "/reset", timeout=TIMEOUT).raise_for_status()
    assert_genesys_error(call(emu, token, "GET", "/api/v2/oauth/clients/" + created["id"]), 404, "not.found")
    assert token_request(emu, created).json() == NOT_FOUND
    assert token_request(emu, colon).status_code == 200 and token_request(emu, rotated).json() == AUTH_FAILED
    listing = call(emu, token, "GET", "/api/v2/oauth/clients", params={"pageSize": 100}).json()
    assert {c["name"] for c in listing["entities"]} == set(CLIENTS)
    assert call(emu, token, "GET", "/api/v2/oauth/clients/" + CLIENTS["Retired Integration"]["id"]).json()["state"] == "inactive"
    assert set(known) <= set(control_secrets(emu.control_url))  # the registry forgets nothing


def test_log_never_contains_new_secrets(emu, log_path):
    token = get_token(emu)
    created = create_client(emu, token, client_body())
    rotated = call(emu, token, "POST", f"/api/v2/oauth/clients/{created['id']}/secret").json()
    for secret in (created["secret"], rotated["secret"]):
        token_request(emu, auth=(created["id"], secret))
        token_request(emu, auth=(secret, created["id"]))   # swapped id and secret
        call(emu, token, "GET", "/api/v2/oauth/clients/" + secret, params={"q": secret, "client_secret": secret})
    with open(log_path, encoding="utf-8") as handle:
        text = handle.read()
    known = control_secrets(emu.control_url)
    assert created["secret"] in known and rotated["secret"] in known
    for secret in known:
        assert secret not in text


# --------------------------------------------------------------------------------------------
# Multi-region mode (facts §2)
# --------------------------------------------------------------------------------------------

def _parse_collection_regions():
    """REGIONS of the collection's plugins/module_utils/_regions.py, read without running it."""
    with open(os.path.join(ROOT, "plugins", "module_utils", "_regions.py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "REGIONS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("no REGIONS in _regions.py")


def test_region_names_match_the_collection():
    assert len(REGION_NAMES) == len(set(REGION_NAMES)) == 18
    assert list(REGION_NAMES) == list(_parse_collection_regions())


def test_eu_org_data_does_not_collide():
    assert EU_ORG["emulator"]["region"] == "eu-west-1" and EU_ORG["organization"]["name"] == "Emulated EU Org"
    assert not {c["id"] for c in EU_ORG["oauth_clients"]} & {c["id"] for c in ORG["oauth_clients"]}
    assert not {c["secret"] for c in EU_ORG["oauth_clients"]} & {c["secret"] for c in ORG["oauth_clients"]}
    assert EU_ORG["organization"]["id"] != ORG["organization"]["id"]
    assert set(EU_CLIENTS) == {"EU Automation", "EU Reporter"} and set(EU_ROLES) == {"OAuth Admin", "Reader"}


def test_regions_ready_info(regions):
    info = regions.ready_info()
    primary, eu, other = regions.primary, regions.emulator("eu-west-1"), regions.emulator("ap-south-1")
    assert set(info) == {"api_url", "login_url", "client_id", "client_secret", "region", "control_url", "log", "pid", "regions"}
    assert info["client_id"] == ADMIN["id"] and info["region"] == "us-east-1" and info["api_url"] == primary.api_url
    assert list(info["regions"]) == list(REGION_NAMES)
    assert info["regions"]["us-east-1"] == {"api_url": primary.api_url, "login_url": primary.login_url,
                                            "control_url": primary.control_url, "organization": "Emulated Org"}
    assert info["regions"]["eu-west-1"] == {"api_url": eu.api_url, "login_url": eu.login_url,
                                            "control_url": eu.control_url, "organization": "Emulated EU Org"}
    others = [v for k, v in info["regions"].items() if k not in ("us-east-1", "eu-west-1")]
    assert len(others) == 16
    assert all(v == {"api_url": other.api_url, "login_url": other.login_url, "control_url": other.control_url,
                     "organization": "Emulated Empty Org"} for v in others)
    assert len({primary.api_url, eu.api_url, other.api_url, primary.login_url, eu.login_url, other.login_url}) == 6
    with pytest.raises(KeyError):
        regions.emulator("mars-north-1")


def test_regions_a_client_exists_in_one_region(regions):
    primary, eu, other = regions.primary, regions.emulator("eu-west-1"), regions.emulator("ca-central-1")
    automation = EU_CLIENTS["EU Automation"]
    response = token_request(eu, automation)
    assert response.status_code == 200 and response.json()["expires_in"] == 86399
    me = call(eu, response.json()["access_token"], "GET", "/api/v2/tokens/me").json()
    assert me["organization"] == {"id": EU_ORG["organization"]["id"], "name": "Emulated EU Org"}
    assert token_request(primary, automation).json() == NOT_FOUND
    assert token_request(other, automation).json() == NOT_FOUND
    assert token_request(eu, ADMIN).json() == NOT_FOUND
    assert token_request(other, ADMIN).json() == NOT_FOUND
    assert token_request(primary, ADMIN).status_code == 200


def test_regions_tokens_work_in_their_region_only(regions):
    primary, eu, other = regions.primary, regions.emulator("eu-west-1"), regions.emulator("eusc-de-east-1")
    eu_token, us_token = get_token(eu, EU_CLIENTS["EU Reporter"]), get_token(primary, ADMIN)
    assert call(eu, eu_token, "GET", "/api/v2/users").json()["total"] == 5
    for emulator, token in ((primary, eu_token), (other, eu_token), (eu, us_token), (other, us_token)):
        assert_genesys_error(call(emulator, token, "GET", "/api/v2/tokens/me"), 401, "bad.credentials")
    assert call(primary, us_token, "GET", "/api/v2/tokens/me").status_code == 200
    # issued and secrets cover every region, on every control URL.
    for emulator in (primary, eu, other):
        issued = requests.get(emulator.control_url + "/issued", timeout=TIMEOUT).json()["tokens"]
        assert eu_token in issued and us_token in issued
        known = control_secrets(emulator.control_url)
        assert {c["secret"] for c in ORG["oauth_clients"] + EU_ORG["oauth_clients"]} <= set(known)


def test_regions_client_writes_and_reset(regions):
    primary, eu = regions.primary, regions.emulator("eu-west-1")
    token = get_token(eu, EU_CLIENTS["EU Automation"])
    body = client_body("EU Created", roles=("Reader",), home=EU_HOME, role_table=EU_ROLES)
    created = create_client(eu, token, body)
    assert token_request(eu, created).status_code == 200
    assert token_request(primary, created).json() == NOT_FOUND
    assert created["secret"] in control_secrets(primary.control_url)
    # The EU org's roles are not the primary's.
    assert_genesys_error(call(primary, get_token(primary), "POST", "/api/v2/oauth/clients", json=body), 400, "bad.request")
    denied = call(eu, get_token(eu, EU_CLIENTS["EU Reporter"]), "POST", "/api/v2/oauth/clients", json=body)
    assert_genesys_error(denied, 403, "missing.any.permissions")
    # Faults are per region; the primary's reset resets every region.
    set_faults(eu, rules=[{"listener": "api", "status": 503, "count": -1}])
    assert call(primary, get_token(primary), "GET", "/api/v2/tokens/me").status_code == 200
    assert call(eu, token, "GET", "/api/v2/tokens/me").status_code == 503
    requests.post(primary.control_url + "/reset", timeout=TIMEOUT).raise_for_status()
    assert call(eu, token, "GET", "/api/v2/tokens/me").status_code == 200
    assert token_request(eu, created).json() == NOT_FOUND


def test_regions_options_are_checked():
    with pytest.raises(ValueError, match="two orgs"):
        Regions(regions={"us-east-1": EU_FILE})
    with pytest.raises(ValueError, match="unknown region"):
        Regions(regions=[("mars-north-1", EU_FILE)])


def _wait_for_ready(process, ready):
    deadline = time.monotonic() + 10
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no ready file"
        time.sleep(0.02)
    return json.loads(ready.read_text())


def test_cli_multi_region(tmp_path):
    ready = tmp_path / "ready.json"
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--ready-file", str(ready), "--users", "3",
                                "--region", "eu-west-1=" + EU_FILE, "--other-regions"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        info = _wait_for_ready(process, ready)
        assert set(info) == {"api_url", "login_url", "client_id", "client_secret", "region", "control_url", "log", "pid", "regions"}
        assert info["client_id"] == ADMIN["id"] and info["region"] == "us-east-1"
        assert list(info["regions"]) == list(REGION_NAMES)
        assert info["regions"]["us-east-1"]["api_url"] == info["api_url"]
        eu = info["regions"]["eu-west-1"]
        assert eu["organization"] == "Emulated EU Org" and eu["control_url"] == eu["api_url"] + "/__emulator"
        assert {v["organization"] for k, v in info["regions"].items() if k not in ("us-east-1", "eu-west-1")} == {"Emulated Empty Org"}
        client = EU_CLIENTS["EU Automation"]
        response = requests.post(eu["login_url"] + "/oauth/token", auth=(client["id"], client["secret"]), data=GRANT, timeout=TIMEOUT)
        assert response.status_code == 200
        token = response.json()["access_token"]
        wrong = requests.post(info["regions"]["ap-south-1"]["login_url"] + "/oauth/token", auth=(client["id"], client["secret"]),
                              data=GRANT, timeout=TIMEOUT)
        assert wrong.json() == NOT_FOUND
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    output = (stdout + stderr).decode()
    assert "Traceback" not in output and "eu-west-1" in output
    for secret in [c["secret"] for c in ORG["oauth_clients"] + EU_ORG["oauth_clients"]] + [token]:
        assert secret not in output


@pytest.mark.parametrize("options, status", [
    (["--region", "mars-north-1=" + EU_FILE], 2),
    (["--region", "eu-west-1"], 2),
    (["--region", "us-east-1=" + EU_FILE], 1),
])
def test_cli_rejects_bad_region_options(tmp_path, options, status):
    result = subprocess.run([sys.executable, os.path.join(HERE, "server.py"), "--ready-file", str(tmp_path / "r")] + options,
                            capture_output=True, timeout=10, check=False)
    assert result.returncode == status, result.stderr
    assert not (tmp_path / "r").exists()
    assert b"Traceback" not in result.stderr


def test_with_emulator_passes_region_options(tmp_path):
    script = ("import json, os, sys; json.dump({k: v for k, v in os.environ.items() if k.startswith('GENESYSCLOUD_')}, "
              "open(sys.argv[1], 'w'))")
    out = tmp_path / "env.json"
    result = subprocess.run([sys.executable, os.path.join(HERE, "with_emulator.py"), "--", "--region", "eu-west-1=" + EU_FILE,
                             "--other-regions", "--", sys.executable, "-c", script, str(out)],
                            capture_output=True, timeout=60, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    env = json.loads(out.read_text())
    assert env["GENESYSCLOUD_OAUTHCLIENT_ID"] == ADMIN["id"] and env["GENESYSCLOUD_API_URL"].startswith("http://127.0.0.1:")
    assert b"other regions" in result.stdout

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options shared by every module of the collection. The argument spec that
    # goes with them is plugins/module_utils/_options.py (CONNECTION_OPTIONS); a unit test keeps
    # the two in step.
    DOCUMENTATION = r'''
options:
  client_id:
    description:
      - The id of a Genesys Cloud OAuth client whose grant type is Client Credentials.
      - If not set, the environment variable E(GENESYSCLOUD_OAUTHCLIENT_ID) is used.
    type: str
  client_secret:
    description:
      - The secret of that OAuth client. It is sent only to the token endpoint, in the HTTP Basic
        C(Authorization) header, and never shown in output.
      - If not set, the environment variable E(GENESYSCLOUD_OAUTHCLIENT_SECRET) is used.
    type: str
  region:
    description:
      - The Genesys Cloud region of the organization that owns the client. An OAuth client exists
        in exactly one region; the same credentials fail with C(invalid_client) in any other.
      - A region name such as V(eu-west-1) (hyphens or underscores, any case, so V(me_central_1)
        works), or the region's domain such as V(mypurecloud.ie).
      - Known regions are V(us-east-1), V(us-east-2), V(us-west-2), V(ca-central-1), V(sa-east-1),
        V(mx-central-1), V(eu-west-1), V(eu-west-2), V(eu-central-1), V(eu-central-2), V(me-central-1),
        V(ap-south-1), V(ap-southeast-1), V(ap-southeast-2), V(ap-northeast-1), V(ap-northeast-2),
        V(ap-northeast-3) and V(eusc-de-east-1).
      - Ignored when O(api_url) is set.
      - If not set, the environment variable E(GENESYSCLOUD_REGION) is used; if neither is set, V(us-east-1),
        unless the task uses the token fact of an earlier task, which names its own API URL.
    type: str
  api_url:
    description:
      - The API base URL, overriding the one of O(region); for an API gateway, a proxy, or an emulator.
        Give the base only, for example V(https://api.mypurecloud.ie) or V(https://gateway.example.com/genesys);
        the collection adds C(/api/v2/...).
      - When O(login_url) is not set, the token URL is derived from it by replacing C(api.) with C(login.)
        in the host, as the official Genesys SDKs do. A host that does not start with C(api.) then needs O(login_url).
      - If not set, the environment variable E(GENESYSCLOUD_API_URL) is used, then E(GENESYSCLOUD_API_REGION).
    type: str
  login_url:
    description:
      - The base URL of the token endpoint, overriding the one derived from O(api_url) or O(region);
        tokens are requested from C(<login_url>/oauth/token).
      - A URL whose host starts with C(api.) is refused before anything is sent, because tokens
        are issued by the C(login.) host only.
      - If not set, the environment variable E(GENESYSCLOUD_LOGIN_URL) is used.
    type: str
  region_urls:
    description:
      - Redirects regions to other base URLs, for an API gateway in front of each region (and for tests).
      - A mapping of region name to the region's API base URL (its token URL derived by replacing C(api.) with
        C(login.)), or to a mapping with the keys C(api_url) and C(login_url). The examples of
        M(genesys.cloud.credentials_check) show both forms.
      - Applies wherever a region is turned into URLs, including the region discovery of
        M(genesys.cloud.credentials_check). Regions not in the mapping keep their Genesys Cloud hosts.
      - Ignored when O(api_url) is set.
      - If not set, the environment variable E(GENESYSCLOUD_REGION_URLS) is used, as JSON text.
    type: raw
  access_token:
    description:
      - A ready access token. When set, no client credentials are used.
      - If not set, the environment variable E(GENESYSCLOUD_ACCESS_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates. Set it to V(false) only for a lab; prefer O(ca_path).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of the certificate authorities to trust, for a TLS-inspecting proxy or a private
        gateway certificate.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after a rate limit (429), a gateway or service failure
        (502, 503; 504 for reads), or a connection failure, with jittered exponential backoff or the
        server's C(Retry-After).
      - A write (C(POST), C(PUT), C(PATCH), C(DELETE)) is never retried once it may have reached the server
        (a read timeout, a connection broken after sending, a 500 or 504); the task then fails and says the write
        may or may not have been applied.
    type: int
    default: 5
  max_retry_wait:
    description:
      - The longest C(Retry-After), in seconds, that is waited for; a longer one fails the task at once.
    type: float
    default: 180
  proxy:
    description:
      - The URL of an HTTP proxy for both hosts, for example V(http://proxy.example.com:3128). Without it, the
        standard E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) variables apply.
    type: str
  allow_plain_http:
    description:
      - Client credentials and tokens are never sent over plain C(http://) to a host that is not the loopback
        interface. Set to V(true) only for a lab gateway on a trusted network.
    type: bool
    default: false
'''

    # The same options for lookup plugins, which read environment variables through the plugin
    # configuration system.
    PLUGINS = r'''
options:
  client_id:
    description:
      - The id of a Genesys Cloud OAuth client whose grant type is Client Credentials.
    type: str
    env:
      - name: GENESYSCLOUD_OAUTHCLIENT_ID
  client_secret:
    description:
      - The secret of that OAuth client, sent only to the token endpoint in the HTTP Basic header.
    type: str
    env:
      - name: GENESYSCLOUD_OAUTHCLIENT_SECRET
  region:
    description:
      - The Genesys Cloud region of the organization that owns the client, as a name such as V(eu-west-1)
        (hyphens or underscores, any case) or a domain such as V(mypurecloud.ie). V(us-east-1) when not set.
      - Ignored when O(api_url) is set.
    type: str
    env:
      - name: GENESYSCLOUD_REGION
  api_url:
    description:
      - The API base URL, overriding the one of O(region), for a gateway, a proxy or an emulator.
      - When O(login_url) is not set, the token URL is derived by replacing C(api.) with C(login.) in the host.
    type: str
    env:
      - name: GENESYSCLOUD_API_URL
      - name: GENESYSCLOUD_API_REGION
  login_url:
    description:
      - The base URL of the token endpoint; a host that starts with C(api.) is refused.
    type: str
    env:
      - name: GENESYSCLOUD_LOGIN_URL
  region_urls:
    description:
      - Redirects regions to other base URLs, for an API gateway in front of each region. A mapping (or its JSON
        text) of region name to an API base URL, or to a mapping with C(api_url) and C(login_url).
      - Ignored when O(api_url) is set.
    type: raw
    env:
      - name: GENESYSCLOUD_REGION_URLS
  access_token:
    description:
      - A ready access token. When set, no client credentials are used.
    type: str
    env:
      - name: GENESYSCLOUD_ACCESS_TOKEN
  validate_certs:
    description:
      - Whether to verify TLS certificates.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of the certificate authorities to trust.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried after a rate limit (429), a gateway or service failure
        (502, 503; 504 for reads), or a connection failure, with jittered exponential backoff or the
        server's C(Retry-After).
      - A write (C(POST), C(PUT), C(PATCH), C(DELETE)) is never retried once it may have reached the server
        (a read timeout, a connection broken after sending, a 500 or 504); the task then fails and says the write
        may or may not have been applied.
    type: int
    default: 5
  max_retry_wait:
    description:
      - The longest C(Retry-After), in seconds, that is waited for; a longer one fails the task at once.
    type: float
    default: 180
  proxy:
    description:
      - The URL of an HTTP proxy for both hosts, for example V(http://proxy.example.com:3128). Without it, the
        standard E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) variables apply.
    type: str
  allow_plain_http:
    description:
      - Client credentials and tokens are never sent over plain C(http://) to a host that is not the loopback
        interface. Set to V(true) only for a lab gateway on a trusted network.
    type: bool
    default: false
'''

    # The option of the modules and plugins that use the token fact of genesys.cloud.oauth_token.
    TOKEN_FACT = r'''
options:
  fact_name:
    description:
      - The name of the token fact to use when O(access_token) is not set.
    type: str
    default: genesys_cloud_token
'''

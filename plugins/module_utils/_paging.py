# -*- coding: utf-8 -*-
# Copyright: (c) 2026, genesys.cloud collection maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading every page of a Genesys listing. Internal to the collection, may change without notice.

Genesys listings come in two kinds (facts §5): page-number listings, whose first page tells the
``pageCount``, and cursor listings, which only give a ``nextUri``. Once the first page of a
page-number listing tells how many there are, the other pages do not depend on each other, so they
are fetched concurrently (bounded; Genesys' Terraform provider does the same), and put back in order.
A cursor listing can only be followed page after page.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.genesys.cloud.plugins.module_utils._errors import ApiError, GenesysError
from ansible_collections.genesys.cloud.plugins.module_utils._http import decode_body


class Listing(object):
    """What a paginated read returns: the first response, every entity in order, and the page count."""

    def __init__(self, first_response, first_body, entities, pages):
        self.first_response = first_response
        self.first_body = first_body
        self.entities = entities
        self.pages = pages


def _json(response, method, url):
    """The listing body of a page (decoded by the one decoder of _http), refusing anything else."""
    body = decode_body(response, method, url)
    if not isinstance(body, dict):
        raise ApiError('%s %s answered HTTP %s with something that is not a Genesys listing' % (method, url, response.status_code),
                       cause='the path is not a listing, or a proxy answered instead of Genesys Cloud',
                       fix='set paginate: false for this path, or check api_url', status=response.status_code, url=url)
    return body


def _page_failed(exc, number, total):
    return GenesysError('Reading page %s%s of the listing failed, so the listing is incomplete: %s' % (
        number, ' of %s' % total if total else '', exc.what), cause=exc.cause, fix=exc.fix,
        status=exc.status, code=exc.code, context_id=exc.context_id, url=exc.url)


def _next_path(next_uri, api_url):
    """The path of a nextUri, refusing one that leads off the API host (the token must not go elsewhere)."""
    if next_uri.startswith('/'):
        return next_uri
    if next_uri.startswith(api_url + '/'):
        return next_uri[len(api_url):]
    raise ApiError('The listing\'s nextUri %s leads away from %s; it was not followed' % (urlsplit(next_uri).netloc or next_uri, api_url),
                   cause='an unexpected answer from the server or a gateway',
                   fix='read the pages yourself, or report the path to the collection\'s maintainers')


def read_all(http, api_url, path, access_token, query=None, page_size=100, max_pages=None, concurrency=4):
    """Read a listing to its end (or ``max_pages``); return a Listing."""
    params = dict(query or {})
    params.setdefault('pageSize', page_size)
    first_number = int(params.get('pageNumber') or 1)
    params['pageNumber'] = first_number
    response = http.api('GET', api_url, path, access_token, params=params)
    body = first_body = _json(response, 'GET', api_url + path)
    entities = list(body.get('entities') or [])
    pages = 1
    page_count = body.get('pageCount')

    if isinstance(page_count, int) and not isinstance(page_count, bool):
        last = page_count if not max_pages else min(page_count, first_number + max_pages - 1)
        numbers = list(range(first_number + 1, last + 1))

        def fetch(number):
            page_params = dict(params, pageNumber=number)
            try:
                page = http.api('GET', api_url, path, access_token, params=page_params)
                return _json(page, 'GET', api_url + path).get('entities') or []
            except GenesysError as exc:
                raise _page_failed(exc, number, page_count)

        if numbers:
            with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(numbers)))) as pool:
                for page_entities in pool.map(fetch, numbers):  # map keeps the page order
                    entities.extend(page_entities)
            pages += len(numbers)
    else:
        next_uri = body.get('nextUri')
        while next_uri and body.get('entities') and (not max_pages or pages < max_pages):
            try:
                page = http.api('GET', api_url, _next_path(next_uri, api_url), access_token)
                body = _json(page, 'GET', api_url + path)
            except GenesysError as exc:
                raise _page_failed(exc, pages + 1, None)
            entities.extend(body.get('entities') or [])
            pages += 1
            next_uri = body.get('nextUri')
    return Listing(response, first_body, entities, pages)

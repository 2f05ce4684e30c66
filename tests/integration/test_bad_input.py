"""Bad input, tried as a hostile or careless user would (issue 5): every row ends in a failed task
with a clear message, no traceback, nothing leaked (the playbook fixture checks every run), and
nothing written."""

import json
import re

import pytest

NON_ASCII_SECRET = 'wr:ong-s\u00e9cr\u00ebt-\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9-0123456789-abcdef'
ME = '/api/v2/organizations/me'

# name -> (api options, emulator fault rules or None, words the message must hold)
MATRIX = {
    'empty client id': ({'path': ME, 'client_id': ''}, None, ['client_id is empty']),
    'whitespace client id': ({'path': ME, 'client_id': '   '}, None, ['client_id is empty']),
    'secret with a colon and non-ASCII': ({'path': ME, 'client_secret': NON_ASCII_SECRET}, None,
                                          ['was not authenticated', 'secret is wrong']),
    'unknown region': ({'path': ME, 'region': 'mars-north-1', 'api_url': None, 'login_url': None}, None,
                       ["Unknown Genesys Cloud region 'mars-north-1'", 'eu-west-1']),
    'api_url without a scheme': ({'path': ME, 'api_url': 'api.mypurecloud.com', 'login_url': None}, None,
                                 ['is not a base URL', 'https://api.mypurecloud.ie']),
    'api_url with the API path': ({'path': ME, 'api_url': 'https://api.mypurecloud.com/api/v2/users'}, None,
                                  ['includes the API path']),
    'login_url on an api. host': ({'path': ME, 'login_url': 'https://api.mypurecloud.de'}, None,
                                  ['Refusing to request a token from https://api.mypurecloud.de', 'login.mypurecloud.de']),
    'plain http to a remote host': ({'path': ME, 'login_url': 'http://gateway.example.com'}, None,
                                    ['Refusing to send credentials or tokens over plain http://']),
    'timeout 0': ({'path': ME, 'timeout': 0}, None, ['timeout must be a positive number']),
    'negative timeout': ({'path': ME, 'timeout': -5}, None, ['timeout must be a positive number']),
    'page_size beyond the limit': ({'path': '/api/v2/users', 'paginate': True, 'page_size': 10000}, None,
                                   ['HTTP 400', '500']),
    'path without /api/v2/': ({'path': '/users'}, None, ['start it with /api/v2/']),
    'path with ..': ({'path': '/api/v2/../../admin'}, None, ['".." segment']),
    'full URL to another host': ({'path': 'https://attacker.example.com/api/v2/users'}, None,
                                 ['is a URL; the token is only ever sent to the API host']),
    'body not JSON-serialisable': ({'path': '/api/v2/routing/queues', 'method': 'POST',
                                    'body': {'name': 'x', 'when': '{{ now() }}'}}, None, ['cannot be sent as JSON']),
    'body not a dict or list': ({'path': '/api/v2/routing/queues', 'method': 'POST', 'body': 'name=x'}, None,
                                ['body must be a dict or a list']),
    'server answering HTML': ({'path': ME}, [{'listener': 'api', 'status': 200, 'body': 'html'}], ['an HTML page']),
    'invalid JSON': ({'path': ME}, [{'listener': 'api', 'status': 200, 'body': 'invalid_json'}], ['not JSON']),
    'empty body with 200': ({'path': ME}, [{'listener': 'api', 'status': 200, 'body': 'empty'}],
                            ['answered HTTP 200 with an empty body']),
    'a 50 MB body': ({'path': ME}, [{'listener': 'api', 'status': 200, 'body': 'huge', 'size_mb': 50}],
                     ['with a body larger than 32 MiB; it was not read']),
}


def run_matrix(playbook, emulator, names, env=None):
    cases = dict((name, dict(MATRIX[name][0], retries=0)) for name in names)
    before = len(emulator.log_lines())
    run = playbook('matrix.yml', extra_vars={'cases': cases}, env=env)
    assert run.rc == 0, run.output
    assert NON_ASCII_SECRET not in run.output and NON_ASCII_SECRET[3:20] not in run.output  # a wrong secret is a secret too
    messages = {}
    for match in re.finditer(r'"msg": "CASE (.*) :: (.*)"\s*$', run.output, re.M):
        messages[match.group(1)] = json.loads('"%s"' % match.group(2))
    for name in names:
        assert messages[name] != 'DID NOT FAIL', name
        for words in MATRIX[name][2]:
            assert words in messages[name], (name, messages[name])
        assert 'What to do' in messages[name] or 'Likely cause' in messages[name], (name, messages[name])
    writes = [e for e in emulator.log_lines()[before:] if e['listener'] == 'api' and e['method'] != 'GET']
    assert writes == [], 'a bad input was written: %s' % writes
    return messages


def test_bad_input_refused_or_explained(playbook, emulator):
    names = [name for name, row in MATRIX.items() if row[1] is None]
    if ansible_core_version() < (2, 19):
        # Older ansible-core templates "{{ now() }}" inside a dict to a string: no YAML can give
        # such a body a value that JSON cannot encode there.
        names.remove('body not JSON-serialisable')
    run_matrix(playbook, emulator, names)


def ansible_core_version():
    from ansible.release import __version__
    return tuple(int(part) for part in __version__.split('.')[:2])


@pytest.mark.parametrize('name', [name for name, row in MATRIX.items() if row[1] is not None])
def test_bad_answers_explained(playbook, emulator, name):
    emulator.faults(rules=[dict(rule, count=-1) for rule in MATRIX[name][1]])
    run_matrix(playbook, emulator, [name])


def test_a_server_that_never_answers(playbook, emulator, silent_server):
    MATRIX['never answers'] = ({'path': ME, 'api_url': silent_server, 'login_url': emulator.login_url, 'timeout': 1},
                               None, ['no answer within 1.0 seconds'])
    try:
        run_matrix(playbook, emulator, ['never answers'])
    finally:
        del MATRIX['never answers']

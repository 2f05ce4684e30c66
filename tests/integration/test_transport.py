"""TLS with a private CA made at run time, and proxies: the environment variables and the option."""

import datetime
import ipaddress
import os
import sys

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import ROOT
from proxy import Proxy

sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))
import with_emulator  # noqa: E402  pylint: disable=wrong-import-position


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca_and_server_cert(directory):
    """A private CA and a certificate it signs for 127.0.0.1 and localhost; returns (ca.pem, cert.pem, key.pem)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name('genesys.cloud test CA')).issuer_name(_name('genesys.cloud test CA'))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name('127.0.0.1')).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1')),
                                                        x509.DNSName('localhost')]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [os.path.join(directory, name) for name in ('ca.pem', 'cert.pem', 'key.pem')]
    with open(paths[0], 'wb') as handle:
        handle.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], 'wb') as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], 'wb') as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return paths


@pytest.fixture(scope='module')
def tls_emulator(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp('tls'))
    ca, cert, key = make_ca_and_server_cert(directory)
    process, ready = with_emulator.start(['--certfile', cert, '--keyfile', key])
    try:
        yield ready, ca
    finally:
        with_emulator.stop(process)


def tls_run(playbook, ready, options):
    env = with_emulator.emulator_environment(ready, {})
    env = dict((k, v) for k, v in env.items() if k.startswith('GENESYSCLOUD_'))
    # Corporate machines often set REQUESTS_CA_BUNDLE; ca_path must still win over it.
    env['REQUESTS_CA_BUNDLE'] = requests.certs.where()
    return playbook('api_call.yml', env=env, extra_vars={'with_fact': False, 'call': dict(
        options, path='/api/v2/organizations/me', retries=0)})


def test_tls_with_a_private_ca(playbook, tls_emulator):
    from test_reliability import outcome
    ready, ca = tls_emulator
    assert ready['api_url'].startswith('https://')
    refused = outcome(tls_run(playbook, ready, {}))
    assert refused['failed'] and 'could not be verified' in refused['msg'] and 'set ca_path' in refused['msg']
    trusted = outcome(tls_run(playbook, ready, {'ca_path': ca}))
    assert trusted.get('status') == 200, trusted.get('msg')
    assert trusted['json']['name'] == 'Emulated Org'
    unchecked = outcome(tls_run(playbook, ready, {'validate_certs': False}))
    assert unchecked['status'] == 200


def test_proxy_option_and_environment(playbook, emulator):
    from test_reliability import outcome
    call = {'path': '/api/v2/organizations/me'}
    with Proxy() as proxy:
        result = outcome(playbook('api_call.yml', extra_vars={'with_fact': False, 'call': dict(call, proxy=proxy.url)}))
        assert result['status'] == 200
        assert 'POST %s/oauth/token' % emulator.login_url in proxy.seen
        assert 'GET %s/api/v2/organizations/me' % emulator.api_url in proxy.seen
        del proxy.seen[:]

        result = outcome(playbook('api_call.yml', env={'HTTP_PROXY': proxy.url, 'HTTPS_PROXY': proxy.url},
                                  extra_vars={'with_fact': False, 'call': call}))
        assert result['status'] == 200
        assert 'GET %s/api/v2/organizations/me' % emulator.api_url in proxy.seen
        del proxy.seen[:]

        result = outcome(playbook('api_call.yml', env={'HTTP_PROXY': proxy.url, 'NO_PROXY': '127.0.0.1'},
                                  extra_vars={'with_fact': False, 'call': call}))
        assert result['status'] == 200
        assert proxy.seen == []

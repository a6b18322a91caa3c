# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The web configuration check: structure, bcrypt hashes, and files readable by the service's account."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import grp
import os
import pathlib
import pwd
import shutil
import tempfile

import pytest

from ansible_collections.promops.prometheus.plugins.module_utils._web_config import (
    named_files,
    problems,
    unreadable,
)

HASH = '$2b$10$etH6XTeWFa8TkyN3fVizE.mnyNOHfiiwwKNb5Z3u/CiA3MKJzUEpC'


def test_a_good_configuration_has_no_problem():
    assert problems({'tls_server_config': {'cert_file': 'c.pem', 'key_file': 'k.pem', 'min_version': 'TLS12',
                                           'client_auth_type': 'RequireAndVerifyClientCert', 'client_ca_file': 'ca'},
                     'http_server_config': {'http2': True}, 'basic_auth_users': {'admin': HASH}}) == []


@pytest.mark.parametrize('config, expected', [
    ('text', 'the file must hold a mapping, not a str'),
    ({'tls_config': {}}, 'unknown section tls_config'),
    ({'tls_server_config': {'cert_file': 'c'}}, 'tls_server_config needs exactly one of key_file and key'),
    ({'tls_server_config': {'cert_file': 'c', 'cert': 'x', 'key_file': 'k'}}, 'exactly one of cert_file and cert'),
    ({'tls_server_config': {'cert_file': 'c', 'key_file': 'k', 'client_auth_type': 'Require'}}, "'Require' is not one"),
    ({'tls_server_config': {'cert_file': 'c', 'key_file': 'k', 'client_auth_type': 'RequireAndVerifyClientCert'}},
     'needs client_ca_file'),
    ({'tls_server_config': {'cert_file': 'c', 'key_file': 'k', 'ciphers': []}}, 'unknown setting ciphers'),
    ({'http_server_config': []}, 'http_server_config must be a mapping'),
])
def test_what_the_server_would_refuse(config, expected):
    assert [problem for problem in problems(config) if expected in problem]


def test_a_malformed_hash_is_named_by_its_user_without_its_value():
    found = problems({'basic_auth_users': {'admin': 'plain-password', 'ok': HASH, 'short': HASH[:-1]}})
    assert len(found) == 2
    assert 'admin' in found[0] and 'short' in found[1]
    assert 'plain-password' not in ' '.join(found) and HASH[:-1] not in ' '.join(found)


def test_named_files_are_relative_to_the_file():
    config = {'tls_server_config': {'cert_file': 'tls/c.pem', 'key_file': '/etc/k.pem', 'client_ca_file': 'ca.pem'}}
    assert named_files(config, '/etc/alertmanager') == ['/etc/alertmanager/tls/c.pem', '/etc/k.pem',
                                                        '/etc/alertmanager/ca.pem']


@pytest.mark.skipif(os.getuid() != 0, reason='needs root to give files to another account')
def test_files_the_service_account_cannot_read():
    nobody = pwd.getpwnam('nobody')
    group = grp.getgrgid(nobody.pw_gid).gr_name
    # pytest's own temporary folders are closed to other accounts.
    tmp_path = pathlib.Path(tempfile.mkdtemp(dir='/tmp'))
    tmp_path.chmod(0o755)
    try:
        check_accounts(tmp_path, nobody, group)
    finally:
        shutil.rmtree(str(tmp_path))


def check_accounts(tmp_path, nobody, group):
    folder = tmp_path / 'tls'
    folder.mkdir()
    readable, private, locked = folder / 'readable.pem', folder / 'private.pem', tmp_path / 'locked'
    readable.write_text('x')
    private.write_text('x')
    readable.chmod(0o640)
    os.chown(str(readable), 0, nobody.pw_gid)
    private.chmod(0o600)
    locked.mkdir(mode=0o700)
    (locked / 'inside.pem').write_text('x')
    found = unreadable([str(readable), str(private), str(locked / 'inside.pem'), str(tmp_path / 'missing.pem')],
                       'nobody', group)
    assert [line.split(' ', 1)[0] for line in found] == [str(private), str(locked / 'inside.pem'),
                                                         str(tmp_path / 'missing.pem')]
    assert 'cannot be read by the service' in found[0]
    assert 'which the service cannot enter' in found[1]
    assert found[2].endswith('does not exist')
    assert unreadable([str(readable)], 'no-such-account-here') == ['the user no-such-account-here does not exist']

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""The check of a web configuration (--web.config.file of Prometheus and Alertmanager).

Alertmanager ships no checker for it, and a file it cannot use makes it refuse
every request (or not start). The structure is checked where the content is
rendered (problems()); the files it names must be there and readable by the
account that runs the server, on the host (unreadable()). The rules are those
of the Prometheus exporter toolkit, which both servers use.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import grp
import os
import pwd
import re
import stat

SECTIONS = {
    'tls_server_config': frozenset([
        'cert_file', 'key_file', 'cert', 'key', 'client_auth_type', 'client_ca_file', 'client_ca',
        'cipher_suites', 'curve_preferences', 'min_version', 'max_version', 'prefer_server_cipher_suites',
        'client_allowed_sans']),
    'http_server_config': frozenset(['http2', 'headers']),
    'basic_auth_users': None,
}
CLIENT_AUTH_TYPES = ('NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven',
                     'RequireAndVerifyClientCert')
TLS_VERSIONS = ('TLS10', 'TLS11', 'TLS12', 'TLS13')
BCRYPT = re.compile(r'^\$2[aby]?\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$')
FILE_KEYS = ('cert_file', 'key_file', 'client_ca_file')


def problems(config):
    """What the exporter toolkit would refuse in config (the parsed file); secret values are never quoted."""
    if config is None:
        return []
    if not isinstance(config, dict):
        return ['the file must hold a mapping, not a %s' % type(config).__name__]
    found = ['unknown section %s (known: %s)' % (name, ', '.join(sorted(SECTIONS)))
             for name in sorted(config, key=str) if name not in SECTIONS]
    for name, known in sorted(SECTIONS.items()):
        section = config.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            found.append('%s must be a mapping' % name)
            continue
        if known is not None:
            found.extend('%s: unknown setting %s' % (name, key) for key in sorted(section, key=str) if key not in known)
    found.extend(tls_problems(config.get('tls_server_config')))
    found.extend(user_problems(config.get('basic_auth_users')))
    return found


def tls_problems(tls):
    if not isinstance(tls, dict) or not tls:
        return []
    found = []
    for kind in ('cert', 'key'):
        given = [key for key in (kind + '_file', kind) if tls.get(key)]
        if len(given) != 1:
            found.append('tls_server_config needs exactly one of %s_file and %s' % (kind, kind))
    auth = tls.get('client_auth_type')
    if auth is not None and auth not in CLIENT_AUTH_TYPES:
        found.append('tls_server_config: client_auth_type %r is not one of %s' % (auth, ', '.join(CLIENT_AUTH_TYPES)))
    if auth in ('VerifyClientCertIfGiven', 'RequireAndVerifyClientCert') and not (
            tls.get('client_ca_file') or tls.get('client_ca')):
        found.append('tls_server_config: client_auth_type %s needs client_ca_file' % auth)
    for key in ('min_version', 'max_version'):
        if tls.get(key) is not None and tls.get(key) not in TLS_VERSIONS:
            found.append('tls_server_config: %s %r is not one of %s' % (key, tls.get(key), ', '.join(TLS_VERSIONS)))
    return found


def user_problems(users):
    if not isinstance(users, dict):
        return []
    return ['basic_auth_users: the password of %s is not a bcrypt hash ($2y$, $2b$ or $2a$, cost 04-31, 53 '
            'characters)' % user for user, hashed in sorted(users.items(), key=lambda item: str(item[0]))
            if not isinstance(hashed, str) or not BCRYPT.match(hashed)]


def named_files(config, folder):
    """The files config names, as absolute paths (relative ones are relative to the file's folder)."""
    tls = (config or {}).get('tls_server_config') if isinstance(config, dict) else None
    if not isinstance(tls, dict):
        return []
    return [os.path.normpath(os.path.join(folder, tls[key])) for key in FILE_KEYS if isinstance(tls.get(key), str)
            and tls.get(key)]


def unreadable(paths, user, group=None):
    """Why user (running with group as its group) cannot read each of paths; empty when it can read them all."""
    try:
        account = pwd.getpwnam(user)
    except KeyError:
        return ['the user %s does not exist' % user]
    gids = set([account.pw_gid] + [entry.gr_gid for entry in grp.getgrall() if user in entry.gr_mem])
    if group:
        try:
            gids.add(grp.getgrnam(group).gr_gid)
        except KeyError:
            return ['the group %s does not exist' % group]
    found = []
    for path in paths:
        why = cannot_read(path, account.pw_uid, gids)
        if why:
            found.append('%s %s' % (path, why))
    return found


def allowed(info, uid, gids, bit):
    if uid == 0:
        return True
    if info.st_uid == uid:
        return bool(info.st_mode & (bit << 6))
    if info.st_gid in gids:
        return bool(info.st_mode & (bit << 3))
    return bool(info.st_mode & bit)


def cannot_read(path, uid, gids):
    try:
        info = os.stat(path)
    except OSError:
        return 'does not exist'
    if not stat.S_ISREG(info.st_mode):
        return 'is not a file'
    folder = os.path.dirname(path)
    while True:
        if not allowed(os.stat(folder), uid, gids, 1):
            return 'is in %s, which the service cannot enter' % folder
        if folder == os.path.dirname(folder):
            break
        folder = os.path.dirname(folder)
    if not allowed(info, uid, gids, 4):
        return 'cannot be read by the service (mode %04o, owner uid %d, group gid %d)' % (
            stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid)
    return None

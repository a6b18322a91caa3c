# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Does a server run what is on disk? Compared through its API and /proc, on the server's host.

differences() reads; it never changes anything. Each difference says what
heals it: a reload (the server has not loaded the files on disk) or a
restart (the process runs other flags, or serves another scheme, than the
unit and web configuration say).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import socket
import ssl
import struct

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.promops.prometheus.plugins.module_utils._client import PLAIN_ON_TLS, ApiError
from ansible_collections.promops.prometheus.plugins.module_utils._exposure import probe_context
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import Alertmanager, Prometheus

RELOAD = 'reload'
RESTART = 'restart'


class Difference:
    """One way the server differs from what is on disk, and what heals it."""

    def __init__(self, what, heal):
        self.what = what
        self.heal = heal


def alertmanager_config_hash(data):
    """alertmanager_config_hash for a file's bytes: the first 6 bytes of its MD5, little-endian."""
    digest = hashlib.md5(data).digest()  # nosec: the value Alertmanager itself publishes, not a safeguard
    return float(struct.unpack('<Q', digest[:6] + b'\0\0')[0])


def _answer_to_plain_request(host, port, timeout):
    with socket.create_connection((host, port), timeout=timeout) as raw:
        raw.sendall(b'GET / HTTP/1.0\r\n\r\n')
        answer = b''
        while len(answer) < 4096:
            chunk = raw.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer


def _handshake(host, port, timeout):
    with socket.create_connection((host, port), timeout=timeout) as raw:
        try:
            with probe_context().wrap_socket(raw, server_hostname=host):
                return True
        except ssl.SSLError:
            return False


def serves_tls(host, port, timeout):
    """Whether host:port listens with TLS: told by its answer to a plain request, else by a handshake.

    A TLS listener whose web configuration lost its TLS part stays TLS until
    the process restarts, and every handshake then fails: its answer to a
    plain request still tells.
    """
    answer = _answer_to_plain_request(host, port, timeout)
    if PLAIN_ON_TLS in answer:
        return True
    if answer.startswith(b'HTTP/'):
        return False
    return _handshake(host, port, timeout)


def command_line(pid):
    with open('/proc/%d/cmdline' % pid, 'rb') as handle:
        words = handle.read().split(b'\0')
    return [word.decode('utf-8', 'replace') for word in words[:-1]]


def argv_differences(running, expected):
    """How the process's command line differs from the unit's, flag by flag."""
    if running[:1] != expected[:1]:
        return ['its process runs %s, the unit starts %s' % (' '.join(running[:1]) or 'nothing', expected[0])]
    missing = [word for word in expected[1:] if word not in running[1:]]
    extra = [word for word in running[1:] if word not in expected[1:]]
    found = []
    if missing:
        found.append('its process runs without %s, which the unit has' % ' '.join(missing))
    if extra:
        found.append('its process runs with %s, which the unit no longer has' % ' '.join(extra))
    if not found and running != expected:
        found.append("its process runs the unit's flags in another order")
    return found


def newest(paths):
    """(mtime, path) of the newest of paths that exist, or (None, None)."""
    stamped = [(os.stat(path).st_mtime, path) for path in paths if os.path.exists(path)]
    return max(stamped) if stamped else (None, None)


def reload_differences(server, files):
    found = []
    metrics = server.reload_metrics()
    successful = metrics.get(server.success_metric)
    loaded_at = metrics.get(server.timestamp_metric)
    if successful != 1.0:
        found.append(Difference('its last reload failed (%s=%s)' % (server.success_metric, successful), RELOAD))
    changed_at, path = newest(files)
    if changed_at is not None and (loaded_at is None or changed_at > loaded_at):
        found.append(Difference('%s changed after its last successful reload (file %.3f, reload %s)'
                                % (path, changed_at, loaded_at), RELOAD))
    return found


def rule_group_differences(server, groups):
    loaded = server.client.get_json('/api/v1/rules')['data']['groups']
    have = set((group.get('file'), group.get('name')) for group in loaded)
    missing = ['%s in %s' % (group['name'], group['file']) for group in groups
               if (group['file'], group['name']) not in have]
    if missing:
        return [Difference('rule groups not loaded: %s' % ', '.join(missing), RELOAD)]
    return []


def hash_differences(server, config_file):
    with open(config_file, 'rb') as handle:
        wanted = alertmanager_config_hash(handle.read())
    served = server.client.get_metrics(['alertmanager_config_hash']).get('alertmanager_config_hash')
    if served != wanted:
        return [Difference('it runs another %s (alertmanager_config_hash %s, the file on disk gives %s)'
                           % (config_file, served, wanted), RELOAD)]
    return []


def host_and_port(url):
    parts = urlsplit(url)
    return parts.hostname, parts.port or (443 if parts.scheme == 'https' else 80)


def scheme_difference(client, tls, timeout):
    host, port = host_and_port(client.base_url)
    try:
        served = serves_tls(host, port, timeout)
    except (OSError, socket.timeout) as e:
        raise ApiError('cannot connect to %s:%s to see whether it serves TLS: %s' % (host, port, e))
    if served == tls:
        return []
    if tls:
        return [Difference('it serves plain HTTP, but its web configuration turns TLS on (it decides at start)',
                           RESTART)]
    return [Difference('it serves TLS, but its web configuration has no TLS (it decides at start)', RESTART)]


def differences(server, expect, main_pid):
    """Every difference between the server and expect (see the converged state of server_lifecycle)."""
    found = []
    if expect.get('tls') is not None:
        found += scheme_difference(server.client, expect['tls'], server.client.request_timeout)
        if found:
            # Nothing else can be read over the wrong scheme.
            return found
    if expect.get('argv'):
        try:
            running = command_line(main_pid) if main_pid else None
        except (IOError, OSError):
            running = None
        if running is None:
            return [Difference('its service %s has no main process' % expect.get('service'), RESTART)]
        found += [Difference(what, RESTART) for what in argv_differences(running, expect['argv'])]
    found += reload_differences(server, expect.get('files') or [])
    if isinstance(server, Prometheus) and expect.get('rule_groups'):
        found += rule_group_differences(server, expect['rule_groups'])
    if isinstance(server, Alertmanager) and expect.get('config_file'):
        found += hash_differences(server, expect['config_file'])
    return found


def converged(server, expect, main_pid):
    """The result of state=converged: what differs, and what heals it."""
    found = differences(server, expect, main_pid)
    heal = RESTART if any(d.heal == RESTART for d in found) else (RELOAD if found else None)
    title = server.product
    if found:
        msg = '%s differs from its configuration on disk: %s' % (title, '; '.join(d.what for d in found))
    else:
        msg = '%s runs the configuration on disk' % title
    return dict(changed=False, converged=not found, differences=[d.what for d in found], heal=heal, msg=msg)

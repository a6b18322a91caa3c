# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Is a server's API open to whoever reaches its port? Asked of the server itself, on its host.

Each address the server listens on beyond loopback gets one request without
credentials and without a client certificate: an answer 200 means that
anyone who reaches the address can use the management API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import socket
import ssl

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.promops.prometheus.plugins.module_utils._client import is_loopback

LISTEN_FLAG = '--web.listen-address='
# Where a wildcard listener is asked from its own host.
WILDCARD_PROBES = {'': '127.0.0.1', '0.0.0.0': '127.0.0.1', '::': '::1'}
ANSWER_200 = re.compile(br'HTTP/1\.[01] 200 ')

LOOPBACK = 'loopback'
OPEN = 'open'
PROTECTED = 'protected'

# What an anonymous caller can do, by product.
POWERS = {
    'Prometheus': 'reload it and stop it (POST /-/reload, /-/quit)',
    'Alertmanager': 'reload it, read its configuration and create or expire silences',
}


def listen_addresses(argv):
    """The values of --web.listen-address in a command line, in order."""
    return [word[len(LISTEN_FLAG):] for word in argv if word.startswith(LISTEN_FLAG)]


def _host_and_port(address):
    host, dummy, port = address.rpartition(':')
    return host.strip('[]'), port


def probe_context():
    """TLS that asks nothing of the server's certificate: a probe looks at how a listener answers, not at
    whom it is."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def answers_without_credentials(host, port, path, tls, timeout):
    """Whether host:port answers 200 to a GET of path without credentials (TLS without a client certificate)."""
    request = ('GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' % (path, '[%s]' % host if ':' in host else host)).encode()
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as raw:
            channel = raw
            if tls:
                channel = probe_context().wrap_socket(raw)
            channel.sendall(request)
            status_line = channel.recv(64)
    except (OSError, ValueError):
        return False
    return ANSWER_200.match(status_line) is not None


def api_access(client, argv):
    """loopback, open or protected, and the addresses that answer without credentials."""
    addresses = [address for address in listen_addresses(argv) if not is_loopback(_host_and_port(address)[0])]
    if not addresses:
        return LOOPBACK, []
    base = urlsplit(client.base_url)
    path = base.path.rstrip('/') + '/-/ready'
    open_addresses = []
    for address in addresses:
        host, port = _host_and_port(address)
        if answers_without_credentials(WILDCARD_PROBES.get(host, host), port, path, base.scheme == 'https',
                                       client.request_timeout):
            open_addresses.append(address)
    return (OPEN if open_addresses else PROTECTED), open_addresses


def open_api_warning(product, open_addresses):
    """The warning for a server whose API answers anyone on open_addresses."""
    return ('%s answers without credentials on %s: anyone who reaches %s can %s. Ask for basic auth '
            '(basic_auth_users in its web configuration) or client certificates (tls_server_config.client_auth_type '
            'RequireAndVerifyClientCert), or listen on 127.0.0.1 only.'
            % (product, ', '.join(open_addresses), 'that address' if len(open_addresses) == 1 else 'them',
               POWERS.get(product, 'use its management API')))

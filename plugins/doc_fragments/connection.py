# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  url_username:
    description:
      - User name for HTTP basic authentication, as configured in the server's C(--web.config.file)
        (C(basic_auth_users)).
      - Sent on every request, C(/-/healthy) and C(/-/ready) included.
      - Instead of O(url_username) and O(url_password), the credentials may be written into the URL
        (C(https://admin:secret@127.0.0.1:9090)), percent-encoded where they hold C(/), C(?), C(#), C(@) or C(:).
        They are then sent the same way, and left out of everything the task shows (its messages, the C(url) of a
        failure and its arguments). Giving them both ways, or with O(bearer_token), fails the task.
    type: str
    aliases: [username]
  url_password:
    description:
      - Password for HTTP basic authentication. Required with O(url_username).
    type: str
    aliases: [password]
  bearer_token:
    description:
      - Token sent in an C(Authorization) header as C(Bearer <token>), for servers behind an authenticating proxy.
      - Mutually exclusive with O(url_username).
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate for C(https://) URLs.
      - Set to V(false) only for throw-away test servers.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file with the CA certificate(s) that signed the server certificate, instead of the system trust store.
    type: path
  client_cert:
    description:
      - PEM client certificate, for servers whose web config requires client certificates.
    type: path
  client_key:
    description:
      - PEM private key of O(client_cert), when the certificate file does not hold it.
    type: path
  request_timeout:
    description:
      - Seconds to wait for the whole answer to any one request, its body included.
      - A body is read up to a limit (16 MiB from C(/metrics), 8 MiB from the other endpoints); a larger
        one fails the task.
    type: float
    default: 10
  timeout:
    description:
      - Overall deadline in seconds for the whole task, waits and the reload itself included. It holds while an
        answer is read, even from a server that sends it a byte at a time.
      - Like O(request_timeout), a number greater than 0 and at most a year; V(nan) and V(inf) are refused.
    type: float
    default: 60
  use_proxy:
    description:
      - Whether to send the requests through the proxy that the environment of the host the task runs on names
        (C(http_proxy), C(https_proxy), C(all_proxy), honouring C(no_proxy)), like M(ansible.builtin.uri).
      - Requests to a loopback address (C(localhost), C(127.0.0.0/8), C(::1)) never go through a proxy.
    type: bool
    default: true
requirements:
  - requests (the Python library, on the host the task runs on; Debian package C(python3-requests))
'''

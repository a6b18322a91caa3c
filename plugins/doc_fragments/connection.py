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
      - Seconds to wait for the answer to any one request.
    type: float
    default: 10
  timeout:
    description:
      - Overall deadline in seconds for the whole task, waits and the reload itself included.
    type: float
    default: 60
requirements:
  - requests (the Python library, on the host the task runs on; Debian package C(python3-requests))
'''

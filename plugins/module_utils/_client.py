# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""HTTP client for the Prometheus and Alertmanager management API.

Every transport failure becomes an ApiError whose message names the request,
the address and what to do about it; Unreachable marks the ones that mean the
server is not (yet) listening.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
import traceback

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from urllib3.exceptions import ReadTimeoutError
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

BODY_EXCERPT = 500


def connection_argument_spec():
    """Options shared by every module of the collection (docs: promops.prometheus.connection)."""
    return dict(
        url_username=dict(type='str', aliases=['username']),
        url_password=dict(type='str', no_log=True, aliases=['password']),
        bearer_token=dict(type='str', no_log=True),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        client_cert=dict(type='path'),
        client_key=dict(type='path'),
        request_timeout=dict(type='float', default=10.0),
        timeout=dict(type='float', default=60.0),
    )


CONNECTION_MUTUALLY_EXCLUSIVE = [('url_username', 'bearer_token')]
CONNECTION_REQUIRED_TOGETHER = [('url_username', 'url_password')]
CONNECTION_REQUIRED_BY = {'client_key': 'client_cert'}


class ApiError(Exception):
    """A failure to report through fail_json; ``details`` go into the result."""

    def __init__(self, msg, **details):
        super(ApiError, self).__init__(msg)
        self.msg = msg
        self.details = details


class Unreachable(ApiError):
    """Nothing answers at the address: refused, unresolvable or reset."""


class NoAnswer(ApiError):
    """The server took the connection but did not answer in time."""


def excerpt(text):
    text = (text or '').strip()
    if len(text) > BODY_EXCERPT:
        return text[:BODY_EXCERPT] + '...'
    return text


class Client:
    """A requests Session bound to one server's base URL and one overall deadline."""

    def __init__(self, params, product):
        self.product = product
        self.base_url = params['url'].rstrip('/')
        self.request_timeout = params['request_timeout']
        self.timeout = params['timeout']
        self.started = time.monotonic()
        self.deadline = self.started + params['timeout']
        self.session = requests.Session()
        if params.get('url_username'):
            self.session.auth = (params['url_username'], params['url_password'])
        if params.get('bearer_token'):
            self.session.headers['Authorization'] = 'Bearer %s' % params['bearer_token']
        # Passed with every request: a Session-level verify loses to REQUESTS_CA_BUNDLE.
        self.verify = True
        if not params['validate_certs']:
            self.verify = False
        elif params.get('ca_path'):
            self.verify = params['ca_path']
        if params.get('client_cert'):
            if params.get('client_key'):
                self.session.cert = (params['client_cert'], params['client_key'])
            else:
                self.session.cert = params['client_cert']

    def url(self, path):
        return self.base_url + path

    def remaining(self):
        return self.deadline - time.monotonic()

    def elapsed(self):
        return round(time.monotonic() - self.started, 3)

    def _timeout_for(self, timeout):
        """Per-request timeout, never past the overall deadline (at least 0.1 s)."""
        timeout = self.request_timeout if timeout is None else timeout
        return max(0.1, min(timeout, self.remaining()))

    def request(self, method, path, timeout=None):
        """Send one request; return the response for any status but 3xx and 401."""
        url = self.url(path)
        what = '%s %s' % (method, url)
        timeout = self._timeout_for(timeout)
        limit = 'request_timeout' if timeout == self.request_timeout else 'what was left of timeout'
        try:
            response = self.session.request(method, url, timeout=timeout, verify=self.verify,
                                            allow_redirects=False)
        except requests.exceptions.SSLError as e:
            raise ApiError('%s failed in the TLS handshake: %s. %s' % (what, e, tls_hint(str(e))), url=url)
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout):
            raise NoAnswer(
                '%s got no answer within %.1f s (%s): the server accepted the '
                'connection but did not respond.' % (what, timeout, limit), url=url)
        except requests.exceptions.ConnectionError as e:
            if any(isinstance(arg, ReadTimeoutError) for arg in e.args):
                # requests reports a body that stalls after the headers as a ConnectionError.
                raise NoAnswer(
                    '%s got no complete answer within %.1f s (%s): the server sent the headers '
                    'but stalled in the body.' % (what, timeout, limit), url=url)
            raise Unreachable(
                '%s failed: %s is not reachable (%s). Check that it is running and listening at '
                'that address.' % (what, self.product, _root_cause(e)), url=url)
        except requests.exceptions.RequestException as e:
            raise ApiError('%s failed: %s' % (what, e), url=url)
        except (IOError, OSError) as e:
            # requests reads ca_path, client_cert and client_key before it connects.
            raise ApiError('%s was not sent: %s. Check that ca_path, client_cert and client_key name readable '
                           'PEM files on the host the task runs on.' % (what, e), url=url)
        if 300 <= response.status_code < 400:
            raise ApiError(
                '%s was redirected (HTTP %d) to %s. Set url to the address the server really '
                'serves its API at (including any --web.route-prefix).'
                % (what, response.status_code, response.headers.get('Location', '(no Location header)')),
                url=url, status_code=response.status_code)
        if response.status_code == 401:
            hint = ('the credentials given were rejected' if self.session.auth or 'Authorization' in self.session.headers
                    else 'the server requires credentials: set url_username and url_password, or bearer_token')
            raise ApiError('%s answered 401 Unauthorized: %s.' % (what, hint), url=url, status_code=401)
        return response

    def get_json(self, path):
        """GET a JSON document; a 503 before readiness and other errors become ApiError."""
        response = self.request('GET', path)
        if response.status_code != 200:
            raise ApiError(
                'GET %s answered HTTP %d: %s' % (self.url(path), response.status_code, excerpt(response.text)),
                url=self.url(path), status_code=response.status_code)
        try:
            return response.json()
        except ValueError:
            raise ApiError(
                'GET %s did not return JSON (got %r). Is url pointing at %s?'
                % (self.url(path), excerpt(response.text)[:120], self.product),
                url=self.url(path), status_code=response.status_code)

    def get_metrics(self, names):
        """Values of the named unlabelled samples on /metrics (missing ones are absent)."""
        response = self.request('GET', '/metrics')
        if response.status_code != 200:
            raise ApiError('GET %s answered HTTP %d: %s' % (
                self.url('/metrics'), response.status_code, excerpt(response.text)),
                url=self.url('/metrics'), status_code=response.status_code)
        return parse_metrics(response.text, names)


def parse_metrics(text, names):
    wanted = set(names)
    values = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        name = parts[0].split('{', 1)[0]
        if name in wanted:
            try:
                values[name] = float(parts[1])
            except ValueError:
                continue
    return values


# What OpenSSL says when Python 3.13's strict verification (VERIFY_X509_STRICT)
# refuses a certificate that older Pythons accepted.
STRICT_X509_ERRORS = ('Missing Authority Key Identifier', 'Basic Constraints of CA cert not marked critical',
                      'CA cert does not include key usage extension', 'Missing Subject Key Identifier')


def tls_hint(error):
    if any(text in error for text in STRICT_X509_ERRORS):
        return ('Python 3.13 and later verify certificates strictly (RFC 5280): the CA certificate needs '
                'basicConstraints CA:TRUE marked critical, keyUsage keyCertSign and a subject key identifier, '
                'and the server certificate an authority key identifier. Issue the certificates again with '
                'these extensions.')
    return ('If the server uses a private CA, set ca_path to its certificate (validate_certs=false skips '
            'verification, which is unsafe); if the server speaks plain HTTP, use an http:// url.')


def _root_cause(error):
    """The innermost reason of a requests ConnectionError, e.g. 'Connection refused'."""
    cause = error
    while True:
        inner = getattr(cause, 'reason', None) or cause.__cause__ or cause.__context__
        if inner is None or inner is cause:
            break
        cause = inner
    text = str(cause)
    if ': ' in text and text.startswith('<'):
        text = text.split(': ', 1)[1]
    return text

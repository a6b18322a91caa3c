# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""HTTP client for the Prometheus and Alertmanager management API.

Every transport failure becomes an ApiError whose message names the request,
the address and what to do about it; Unreachable marks the ones that mean the
server is not (yet) listening.

Secure by default:
- credentials written into the url (user:password@) are sent as basic
  authentication and left out of every address the client prints;
- loopback addresses never go through a proxy, whatever the environment says;
- every request, body included, ends within its timeout and the task's
  deadline, and a body is read only up to a size limit.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import ipaddress
import math
import re
import socket
import threading
import time
import traceback

from urllib.parse import unquote, urlsplit
from urllib.request import getproxies

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    import requests.adapters
    import requests.utils
    import urllib3
    from urllib3.exceptions import ReadTimeoutError
except ImportError:
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

BODY_EXCERPT = 500
# What Go's HTTP server answers a plain request on a TLS listener.
PLAIN_ON_TLS = b'Client sent an HTTP request to an HTTPS server'

MIB = 1024 * 1024
# The most the client reads of one answer: /metrics of a busy server is a few
# MiB at most; the JSON documents (configuration, status, silences) and the
# plain-text answers of the probes are smaller.
METRICS_BODY_LIMIT = 16 * MIB
BODY_LIMIT = 8 * MIB
# Bodies are read in pieces of this size, so that the limit is checked as they arrive.
READ_CHUNK = 64 * 1024

# Above this, Python's socket and thread timeouts overflow; no task waits that long.
MAX_TIMEOUT = 365 * 24 * 3600

# user:password@ at the start of an address (RFC 3986: no / ? or # before the @).
URL_CREDENTIALS = re.compile(r'^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/?#]*)@')
# The same, up to the last @ before any ? or #, or without a scheme: what to hide
# when a password holds an unencoded / (the address is then wrong, but the
# password must not show in the error about it).
LOOSE_URL_CREDENTIALS = re.compile(r'^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://|(?![^/?#@]*://))(?P<userinfo>[^?#]*)@')
# user:password@ in an address inside a longer text (an error message).
TEXT_CREDENTIALS = re.compile(r'(?<=://)[^\s/?#@\'"]*@')


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
        use_proxy=dict(type='bool', default=True),
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


class SchemeMismatch(ApiError):
    """url's scheme is not the one the server serves: retrying cannot help."""


class Unreachable(ApiError):
    """Nothing answers at the address: refused, unresolvable or reset."""


class NoAnswer(ApiError):
    """The server took the connection but did not answer in time."""


def excerpt(text):
    text = (text or '').strip()
    if len(text) > BODY_EXCERPT:
        return text[:BODY_EXCERPT] + '...'
    return text


def size_text(size):
    return '%d MiB' % (size // MIB) if size % MIB == 0 else '%d bytes' % size


# --------------------------------------------------------------------------
# credentials in the url
# --------------------------------------------------------------------------

def split_url_credentials(url):
    """(url without user:password@, user, password), both percent-decoded; (url, None, None) without them.

    A password without a colon before it is None; an empty one is ''.
    """
    match = URL_CREDENTIALS.match(url or '')
    if match is None:
        return url, None, None
    user, colon, password = match.group('userinfo').partition(':')
    return match.group('scheme') + url[match.end():], unquote(user), unquote(password) if colon else None


def redact(text):
    """text with the user:password@ part of any address in it taken out."""
    return TEXT_CREDENTIALS.sub('', str(text))


def redact_url(url):
    """url without anything that may be a user and password, even when they are written wrongly."""
    match = LOOSE_URL_CREDENTIALS.match(url or '')
    return url if match is None else match.group('scheme') + url[match.end():]


def url_secrets(url):
    """What of url must never be shown: its password as written and percent-decoded."""
    secrets = set()
    for pattern in (URL_CREDENTIALS, LOOSE_URL_CREDENTIALS):
        match = pattern.match(url or '')
        if match is not None:
            dummy, colon, password = match.group('userinfo').partition(':')
            if colon and password:
                secrets.update([password, unquote(password)])
    return secrets


def protect_url_credentials(module):
    """Keep a password written into module.params['url'] out of everything the module returns.

    AnsibleModule hides the values of no_log options, but the url is not one:
    without this, its password shows in the result's invocation (-vvv, register).
    """
    url = module.params.get('url')
    if isinstance(url, str):
        module.no_log_values.update(url_secrets(url))


class ConnectionModule(AnsibleModule):
    """An AnsibleModule that keeps a password written into its url option out of every result,
    those of a failed argument check included (AnsibleModule's own fail_json, before any module code)."""

    def exit_json(self, **kwargs):
        protect_url_credentials(self)
        super(ConnectionModule, self).exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        protect_url_credentials(self)
        super(ConnectionModule, self).fail_json(msg, **kwargs)


def connection_module(options, mutually_exclusive=(), **kwargs):
    """The AnsibleModule of a module of the collection: its options with the connection's, requests there."""
    argument_spec = connection_argument_spec()
    argument_spec.update(options)
    module = ConnectionModule(
        argument_spec=argument_spec,
        mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE + list(mutually_exclusive),
        required_together=CONNECTION_REQUIRED_TOGETHER,
        required_by=CONNECTION_REQUIRED_BY,
        supports_check_mode=True,
        **kwargs
    )
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    return module


def checked_url(url):
    """(url without user:password@, user, password) as split_url_credentials gives them, or ApiError saying
    what is wrong with url, without showing anything of a password in it."""
    if not url.startswith(('http://', 'https://')):
        raise ApiError('url must start with http:// or https://, got %r.' % redact_url(url))
    encode = 'In a user name or password, write /, ?, #, @ and : percent-encoded (%2F, %3F, %23, %40, %3A).'
    strict, loose = URL_CREDENTIALS.match(url), LOOSE_URL_CREDENTIALS.match(url)
    if loose is not None and (strict is None or strict.end() != loose.end()):
        raise ApiError('url %r is ambiguous: it has an @ after a / of the address, as when a password holds an '
                       'unencoded / or @. %s' % (redact_url(url), encode))
    split = split_url_credentials(url)
    try:
        urlsplit(split[0]).port
    except ValueError as e:
        raise ApiError('url %r is not a valid address (%s). %s' % (redact_url(url), e, encode))
    return split


def check_timeouts(params):
    """Refuse timeouts that are not positive, or with which the task could wait forever (nan, inf)."""
    for name in ('timeout', 'request_timeout'):
        if not params[name] > 0:  # also nan
            if math.isnan(params[name]):
                raise ApiError('%s must be a finite number of seconds, got nan: with it the task would wait '
                               'forever. Give a number of seconds greater than 0.' % name)
            raise ApiError('timeout and request_timeout must be positive numbers of seconds.')
        if params[name] > MAX_TIMEOUT:
            raise ApiError('%s must be a finite number of seconds of at most %d (a year), got %s: with it the task '
                           'could wait forever.' % (name, MAX_TIMEOUT, params[name]))


# --------------------------------------------------------------------------
# proxies
# --------------------------------------------------------------------------

def is_loopback(host):
    """Whether host names this machine itself: localhost, 127.0.0.0/8 or ::1 (also as ::ffff:127.x.y.z)."""
    host = (host or '').lower().rstrip('.')
    if host == 'localhost':
        return True
    try:
        address = ipaddress.ip_address(host.split('%', 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, 'ipv4_mapped', None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def goes_direct(url, use_proxy=True):
    """Whether requests to url bypass every proxy: use_proxy is off, or url is a loopback address."""
    return not use_proxy or is_loopback(urlsplit(url).hostname)


def direct_proxies():
    """A proxies mapping for requests that overrides every proxy the environment names (http_proxy,
    https_proxy, all_proxy, ...): requests drops the keys set to None after merging in the environment."""
    return dict.fromkeys(set(getproxies()) | set(['http', 'https', 'all']))


def proxy_for(url, use_proxy=True):
    """The proxy a request to url goes through, or None: requests' own choice from the environment
    (http_proxy, https_proxy, all_proxy, no_proxy), unless use_proxy is off or url is a loopback address."""
    if goes_direct(url, use_proxy):
        return None
    return requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))


# --------------------------------------------------------------------------
# deadlines
# --------------------------------------------------------------------------

class _Sockets:
    """The sockets a Client's connections opened, so that a deadline can cut them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sockets = []

    def add(self, sock):
        with self._lock:
            self._sockets = [s for s in self._sockets if s.fileno() != -1] + [sock]

    def cut(self):
        """Shut every open socket down: a read blocked on one returns at once."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                # socket.socket's own shutdown, also for a TLS socket: only the file descriptor is
                # shut, the TLS object stays as the reading thread left it.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass


class _Watchdog:
    """Cuts the client's connections when a request runs past its deadline.

    A socket timeout bounds each read, not the answer: a server that sends a
    byte every half second would never trip it. The watchdog bounds the whole
    request, from sending it to the last byte of the body.
    """

    def __init__(self, sockets, seconds):
        self.expired = False
        self._in_body = False
        self._cut_in_body = False
        self._sockets = sockets
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self):
        self._cut_in_body = self._in_body
        self.expired = True
        self._sockets.cut()

    def headers_read(self):
        self._in_body = True

    def cut_in_body(self):
        """Whether the headers had come in full before the deadline (or, without a cut, whether they came)."""
        return self._cut_in_body if self.expired else self._in_body

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc_info):
        self._timer.cancel()
        self._timer.join()
        return False


def _tracking_adapter(sockets):
    """A requests transport adapter whose connections record their sockets in sockets."""
    def tracked(connection_class):
        class TrackedConnection(connection_class):
            def connect(self):
                super(TrackedConnection, self).connect()
                sockets.add(self.sock)
        return TrackedConnection

    pools = {
        'http': type('TrackedHTTPConnectionPool', (urllib3.HTTPConnectionPool,),
                     dict(ConnectionCls=tracked(urllib3.HTTPConnectionPool.ConnectionCls))),
        'https': type('TrackedHTTPSConnectionPool', (urllib3.HTTPSConnectionPool,),
                      dict(ConnectionCls=tracked(urllib3.HTTPSConnectionPool.ConnectionCls))),
    }

    class TrackingAdapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super(TrackingAdapter, self).init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            manager = super(TrackingAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
            if isinstance(manager, urllib3.ProxyManager):  # SOCKS proxies keep their own pools
                manager.pool_classes_by_scheme = pools
            return manager

    return TrackingAdapter()


class BodyTooLarge(ApiError):
    """The answer is larger than the client reads."""


# --------------------------------------------------------------------------
# the client
# --------------------------------------------------------------------------

class Client:
    """A requests Session bound to one server's base URL and one overall deadline."""

    def __init__(self, params, product):
        self.product = product
        url, user, password = checked_url(params['url'])
        self.base_url = url.rstrip('/')
        if user is not None:
            for option, instead in (('url_username', 'url_username and url_password'),
                                    ('bearer_token', 'bearer_token')):
                if params.get(option):
                    raise ApiError('url holds credentials (user:password@) and %s is set too: give the credentials '
                                   'one way only, in url or in %s.' % (option, instead))
        check_timeouts(params)
        self.request_timeout = params['request_timeout']
        self.timeout = params['timeout']
        self.started = time.monotonic()
        self.deadline = self.started + params['timeout']
        self.use_proxy = params.get('use_proxy', True)
        self.direct = goes_direct(url, self.use_proxy)
        self.session = requests.Session()
        self._sockets = _Sockets()
        adapter = _tracking_adapter(self._sockets)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        # Compressed answers could unpack past the body limit in one piece.
        self.session.headers['Accept-Encoding'] = 'identity'
        if user is not None:
            self.session.auth = (user, password or '')
        elif params.get('url_username'):
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

    def proxies(self):
        """The proxies argument of every request: None lets requests follow the environment."""
        return direct_proxies() if self.direct else None

    @staticmethod
    def body_limit(path):
        return METRICS_BODY_LIMIT if path.split('?', 1)[0].endswith('/metrics') else BODY_LIMIT

    def request(self, method, path, timeout=None, max_body=None, json_body=None):
        """Send one request and read its answer, body included, within timeout (by default request_timeout)
        and the overall deadline; return the response for any status but 3xx and 401.

        A body larger than max_body (by default METRICS_BODY_LIMIT for /metrics, BODY_LIMIT for the rest)
        raises BodyTooLarge. json_body, when given, is sent as the request's JSON body.
        """
        url = self.url(path)
        what = '%s %s' % (method, url)
        timeout = self._timeout_for(timeout)
        limit = 'request_timeout' if timeout == self.request_timeout else 'what was left of timeout'
        max_body = max_body or self.body_limit(path)
        deadline = time.monotonic() + timeout
        response = None
        with _Watchdog(self._sockets, timeout) as watchdog:
            try:
                response = self.session.request(method, url, timeout=timeout, verify=self.verify, json=json_body,
                                                allow_redirects=False, stream=True, proxies=self.proxies())
                watchdog.headers_read()
                self._read_body(response, url, max_body, deadline, watchdog)
            except BodyTooLarge:
                raise
            except Exception as e:  # pylint: disable=broad-except
                # Whatever a connection cut at the deadline makes requests or urllib3 raise is a timeout.
                if response is not None:
                    response.close()
                if watchdog.expired or isinstance(e, _Late):
                    raise self._no_answer(what, timeout, limit, url, watchdog.cut_in_body())
                self._raise_transport_error(e, what, timeout, limit, url)
                raise
        if watchdog.expired:
            # Cut at the deadline: what came may be incomplete (headers without their end look complete
            # to http.client, and so does a body without a length).
            raise self._no_answer(what, timeout, limit, url, watchdog.cut_in_body())
        if 300 <= response.status_code < 400:
            raise ApiError(
                '%s was redirected (HTTP %d) to %s. Set url to the address the server really '
                'serves its API at (including any --web.route-prefix).'
                % (what, response.status_code, redact(response.headers.get('Location', '(no Location header)'))),
                url=url, status_code=response.status_code)
        if response.status_code == 400 and PLAIN_ON_TLS in response.content:
            raise SchemeMismatch(
                '%s: the server at that port serves HTTPS (it answered "%s"). Write https:// in url.'
                % (what, PLAIN_ON_TLS.decode()), url=url, status_code=400)
        if response.status_code == 401:
            hint = ('the credentials given were rejected' if self.session.auth or 'Authorization' in self.session.headers
                    else 'the server requires credentials: set url_username and url_password, or bearer_token')
            raise ApiError('%s answered 401 Unauthorized: %s.' % (what, hint), url=url, status_code=401)
        return response

    def _read_body(self, response, url, max_body, deadline, watchdog):
        """Read the body in pieces, stopping at max_body and at the deadline; keep it as the response's content."""
        length = response.headers.get('Content-Length', '')
        if length.isdigit() and int(length) > max_body:
            response.close()
            raise self._too_large(response, url, max_body, 'announces %s bytes, more than' % length,
                                  'it did not read it')
        chunks = []
        size = 0
        for chunk in response.iter_content(READ_CHUNK):
            size += len(chunk)
            if size > max_body:
                response.close()
                raise self._too_large(response, url, max_body, 'is larger than', 'it stopped reading there')
            chunks.append(chunk)
            if watchdog.expired or time.monotonic() > deadline:
                raise _Late()
        # Where requests keeps a body it read itself: .content, .text and .json() use it.
        response._content = b''.join(chunks)  # pylint: disable=protected-access

    def _too_large(self, response, url, max_body, how, done):
        return BodyTooLarge(
            '%s %s: the answer (HTTP %d) %s %s, the most this module reads from %s; %s. Check that url points at '
            '%s itself (with its route prefix), not at another service or a proxy in between.'
            % (response.request.method, url, response.status_code, how, size_text(max_body),
               '/metrics' if max_body == METRICS_BODY_LIMIT else 'an API endpoint', done, self.product),
            url=url, status_code=response.status_code)

    @staticmethod
    def _no_answer(what, timeout, limit, url, got_headers):
        if got_headers:
            return NoAnswer(
                '%s got no complete answer within %.1f s (%s): the server sent the headers but stalled in the '
                'body.' % (what, timeout, limit), url=url)
        return NoAnswer(
            '%s got no answer within %.1f s (%s): the server accepted the connection but did not '
            'respond.' % (what, timeout, limit), url=url)

    def _raise_transport_error(self, e, what, timeout, limit, url):
        """Raise the ApiError saying what went wrong in sending or reading; return for other exceptions."""
        if not isinstance(e, (requests.exceptions.RequestException, IOError, OSError)):
            return
        if isinstance(e, requests.exceptions.SSLError):
            raise ApiError('%s failed in the TLS handshake: %s. %s' % (what, redact(e), tls_hint(str(e))), url=url)
        if isinstance(e, (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout)):
            raise self._no_answer(what, timeout, limit, url, False)
        if isinstance(e, requests.exceptions.ConnectionError):
            not_http = _not_http(e)
            if not_http is not None:
                raise ApiError('%s failed: what answers at that address does not speak HTTP (it sent %r). Check the '
                               'port in url.' % (what, not_http), url=url)
            if any(isinstance(arg, ReadTimeoutError) for arg in e.args):
                # requests reports a body that stalls after the headers as a ConnectionError.
                raise self._no_answer(what, timeout, limit, url, True)
            raise Unreachable(
                '%s failed: %s is not reachable (%s). Check that it is running and listening at '
                'that address.' % (what, self.product, redact(_root_cause(e))), url=url)
        if isinstance(e, requests.exceptions.RequestException):
            raise ApiError('%s failed: %s' % (what, redact(e)), url=url)
        # requests reads ca_path, client_cert and client_key before it connects.
        raise ApiError('%s was not sent: %s. Check that ca_path, client_cert and client_key name readable '
                       'PEM files on the host the task runs on.' % (what, redact(e)), url=url)

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


class _Late(Exception):
    """The body was still arriving at the request's deadline."""


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


def _causes(error):
    """error, then each exception it was raised from (requests wraps urllib3's, which wraps the socket's)."""
    cause = error
    for dummy in range(10):
        yield cause
        inner = getattr(cause, 'reason', None) or cause.__cause__ or cause.__context__
        if not isinstance(inner, BaseException) or inner is cause:
            return
        cause = inner


def _not_http(error):
    """The first line a server sent that is no HTTP status line (an SSH banner, say), or None."""
    for cause in _causes(error):
        if isinstance(cause, http.client.BadStatusLine) and not isinstance(cause, http.client.RemoteDisconnected):
            return excerpt(str(cause.args[0] if cause.args else cause))[:80]
    return None


def _root_cause(error):
    """The innermost reason of a requests ConnectionError, e.g. 'Connection refused'."""
    cause = list(_causes(error))[-1]
    text = str(cause)
    if ': ' in text and text.startswith('<'):
        text = text.split(': ', 1)[1]
    return text

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What both lifecycle modules do as a task sees it: arguments in, result or failure out.

Every test runs once per module (prometheus_lifecycle, alertmanager_lifecycle).
The operations behind the states are tested in module_utils/test_lifecycle.py,
the transport in module_utils/test_client.py; here is only what the module adds:
argument checks, one state per operation, failures with their details, check
mode, and the connection options reaching the client.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils.basic import missing_required_lib

from ansible_collections.promops.prometheus.plugins.module_utils import _client, _module
from ansible_collections.promops.prometheus.plugins.module_utils._client import Client
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import digest
from ansible_collections.promops.prometheus.tests.unit.helpers import basic_auth


# --------------------------------------------------------------------------
# arguments
# --------------------------------------------------------------------------

@pytest.mark.parametrize('url', ['127.0.0.1:9090', 'prometheus.example.com', 'alertmanager:9093',
                                 'ftp://127.0.0.1:9090'])
def test_url_without_http_scheme_is_refused_before_any_request(product, module_fails, httpserver, url):
    result = module_fails(product.main, dict(url=url))

    assert result['msg'] == 'url must start with http:// or https://, got %r.' % url
    assert httpserver.log == []


@pytest.mark.parametrize('credentials', [dict(url_username='admin'), dict(password='secret')],
                         ids=['username-only', 'password-only'])
def test_username_and_password_are_required_together(product, module_fails, credentials):
    result = module_fails(product.main, dict(credentials, url='http://127.0.0.1:9'))

    assert result['msg'] == 'parameters are required together: url_username, url_password'


def test_username_and_bearer_token_are_mutually_exclusive(product, module_fails):
    result = module_fails(product.main, dict(url='http://127.0.0.1:9', url_username='admin', url_password='x',
                                             bearer_token='t'))

    assert result['msg'] == 'parameters are mutually exclusive: url_username|bearer_token'


def test_client_key_requires_client_cert(product, module_fails):
    result = module_fails(product.main, dict(url='http://127.0.0.1:9', client_key='/etc/k.pem'))

    assert result['msg'] == 'missing parameter(s) required by \'client_key\': client_cert'


@pytest.mark.parametrize('option', ['timeout', 'request_timeout'])
def test_non_positive_timeouts_are_refused(product, module_fails, option):
    result = module_fails(product.main, {'url': 'http://127.0.0.1:9', option: 0})

    assert result['msg'] == 'timeout and request_timeout must be positive numbers of seconds.'


def test_missing_requests_library_fails_with_missing_required_lib(product, module_fails, monkeypatch):
    monkeypatch.setattr(_client, 'REQUESTS_IMPORT_ERROR', 'ModuleNotFoundError: No module named \'requests\'')

    result = module_fails(product.main, dict(url='http://127.0.0.1:9'))

    assert result['msg'] == missing_required_lib('requests')
    assert result['exception'] == 'ModuleNotFoundError: No module named \'requests\''


def test_unknown_state_is_refused_naming_the_states(product, module_fails, httpserver):
    result = module_fails(product.main, dict(url='http://127.0.0.1:9', state='restarted'))

    assert 'value of state must be one of: %s, got: restarted' % ', '.join(product.states) in result['msg']
    assert httpserver.log == []


# --------------------------------------------------------------------------
# states and results
# --------------------------------------------------------------------------

@pytest.mark.parametrize('state, requests', [
    ('healthy', {('GET', '/-/healthy'), ('GET', '/-/ready')}),
    ('ready', {('GET', '/-/ready')}),
    ('reloaded', {('GET', '/-/ready'), ('POST', '/-/reload')}),
], ids=['healthy', 'ready', 'reloaded'])
def test_each_state_runs_its_operation(fake, module_succeeds, state, requests):
    result = module_succeeds(fake.product.main, dict(url=fake.url, state=state))

    assert result[state] is True
    assert result['changed'] is (state == 'reloaded')
    assert result['msg'].startswith(fake.name + ' ')
    assert isinstance(result['elapsed'], float)
    assert requests <= set(fake.requests())
    if state != 'reloaded':
        assert fake.requests('POST') == []


def test_healthy_is_the_default_state(fake, module_succeeds):
    result = module_succeeds(fake.product.main, dict(url=fake.url))

    assert result['healthy'] is True
    assert result['version'] == fake.product.version
    assert result['msg'] == '%s is healthy and ready' % fake.name


def test_a_failed_operation_fails_the_task_with_its_details(fake, module_fails):
    fake.reject_reload(fake.product.reload_error + '\n')

    result = module_fails(fake.product.main, dict(url=fake.url, state='reloaded'))

    assert result['msg'].startswith('%s rejected the new configuration: %s.' % (fake.name, fake.product.reload_error))
    assert result['server_error'] == fake.product.reload_error
    assert result['status_code'] == 500
    assert result['changed'] is False
    assert result['reloaded'] is False
    assert result['config_changed'] is False
    assert result['config_digest_before'] == result['config_digest_after'] == digest(fake.config)


def test_reloaded_in_check_mode_says_it_would_reload_and_sends_no_post(fake, module_succeeds):
    fake.next_config = fake.config + '# edited\n'

    result = module_succeeds(fake.product.main, dict(url=fake.url, state='reloaded'), check_mode=True)

    assert result['changed'] is True
    assert result['reloaded'] is False
    assert result['config_changed'] is False
    assert result['config_digest_before'] == result['config_digest_after'] == digest(fake.config)
    assert result['msg'] == '%s would be reloaded (check mode)' % fake.name
    assert fake.requests('POST') == []
    assert ('GET', '/-/ready') in fake.requests()


# --------------------------------------------------------------------------
# connection options (the transport itself: module_utils/test_client.py)
# --------------------------------------------------------------------------

@pytest.mark.parametrize('options, header, verify', [
    (dict(username='admin', password='s3cret', ca_path='ca.pem'), basic_auth('admin', 's3cret'), 'ca.pem'),
    (dict(bearer_token='tok3n', validate_certs=False), 'Bearer tok3n', False),
], ids=['basic-auth-aliases-ca-path', 'bearer-token-no-validation'])
def test_the_connection_options_reach_the_client_and_every_request(
        fake, module_succeeds, monkeypatch, tmp_path, options, header, verify):
    # requests checks that the client certificate files exist, even for http:// URLs.
    files = {}
    for name in ('ca.pem', 'client.pem', 'client.key'):
        (tmp_path / name).write_text('')
        files[name] = str(tmp_path / name)
    options = dict((key, files.get(value, value)) for key, value in options.items())
    verify = files.get(verify, verify)
    clients = []

    class RecordingClient(Client):
        def __init__(self, params, product):
            super(RecordingClient, self).__init__(params, product)
            clients.append(self)
    monkeypatch.setattr(_module, 'Client', RecordingClient)
    args = dict(options, url=fake.url, state='reloaded', request_timeout=2.5, timeout=7,
                client_cert=files['client.pem'], client_key=files['client.key'])

    result = module_succeeds(fake.product.main, args)

    assert result['reloaded'] is True
    client, = clients
    assert client.product == fake.name
    assert (client.request_timeout, client.timeout) == (2.5, 7.0)
    assert client.verify == verify
    assert client.session.cert == (files['client.pem'], files['client.key'])
    assert len(fake.httpserver.log) >= 5
    assert set(request.headers.get('Authorization') for request, dummy in fake.httpserver.log) == {header}

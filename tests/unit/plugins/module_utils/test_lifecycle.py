# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Lifecycle operations both products share: health, readiness waits and verified reloads.

Every test runs once per product, against that product's fake server. What only
one product does (Prometheus' lifecycle flag, partial reloads and quit;
Alertmanager's plain 403) is in tests/unit/plugins/modules/test_<product>_lifecycle.py;
check mode, which the module switches on, is in test_lifecycle_modules.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re
import time

import pytest
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import digest
from ansible_collections.promops.prometheus.tests.unit.helpers import HELD


def test_digest_is_the_sha256_of_the_configuration_text():
    assert digest('route: {}\n') == 'sha256:' + hashlib.sha256(b'route: {}\n').hexdigest()


# --------------------------------------------------------------------------
# waiting for health and readiness
# --------------------------------------------------------------------------

def test_ready_wait_returns_on_the_first_poll_after_503_turns_200(fake, make_lifecycle):
    switch = fake.ready_after(polls=3)

    result = make_lifecycle(fake.product, fake.url, timeout=10).ready(wait=True)
    returned = time.monotonic()

    assert result['ready'] is True
    assert result['status_code'] == 200
    assert result['changed'] is False
    assert result['msg'] == '%s is ready' % fake.name
    assert fake.requests() == [('GET', '/-/ready')] * 4
    assert returned - switch['switched'] < 2
    assert result['elapsed'] >= 0.3


def test_ready_wait_is_bounded_by_timeout_and_names_the_last_status(fake, make_lifecycle):
    fake.ready = 503
    server = make_lifecycle(fake.product, fake.url, timeout=1)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)
    waited = time.monotonic() - started

    # The deadline, counted from the client's start, holds (with room for a
    # loaded machine) and the wait polled more than once. On a loaded machine
    # the deadline may cut the last poll: the 503 is then named as the last
    # answer before it (the next test).
    assert server.client.elapsed() >= 0.8 and waited < 4
    assert re.match(r'%s did not become ready within 1\.0 s \(timeout\)\. Last attempt: GET %s/-/ready (answered HTTP '
                    r'503$|got no answer within .* The last answer before it: GET %s/-/ready answered HTTP 503$)'
                    % (fake.name, re.escape(fake.url), re.escape(fake.url)), raised.value.msg), raised.value.msg
    assert raised.value.details['status_code'] == 503
    assert len(fake.requests('GET', '/-/ready')) >= 2


def test_a_poll_cut_by_the_deadline_still_names_the_last_status(fake, hang, make_lifecycle):
    held = hang(HELD)
    answers = iter([Response('Service Unavailable', status=503)])
    fake.on('GET', '/-/ready', lambda request: next(answers, None) or held(request))
    server = make_lifecycle(fake.product, fake.url, timeout=1)

    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)

    url = re.escape(fake.url)
    assert re.fullmatch(
        r'%s did not become ready within 1\.0 s \(timeout\)\. Last attempt: GET %s/-/ready got no answer within '
        r'0\.\d s \(what was left of timeout\): the server accepted the connection but did not respond\. The last '
        r'answer before it: GET %s/-/ready answered HTTP 503' % (fake.name, url, url), raised.value.msg), raised.value.msg
    assert raised.value.details == {'status_code': 503, 'url': fake.url + '/-/ready'}
    assert len(fake.requests('GET', '/-/ready')) == 2


def test_ready_without_wait_fails_after_one_poll(fake, make_lifecycle):
    fake.ready = 503

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).ready(wait=False)

    assert raised.value.msg == '%s is not ready: GET %s/-/ready answered HTTP 503' % (fake.name, fake.url)
    assert fake.requests() == [('GET', '/-/ready')]


@pytest.mark.parametrize('what', ['healthy', 'ready'])
def test_wait_retries_a_hanging_probe_until_timeout(fake, hang, make_lifecycle, what):
    fake.on('GET', '/-/' + what, hang(HELD))
    server = make_lifecycle(fake.product, fake.url, timeout=1, request_timeout=0.3)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        getattr(server, what)(wait=True)
    waited = time.monotonic() - started

    assert server.client.elapsed() >= 0.8 and waited < 4
    assert raised.value.msg.startswith('%s did not become %s within 1.0 s (timeout). Last attempt: '
                                       'GET %s/-/%s got no answer within' % (fake.name, what, fake.url, what))
    # Whether the deadline cut the last attempt short depends on how late each sleep wakes up.
    assert re.search(r'got no answer within [0-9.]+ s \((request_timeout|what was left of timeout)\)',
                     raised.value.msg), raised.value.msg
    assert len(fake.requests('GET', '/-/' + what)) >= 2


def test_without_wait_a_probe_hanging_past_request_timeout_fails_at_once(fake, hang, make_lifecycle):
    fake.on('GET', '/-/healthy', hang(HELD))
    server = make_lifecycle(fake.product, fake.url, request_timeout=0.3)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.healthy(wait=False)

    assert time.monotonic() - started < 3
    assert raised.value.msg.startswith('%s is not healthy: GET %s/-/healthy got no answer within 0.3 s '
                                       '(request_timeout)' % (fake.name, fake.url))
    assert raised.value.details == {'url': fake.url + '/-/healthy'}
    assert fake.requests() == [('GET', '/-/healthy')]


def test_refused_connection_without_wait_fails_at_once(product, refused_url, make_lifecycle):
    server = make_lifecycle(product, refused_url, timeout=10)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=False)

    assert time.monotonic() - started < 3
    assert raised.value.msg.startswith('%s is not ready: GET %s/-/ready failed: %s is not reachable'
                                       % (product.name, refused_url, product.name))
    assert raised.value.details == {'url': refused_url + '/-/ready'}


def test_refused_connection_counts_as_not_up_yet_while_waiting(product, refused_url, make_lifecycle):
    server = make_lifecycle(product, refused_url, timeout=0.5)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)
    waited = time.monotonic() - started

    assert server.client.elapsed() >= 0.3 and waited < 3
    assert raised.value.msg.startswith('%s did not become ready within 0.5 s (timeout). Last attempt: '
                                       'GET %s/-/ready failed: %s is not reachable'
                                       % (product.name, refused_url, product.name))


def test_unauthorized_is_not_retried_while_waiting(fake, make_lifecycle):
    fake.on('GET', '/-/ready', Response('Unauthorized\n', status=401))
    server = make_lifecycle(fake.product, fake.url, timeout=5)

    started = time.monotonic()
    with pytest.raises(ApiError) as raised:
        server.ready(wait=True)

    assert time.monotonic() - started < 3
    assert 'the server requires credentials' in raised.value.msg
    assert len(fake.requests()) == 1


# --------------------------------------------------------------------------
# health
# --------------------------------------------------------------------------

def test_healthy_reports_version_readiness_and_the_last_reload(fake, make_lifecycle):
    result = make_lifecycle(fake.product, fake.url).healthy(wait=False)

    assert result['changed'] is False
    assert result['healthy'] is True
    assert result['status_code'] == 200
    assert result['ready'] is True
    assert result['version'] == fake.product.version
    assert result['lifecycle_enabled'] is True
    assert result['reload_successful'] is True
    assert result['reload_timestamp'] == fake.reload_timestamp
    assert result['msg'] == '%s is healthy and ready' % fake.name
    assert isinstance(result['elapsed'], float)


def test_healthy_reports_a_failed_last_reload(fake, make_lifecycle):
    fake.reload_successful = 0

    result = make_lifecycle(fake.product, fake.url).healthy(wait=False)

    assert result['healthy'] is True
    assert result['reload_successful'] is False


@pytest.mark.parametrize('answer', [
    Response('Service Unavailable', status=503),
    Response('<html><body>Sign in</body></html>', status=200),
    Response('{"status": "success", "data": ', status=200, content_type='application/json'),
    Response('{"status": "error", "errorType": "unavailable"}', status=200, content_type='application/json'),
    Response('{"cluster": {}}', status=200, content_type='application/json'),
    Response('["2.53.3"]', status=200, content_type='application/json'),
], ids=['503', 'html', 'truncated-json', 'error-document', 'without-version', 'list'])
def test_healthy_without_a_readable_version_reports_none(fake, make_lifecycle, answer):
    fake.on('GET', fake.product.version_path, answer)

    result = make_lifecycle(fake.product, fake.url).healthy(wait=False)

    assert result['healthy'] is True
    assert result['version'] is None
    assert fake.requests('GET', fake.product.version_path)


@pytest.mark.parametrize('wait', [True, False])
def test_healthy_but_not_ready_succeeds_with_ready_false_after_one_check(fake, make_lifecycle, wait):
    fake.ready = 503

    result = make_lifecycle(fake.product, fake.url, timeout=5).healthy(wait=wait)

    assert result['healthy'] is True and result['ready'] is False
    assert result['msg'] == '%s is healthy but not ready: GET %s/-/ready answered HTTP 503' % (fake.name, fake.url)
    assert len(fake.requests('GET', '/-/ready')) == 1


def test_healthy_with_a_hanging_readiness_probe_reports_not_ready(fake, hang, make_lifecycle):
    fake.on('GET', '/-/ready', hang(1.0))

    result = make_lifecycle(fake.product, fake.url, request_timeout=0.3).healthy(wait=True)

    assert result['healthy'] is True and result['ready'] is False
    assert result['msg'].startswith('%s is healthy but not ready: GET %s/-/ready got no answer within 0.3 s'
                                    % (fake.name, fake.url))


# --------------------------------------------------------------------------
# reload
# --------------------------------------------------------------------------

def test_reload_of_a_new_configuration_is_verified(fake, make_lifecycle):
    before = fake.config
    after = before + '# edited\n'
    fake.next_config = after
    old_timestamp = fake.reload_timestamp

    result = make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is True
    assert result['config_digest_before'] == digest(before)
    assert result['config_digest_after'] == digest(after)
    assert result['reload_timestamp'] == pytest.approx(old_timestamp + 12.5)
    assert result['reload_timestamp'] == fake.reload_timestamp
    assert result['msg'] == '%s reloaded its configuration' % fake.name
    assert fake.requests('POST') == [('POST', '/-/reload')]


def test_reload_of_the_same_configuration_is_changed_but_says_config_unchanged(fake, make_lifecycle):
    result = make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert result['changed'] is True
    assert result['reloaded'] is True
    assert result['config_changed'] is False
    assert result['config_digest_before'] == result['config_digest_after'] == digest(fake.config)
    assert result['msg'] == '%s reloaded its configuration (no change in the loaded configuration)' % fake.name


def test_reload_waits_for_readiness_before_posting(fake, make_lifecycle):
    fake.ready_after(polls=2)

    make_lifecycle(fake.product, fake.url, timeout=5).reload(wait=True)

    seen = fake.requests()
    assert seen[:3] == [('GET', '/-/ready')] * 3
    assert ('GET', '/-/ready') not in seen[3:]
    assert ('POST', '/-/reload') in seen[3:]


def test_reload_without_wait_on_an_unready_server_sends_no_post(fake, make_lifecycle):
    fake.ready = 503

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg.startswith('%s is not ready: ' % fake.name)
    assert fake.requests('POST') == []


def test_reload_with_a_route_prefix_sends_every_request_below_it(fake, make_lifecycle, server):
    fake.prefix = '/monitoring'

    result = make_lifecycle(fake.product, server.url('/monitoring/')).reload(wait=True)

    assert result['reloaded'] is True
    paths = [path for method, path in server.seen()]
    assert paths[0] == '/monitoring/-/ready'
    assert '/monitoring/-/reload' in paths
    assert '/monitoring' + fake.product.config_path in paths
    assert all(path.startswith('/monitoring/') for path in paths)


def test_rejected_reload_reports_the_server_error_and_unchanged_config(fake, make_lifecycle):
    error = fake.product.reload_error
    fake.reject_reload(error + '\n')

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg == ('%s rejected the new configuration: %s. '
                                'The running configuration is unchanged.' % (fake.name, error))
    assert 'promtool' not in raised.value.msg
    details = raised.value.details
    assert details['server_error'] == error
    assert details['status_code'] == 500
    assert details['changed'] is False
    assert details['config_changed'] is False
    assert details['reloaded'] is False
    assert details['config_digest_before'] == details['config_digest_after'] == digest(fake.config)


def test_reload_forbidden_fails_with_the_403_and_its_answer(fake, make_lifecycle):
    fake.on('POST', '/-/reload', Response('Forbidden by policy', status=403))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert 'POST %s/-/reload' % fake.url in raised.value.msg
    assert '403' in raised.value.msg and 'Forbidden by policy' in raised.value.msg
    assert raised.value.details['status_code'] == 403
    assert fake.requests('POST') == [('POST', '/-/reload')]


def test_reload_answered_with_an_unexpected_status_fails_with_it(fake, make_lifecycle):
    fake.on('POST', '/-/reload', Response('Method Not Allowed', status=405))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg == 'POST %s/-/reload answered HTTP 405: Method Not Allowed' % fake.url
    assert raised.value.details['status_code'] == 405
    assert raised.value.details['changed'] is False


def test_reload_answered_200_without_a_new_success_timestamp_fails(fake, make_lifecycle):
    timestamp = fake.reload_timestamp
    fake.on('POST', '/-/reload', Response('', status=200))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg.startswith('%s answered 200 to POST %s/-/reload but its metrics do not show a '
                                       'new successful reload' % (fake.name, fake.url))
    assert '%s -> %s' % (timestamp, timestamp) in raised.value.msg
    assert raised.value.details['reloaded'] is False


def test_reload_answered_200_with_the_success_gauge_at_0_fails(fake, make_lifecycle):
    def failed_reload(request):
        fake.reload_successful = 0
        fake.reload_timestamp += 1
        return Response('', status=200)
    fake.on('POST', '/-/reload', failed_reload)

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert 'do not show a new successful reload' in raised.value.msg
    assert '%s=0.0' % fake.product.success_metric in raised.value.msg
    assert raised.value.details['reloaded'] is False


def test_reload_with_garbage_config_endpoint_asks_whether_url_points_at_the_product(fake, make_lifecycle):
    fake.on('GET', fake.product.config_path, Response('<!doctype html><title>Sign in</title>', status=200))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg == ("GET %s%s did not return JSON (got '<!doctype html><title>Sign in</title>'). "
                                "Is url pointing at %s?" % (fake.url, fake.product.config_path, fake.name))
    assert fake.requests('POST') == []


@pytest.mark.parametrize('document', [
    {'status': 'success', 'data': {}},
    {'cluster': {}, 'versionInfo': {}},
    ['not', 'a', 'mapping'],
], ids=['api-v1-without-yaml', 'api-v2-without-config', 'list'])
def test_reload_with_json_lacking_the_configuration_says_so(fake, make_lifecycle, document):
    fake.on('GET', fake.product.config_path, fake.json(document))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url).reload(wait=False)

    assert raised.value.msg == ('GET %s%s did not return a configuration document; is url pointing at %s?'
                                % (fake.url, fake.product.config_path, fake.name))
    assert fake.requests('POST') == []


def test_a_reload_without_an_answer_that_the_metrics_show_applied_is_a_success(fake, make_lifecycle, hang):
    stalled = hang(seconds=10)

    def reload_then_stall(request):
        fake.reload(request)
        return stalled(request)
    fake.on('POST', '/-/reload', reload_then_stall)

    result = make_lifecycle(fake.product, fake.url, timeout=4, request_timeout=1).reload(wait=False)

    assert result['reloaded'] is True and result['reload_outcome'] == 'applied'
    assert 'did not answer the reload in time' in result['msg'] and 'applied' in result['msg']


def test_a_reload_without_an_answer_and_no_reload_in_the_metrics_is_no_rejection(fake, make_lifecycle, hang):
    fake.on('POST', '/-/reload', hang(seconds=10))

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url, timeout=4, request_timeout=1).reload(wait=False)

    assert raised.value.details['reload_outcome'] == 'unknown'
    assert 'This is not a rejection' in raised.value.msg


def test_a_reload_without_an_answer_that_the_metrics_show_failed_is_a_rejection(fake, make_lifecycle, hang):
    stalled = hang(seconds=10)

    def fail_then_stall(request):
        fake.reload_successful = 0
        return stalled(request)
    fake.on('POST', '/-/reload', fail_then_stall)

    with pytest.raises(ApiError) as raised:
        make_lifecycle(fake.product, fake.url, timeout=4, request_timeout=1).reload(wait=False)

    assert raised.value.details['reload_outcome'] == 'rejected'
    assert 'rejected the new configuration' in raised.value.msg

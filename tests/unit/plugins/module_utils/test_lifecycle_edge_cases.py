# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edge cases: version documents of another shape, bodies that stall, stop deadlines shorter than the restart watch."""
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ansible_collections.promops.prometheus.plugins.module_utils import _lifecycle
from ansible_collections.promops.prometheus.plugins.module_utils._client import NoAnswer
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import Prometheus
from ansible_collections.promops.prometheus.plugins.modules import alertmanager_lifecycle, prometheus_lifecycle


@pytest.mark.parametrize('document', [{'status': 'error', 'errorType': 'unavailable'}, ['2.53.3']])
def test_healthy_with_buildinfo_of_another_shape_reports_no_version(fake_prometheus, module_succeeds, document):
    fake_prometheus.on('GET', '/api/v1/status/buildinfo', fake_prometheus.json(document))

    result = module_succeeds(prometheus_lifecycle.main, dict(url=fake_prometheus.url))

    assert result['healthy'] is True
    assert result['version'] is None


def test_alertmanager_healthy_with_status_of_another_shape_reports_no_version(fake_alertmanager, module_succeeds):
    fake_alertmanager.on('GET', '/api/v2/status', fake_alertmanager.json({'cluster': {}}))

    result = module_succeeds(alertmanager_lifecycle.main, dict(url=fake_alertmanager.url))

    assert result['version'] is None


def stalled_body(first_line, seconds):
    def handler(request):
        def body():
            yield first_line
            time.sleep(seconds)
            yield ''
        return Response(body(), status=200)
    return handler


def test_body_stalling_past_request_timeout_raises_no_answer(fake_prometheus, make_client):
    fake_prometheus.on('GET', '/metrics', stalled_body('process_start_time_seconds 1.79559482e+09\n', 1.0))

    with pytest.raises(NoAnswer) as raised:
        make_client(fake_prometheus.url, request_timeout=0.3).get_metrics(['process_start_time_seconds'])

    assert '(request_timeout)' in raised.value.msg


def test_stop_does_not_take_a_stalling_server_for_stopped(fake_prometheus, make_client, module_fails):
    fake_prometheus.on('GET', '/metrics', stalled_body('process_start_time_seconds 1.79559482e+09\n', 1.0))

    result = module_fails(prometheus_lifecycle.main, dict(url=fake_prometheus.url, state='stopped',
                                                          request_timeout=0.3))

    assert 'request_timeout' in result['msg']
    assert fake_prometheus.requests('POST') == []


def test_stop_with_a_timeout_shorter_than_the_restart_watch_succeeds(make_client):
    server = HTTPServer(host='127.0.0.1', port=0, threaded=True)
    server.expect_request('/metrics').respond_with_data('process_start_time_seconds 1.79559482e+09\n')

    def quit_handler(request):
        threading.Thread(target=server.stop).start()
        return Response('Requesting termination... Goodbye!', status=200, headers={'Connection': 'close'})
    server.expect_request('/-/quit', method='POST').respond_with_handler(quit_handler)
    server.start()

    result = Prometheus(make_client('http://127.0.0.1:%d' % server.port, timeout=_lifecycle.RESTART_WATCH / 2)).stop()

    assert result['stopped'] is True
    assert result['changed'] is True

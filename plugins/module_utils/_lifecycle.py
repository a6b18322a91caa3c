# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""Lifecycle operations on a Prometheus or Alertmanager server.

The server classes know where each product keeps its version, loaded
configuration and reload metrics; the operations (health, readiness, verified
reload, quit) are shared.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import time

from ansible_collections.promops.prometheus.plugins.module_utils._client import (
    ApiError,
    NoAnswer,
    Unreachable,
    excerpt,
)

# How often a wait asks again: small enough that a wait returns within a
# fraction of a second of the server turning ready.
POLL_INTERVAL = 0.1

# After a quit, how long the address must stay silent before Prometheus counts
# as stopped: a supervisor that restarts it (systemd waits 100 ms by default)
# has it listening again well within this.
RESTART_WATCH = 3.0

PARTIAL_RELOAD_MARKER = 'one or more errors occurred while applying the new configuration'


def digest(text):
    return 'sha256:' + hashlib.sha256(text.encode('utf-8')).hexdigest()


class Server:
    """What the two products share; subclasses fill in the product specifics."""

    product = None
    success_metric = None
    timestamp_metric = None

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode

    # product specifics ------------------------------------------------------

    def version(self):
        raise NotImplementedError

    def loaded_config(self):
        raise NotImplementedError

    def reload_forbidden(self, response):
        raise ApiError('POST %s answered HTTP 403: %s' % (
            self.client.url('/-/reload'), excerpt(response.text)), status_code=403)

    def reload_rejected_hint(self, body):
        return ''

    # shared operations ------------------------------------------------------

    def _probe(self, path):
        """Status code of GET path; raises ApiError for transport failures."""
        return self.client.request('GET', path).status_code

    def _attempt(self, path):
        """One GET of path: (200, None), or (status or None, the error saying what went wrong)."""
        try:
            status = self._probe(path)
        except (Unreachable, NoAnswer) as e:
            return None, e
        if status == 200:
            return status, None
        return status, ApiError('GET %s answered HTTP %d' % (self.client.url(path), status), status_code=status)

    def _wait_for(self, path, wait, what):
        """Poll path until it answers 200; return that status code."""
        answered = None
        while True:
            status, last = self._attempt(path)
            if last is None:
                return status
            if not wait:
                raise ApiError('%s is not %s: %s' % (self.product, what, last.msg), **last.details)
            if status is not None:
                answered = last
            if self.client.remaining() <= POLL_INTERVAL:
                raise self._not_become(what, last, answered)
            time.sleep(POLL_INTERVAL)

    def _not_become(self, what, last, answered):
        """The error of a wait that ran out: the last attempt, and the last answer when the deadline cut that attempt."""
        msg = '%s did not become %s within %s s (timeout). Last attempt: %s' % (
            self.product, what, self.client.timeout, last.msg)
        details = dict(last.details)
        if answered is not None and answered is not last:
            msg += ' The last answer before it: %s' % answered.msg
            details.update(answered.details)
        return ApiError(msg, **details)

    def healthy(self, wait):
        status = self._wait_for('/-/healthy', wait, 'healthy')
        _ready_status, not_ready = self._attempt('/-/ready')
        if not_ready is None:
            msg = '%s is healthy and ready' % self.product
        else:
            msg = '%s is healthy but not ready: %s' % (self.product, not_ready.msg)
        result = dict(changed=False, healthy=True, ready=not_ready is None, status_code=status,
                      version=self._or_none(self.version), lifecycle_enabled=self._or_none(self.lifecycle_enabled),
                      msg=msg)
        metrics = self._or_none(self.reload_metrics) or {}
        successful = metrics.get(self.success_metric)
        result.update(reload_successful=None if successful is None else successful == 1.0,
                      reload_timestamp=metrics.get(self.timestamp_metric), elapsed=self.client.elapsed())
        return result

    def ready(self, wait):
        status = self._wait_for('/-/ready', wait, 'ready')
        return dict(changed=False, ready=True, status_code=status, elapsed=self.client.elapsed(),
                    msg='%s is ready' % self.product)

    def lifecycle_enabled(self):
        return True

    @staticmethod
    def _or_none(read):
        """An optional detail: None while the server is not ready or answers in another shape."""
        try:
            return read()
        except (ApiError, KeyError, TypeError, ValueError):
            return None

    def reload_metrics(self):
        return self.client.get_metrics([self.success_metric, self.timestamp_metric])

    def reload_state(self):
        """Digest of the loaded config and the reload metrics, for before/after comparison."""
        return digest(self.loaded_config()), self.reload_metrics()

    def reload(self, wait):
        # A reload sent while the server starts up hangs until start-up ends.
        self._wait_for('/-/ready', wait, 'ready')
        digest_before, metrics_before = self.reload_state()
        result = dict(config_digest_before=digest_before, changed=True)
        if self.check_mode:
            result.update(config_digest_after=digest_before, config_changed=False, reloaded=False,
                          msg='%s would be reloaded (check mode)' % self.product)
            return result

        url = self.client.url('/-/reload')
        # The reload is synchronous: give it the remaining deadline, but for
        # the time to read the metrics if it does not answer.
        reserve = min(self.client.request_timeout, self.client.remaining() / 4)
        try:
            response = self.client.request('POST', '/-/reload', timeout=self.client.remaining() - reserve)
        except NoAnswer as e:
            return self._reload_without_answer(e, result, metrics_before)
        if response.status_code == 403:
            self.reload_forbidden(response)
        if response.status_code not in (200, 500):
            details = dict(result, status_code=response.status_code)
            details['changed'] = False
            raise ApiError('POST %s answered HTTP %d: %s' % (url, response.status_code, excerpt(response.text)),
                           **details)

        digest_after, metrics_after = self.reload_state()
        config_changed = digest_after != digest_before
        result.update(config_digest_after=digest_after, config_changed=config_changed,
                      elapsed=self.client.elapsed())
        if response.status_code == 500:
            body = excerpt(response.text)
            result['changed'] = config_changed
            state = ('The loaded configuration CHANGED (%s -> %s).' % (digest_before, digest_after)
                     if config_changed else 'The running configuration is unchanged.')
            raise ApiError('%s rejected the new configuration: %s. %s%s' % (
                self.product, body, state, self.reload_rejected_hint(body)),
                status_code=500, server_error=body, reloaded=False, reload_outcome='rejected', **result)

        reloaded, before_ts, after_ts = self._reloaded_since(metrics_before, metrics_after)
        if not reloaded:
            raise ApiError(
                '%s answered 200 to POST %s but its metrics do not show a new successful reload '
                '(%s=%s, %s %s -> %s).' % (self.product, url, self.success_metric,
                                           metrics_after.get(self.success_metric), self.timestamp_metric,
                                           before_ts, after_ts),
                reloaded=False, reload_outcome='unknown', **result)
        result.update(reloaded=True, reload_timestamp=after_ts, reload_outcome='applied',
                      msg='%s reloaded its configuration%s' % (
                          self.product, '' if config_changed else ' (no change in the loaded configuration)'))
        return result

    def _reloaded_since(self, metrics_before, metrics_after):
        """(whether the metrics show a successful reload after metrics_before, its time before, its time after)."""
        before_ts = metrics_before.get(self.timestamp_metric, 0.0)
        after_ts = metrics_after.get(self.timestamp_metric)
        reloaded = metrics_after.get(self.success_metric) == 1.0 and after_ts is not None and after_ts > before_ts
        return reloaded, before_ts, after_ts

    def _reload_without_answer(self, error, result, metrics_before):
        """A reload that did not answer in time: applied, rejected or still unknown, by the reload metrics."""
        try:
            metrics_after = self.reload_metrics()
        except ApiError:
            metrics_after = {}
        reloaded, before_ts, after_ts = self._reloaded_since(metrics_before, metrics_after)
        if reloaded:
            result.update(reloaded=True, reload_timestamp=after_ts, reload_outcome='applied',
                          elapsed=self.client.elapsed(),
                          msg='%s did not answer the reload in time (%s), but its metrics show a successful reload '
                              'since: the new configuration is applied' % (self.product, error.msg))
            return result
        if metrics_after.get(self.success_metric) == 0.0 and metrics_before.get(self.success_metric) == 1.0:
            raise ApiError('%s did not answer the reload in time (%s), and its metrics show the reload failed '
                           '(%s=0): it rejected the new configuration; the cause is in its log.'
                           % (self.product, error.msg, self.success_metric),
                           reloaded=False, reload_outcome='rejected', **result)
        raise ApiError('%s did not answer the reload in time (%s), and its metrics show no reload since (%s %s -> %s): '
                       'it may still be applying it. This is not a rejection: nothing was put back; check the server, '
                       'and run again.' % (self.product, error.msg, self.timestamp_metric, before_ts, after_ts),
                       reloaded=False, reload_outcome='unknown', **result)


class Prometheus(Server):
    product = 'Prometheus'
    success_metric = 'prometheus_config_last_reload_successful'
    timestamp_metric = 'prometheus_config_last_reload_success_timestamp_seconds'

    def version(self):
        return self.client.get_json('/api/v1/status/buildinfo')['data']['version']

    def lifecycle_enabled(self):
        return self.client.get_json('/api/v1/status/flags')['data']['web.enable-lifecycle'] == 'true'

    def loaded_config(self):
        try:
            return self.client.get_json('/api/v1/status/config')['data']['yaml']
        except (KeyError, TypeError):
            raise ApiError('GET %s did not return a configuration document; is url pointing at Prometheus?'
                           % self.client.url('/api/v1/status/config'))

    def _lifecycle_disabled(self, path, response, remedy):
        raise ApiError(
            'Prometheus refused POST %s (HTTP 403: %s): the lifecycle API is disabled. Start Prometheus '
            'with --web.enable-lifecycle %s' % (self.client.url(path), excerpt(response.text), remedy),
            status_code=403, lifecycle_enabled=False)

    def reload_forbidden(self, response):
        self._lifecycle_disabled('/-/reload', response, 'to allow reload and quit through the API.')

    def reload_rejected_hint(self, body):
        if PARTIAL_RELOAD_MARKER in body:
            return (' Prometheus applied the parts of the new configuration it could and kept the old '
                    'state where it failed (often a rule file); it reports the cause only in its log. '
                    'Run `promtool check config` on the configuration file to see the error.')
        return ''

    def _start_time(self):
        """process_start_time_seconds: /metrics answers even before the server is ready."""
        return self.client.get_metrics(['process_start_time_seconds']).get('process_start_time_seconds')

    def stop(self):
        try:
            started = self._start_time()
        except Unreachable:
            return dict(changed=False, stopped=True, msg='Prometheus is not running (nothing answers at %s)'
                        % self.client.base_url)
        if self.check_mode:
            return dict(changed=True, stopped=False, msg='Prometheus would be asked to quit (check mode)')
        url = self.client.url('/-/quit')
        try:
            response = self.client.request('POST', '/-/quit')
        except Unreachable:
            # It may exit before its answer is sent: the watch below tells whether it is gone.
            response = None
        if response is not None and response.status_code == 403:
            self._lifecycle_disabled('/-/quit', response,
                                     'to allow quit through the API, or stop it through its service manager.')
        if response is not None and response.status_code != 200:
            raise ApiError('POST %s answered HTTP %d: %s' % (url, response.status_code, excerpt(response.text)),
                           status_code=response.status_code)
        gone_since = None
        while True:
            try:
                now = self._start_time()
            except Unreachable:
                now = None
                gone_since = gone_since or time.monotonic()
            except ApiError:
                now = gone_since = None
            else:
                gone_since = None
            out_of_time = self.client.remaining() <= POLL_INTERVAL
            # Gone at the last poll: watch for a restart, but not past the task's deadline.
            if gone_since is not None and (time.monotonic() - gone_since >= RESTART_WATCH or out_of_time):
                return dict(changed=True, stopped=True, elapsed=self.client.elapsed(), msg='Prometheus quit')
            if now is not None and started is not None and now != started:
                raise ApiError(
                    'Prometheus quit, but a new Prometheus process answers at %s (process start time %s, '
                    'was %s): a supervisor restarted it, e.g. a systemd unit with Restart=always. Stop it '
                    'through the service manager instead (ansible.builtin.systemd_service state=stopped).'
                    % (self.client.base_url, now, started), restarted=True, stopped=False)
            if out_of_time:
                raise ApiError('Prometheus accepted POST %s but still answers %s s later (timeout).'
                               % (url, self.client.timeout), stopped=False)
            time.sleep(POLL_INTERVAL)


class Alertmanager(Server):
    product = 'Alertmanager'
    success_metric = 'alertmanager_config_last_reload_successful'
    timestamp_metric = 'alertmanager_config_last_reload_success_timestamp_seconds'

    def _status(self):
        return self.client.get_json('/api/v2/status')

    def version(self):
        return self._status()['versionInfo']['version']

    def loaded_config(self):
        try:
            return self._status()['config']['original']
        except (KeyError, TypeError):
            raise ApiError('GET %s did not return a configuration document; is url pointing at Alertmanager?'
                           % self.client.url('/api/v2/status'))

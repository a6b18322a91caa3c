#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: prometheus_lifecycle
short_description: Check, wait for, reload and stop Prometheus through its management API
version_added: 0.1.0
description:
  - Checks that Prometheus is healthy, waits until it is ready, reloads its configuration and verifies
    the reload, or asks it to quit, through the endpoints C(/-/healthy), C(/-/ready), C(/-/reload) and
    C(/-/quit).
  - A reload is verified through the reload metrics and a digest of the loaded configuration taken
    before and after; a rejected configuration fails the task with Prometheus' own error text.
  - Reload and quit need Prometheus started with C(--web.enable-lifecycle).
  - Runs where the task runs, so O(url) is as seen from that host (use C(delegate_to) to call from the controller).
author:
  - promops maintainers (@promops)
extends_documentation_fragment:
  - promops.prometheus.connection
  - promops.prometheus.attributes
options:
  url:
    description:
      - Base URL of Prometheus, including any C(--web.route-prefix) path, for example V(http://127.0.0.1:9090/prometheus).
      - It may hold credentials for basic authentication (C(https://user:password@host:port)); see O(url_username).
    type: str
    default: http://127.0.0.1:9090
  state:
    description:
      - V(healthy) checks C(/-/healthy) and returns the version. It also checks C(/-/ready) once, without
        waiting, and reports the outcome in RV(ready); a server that is healthy but not ready does not fail
        the task.
      - V(ready) waits until C(/-/ready) answers 200; a refused connection counts as not up yet.
      - V(reloaded) waits for readiness, sends C(POST /-/reload) and verifies that the reload took effect.
        The task reports C(changed) whenever a reload was performed; RV(config_changed) says whether the loaded
        configuration differs from before.
      - V(stopped) sends C(POST /-/quit) and waits until Prometheus no longer answers, then watches the address
        for 3 more seconds, or until O(timeout) runs out if that comes first. If a supervisor (such as a systemd
        unit with C(Restart=always)) starts it again, the task fails and says so. A Prometheus that is not running is left as it is.
    type: str
    choices: [healthy, ready, reloaded, stopped]
    default: healthy
  wait:
    description:
      - Wait up to O(timeout) for Prometheus to become healthy (V(healthy)) or ready (V(ready), V(reloaded)).
      - With V(false) the task fails at once when Prometheus is not healthy or ready.
    type: bool
    default: true
notes:
  - Before it is ready, a reload sent to Prometheus hangs until start-up has finished, so O(state=reloaded) waits
    for readiness first.
  - A reload that fails after the configuration was parsed (for example on a broken rule file) applies the
    other parts of the new configuration; Prometheus then reports only a generic error and logs the cause.
    The task says so, and whether the loaded configuration changed. C(promtool check config) shows the error.
seealso:
  - module: promops.prometheus.alertmanager_lifecycle
  - name: Prometheus management API
    description: Endpoints for health, readiness, reload and quit.
    link: https://prometheus.io/docs/prometheus/latest/management_api/
'''

EXAMPLES = r'''
- name: Wait until Prometheus is ready after a start
  promops.prometheus.prometheus_lifecycle:
    state: ready
    timeout: 300

- name: Reload the configuration and fail with Prometheus' error if it is rejected
  promops.prometheus.prometheus_lifecycle:
    url: https://prometheus.example.com:9090
    state: reloaded
    url_username: admin
    url_password: "{{ prometheus_admin_password }}"
    ca_path: /etc/prometheus/ca.pem
  register: reload

- name: Show whether the loaded configuration changed
  ansible.builtin.debug:
    msg: "{{ reload.config_changed }}"

- name: Set the connection once for every lifecycle task of a play
  hosts: prometheus
  module_defaults:
    group/promops.prometheus.lifecycle:
      url_username: admin
      url_password: "{{ prometheus_admin_password }}"
  tasks:
    - name: Check health
      promops.prometheus.prometheus_lifecycle:
        state: healthy
'''

RETURN = r'''
msg:
  description: What was done or found.
  returned: always
  type: str
  sample: Prometheus reloaded its configuration
healthy:
  description: Whether C(/-/healthy) answered 200.
  returned: O(state=healthy)
  type: bool
  sample: true
ready:
  description: Whether C(/-/ready) answered 200 (with O(state=healthy), to its one check).
  returned: O(state=ready) or O(state=healthy)
  type: bool
  sample: true
status_code:
  description: HTTP status of the last health or readiness check.
  returned: O(state=healthy) or O(state=ready)
  type: int
  sample: 200
version:
  description: Prometheus version from C(/api/v1/status/buildinfo); null while Prometheus is not yet ready.
  returned: O(state=healthy)
  type: str
  sample: 2.53.3
lifecycle_enabled:
  description: Whether the reload endpoint is enabled; C(--web.enable-lifecycle) is set (from C(/api/v1/status/flags)); null while Prometheus is not yet ready.
  returned: O(state=healthy)
  type: bool
  sample: true
reload_successful:
  description: Whether the last configuration reload succeeded (C(prometheus_config_last_reload_successful)).
  returned: O(state=healthy)
  type: bool
  sample: true
elapsed:
  description: Seconds the task spent, waits included.
  returned: success
  type: float
  sample: 0.42
reloaded:
  description: Whether a reload was performed and verified (false in check mode).
  returned: O(state=reloaded)
  type: bool
  sample: true
reload_outcome:
  description:
    - What became of the reload. V(applied) the server runs the new configuration (also when it did not answer in
      time but its reload metrics show a successful reload since); V(rejected) it refused it (its answer, or its
      metrics when it did not answer); V(unknown) it did not answer in time and its metrics show no reload yet,
      so it may still apply it (not a rejection).
  returned: O(state=reloaded) and a reload was sent
  type: str
  sample: applied
config_changed:
  description: Whether the configuration loaded after the reload differs from the one before it.
  returned: O(state=reloaded)
  type: bool
  sample: true
config_digest_before:
  description: SHA-256 of the loaded configuration (C(/api/v1/status/config)) before the reload.
  returned: O(state=reloaded)
  type: str
  sample: sha256:5f1c...
config_digest_after:
  description: SHA-256 of the loaded configuration after the reload.
  returned: O(state=reloaded)
  type: str
  sample: sha256:9a0b...
reload_timestamp:
  description:
    - Value of C(prometheus_config_last_reload_success_timestamp_seconds), in seconds since the epoch.
    - With O(state=reloaded), after the reload; with O(state=healthy), the time of the last successful reload
      (or of the start).
  returned: O(state=healthy), or O(state=reloaded) and a reload was performed
  type: float
  sample: 1764057600.123
stopped:
  description: Whether Prometheus no longer answers.
  returned: O(state=stopped)
  type: bool
  sample: true
'''

from ansible_collections.promops.prometheus.plugins.module_utils._module import run_lifecycle_module


def main():
    run_lifecycle_module('prometheus')


if __name__ == '__main__':
    main()

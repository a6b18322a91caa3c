#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: alertmanager_lifecycle
short_description: Check, wait for and reload Alertmanager through its management API
version_added: 0.1.0
description:
  - Checks that Alertmanager is healthy, waits until it is ready, or reloads its configuration and
    verifies the reload, through the endpoints C(/-/healthy), C(/-/ready) and C(/-/reload).
  - A reload is verified through the reload metrics and a digest of the loaded configuration
    (C(/api/v2/status)) taken before and after; a rejected configuration fails the task with
    Alertmanager's own error text, and Alertmanager keeps running on its previous configuration.
  - Alertmanager has no quit endpoint; stop it through its service manager.
  - Runs where the task runs, so O(url) is as seen from that host (use C(delegate_to) to call from the controller).
author:
  - promops maintainers (@promops)
extends_documentation_fragment:
  - promops.prometheus.connection
  - promops.prometheus.attributes
options:
  url:
    description:
      - Base URL of Alertmanager, including any C(--web.route-prefix) path, for example V(http://127.0.0.1:9093/alertmanager).
      - It may hold credentials for basic authentication (C(https://user:password@host:port)); see O(url_username).
    type: str
    default: http://127.0.0.1:9093
  state:
    description:
      - V(healthy) checks C(/-/healthy) and returns the version. It also checks C(/-/ready) once, without
        waiting, and reports the outcome in RV(ready); a server that is healthy but not ready does not fail
        the task.
      - V(ready) waits until C(/-/ready) answers 200. Alertmanager opens its port only once its configuration
        is loaded, so a refused connection counts as not up yet.
      - V(reloaded) waits for readiness, sends C(POST /-/reload) and verifies that the reload took effect.
        The task reports C(changed) whenever a reload was performed (every reload restarts Alertmanager's
        notification groups); RV(config_changed) says whether the loaded configuration differs from before.
    type: str
    choices: [healthy, ready, reloaded]
    default: healthy
  wait:
    description:
      - Wait up to O(timeout) for Alertmanager to become healthy (V(healthy)) or ready (V(ready), V(reloaded)).
      - With V(false) the task fails at once when Alertmanager is not healthy or ready.
    type: bool
    default: true
seealso:
  - module: promops.prometheus.prometheus_lifecycle
  - name: Alertmanager management API
    description: Endpoints for health, readiness and reload.
    link: https://prometheus.io/docs/alerting/latest/management_api/
'''

EXAMPLES = r'''
- name: Wait until Alertmanager answers after a start
  promops.prometheus.alertmanager_lifecycle:
    state: ready

- name: Reload the configuration; fails with Alertmanager's error if it is rejected
  promops.prometheus.alertmanager_lifecycle:
    url: http://127.0.0.1:9093
    state: reloaded
  register: reload

- name: Check health from the controller
  promops.prometheus.alertmanager_lifecycle:
    url: "http://{{ inventory_hostname }}:9093"
  delegate_to: localhost
'''

RETURN = r'''
msg:
  description: What was done or found.
  returned: always
  type: str
  sample: Alertmanager reloaded its configuration
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
  description: Alertmanager version from C(/api/v2/status).
  returned: O(state=healthy)
  type: str
  sample: 0.28.1
lifecycle_enabled:
  description: Whether the reload endpoint is enabled; always true, since Alertmanager's reload endpoint cannot be switched off.
  returned: O(state=healthy)
  type: bool
  sample: true
reload_successful:
  description: Whether the last configuration reload succeeded (C(alertmanager_config_last_reload_successful)).
  returned: O(state=healthy)
  type: bool
  sample: true
elapsed:
  description: Seconds the task spent, waits included.
  returned: success
  type: float
  sample: 0.21
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
  sample: false
config_digest_before:
  description: SHA-256 of the loaded configuration (C(config.original) of C(/api/v2/status)) before the reload.
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
    - Value of C(alertmanager_config_last_reload_success_timestamp_seconds), in seconds since the epoch.
    - With O(state=reloaded), after the reload; with O(state=healthy), the time of the last successful reload
      (or of the start).
  returned: O(state=healthy), or O(state=reloaded) and a reload was performed
  type: float
  sample: 1764057600.0
'''

from ansible_collections.promops.prometheus.plugins.module_utils._module import run_lifecycle_module


def main():
    run_lifecycle_module('alertmanager')


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: server_lifecycle
short_description: Check, wait for, reload and stop Prometheus or Alertmanager, the product given as an option
version_added: 0.2.0
description:
  - The lifecycle operations of M(promops.prometheus.prometheus_lifecycle) and
    M(promops.prometheus.alertmanager_lifecycle) in one module whose O(product) option says which server
    it talks to, for roles and playbooks that serve both products with the same tasks (a module name
    cannot come from a variable).
  - Health, readiness waits, verified reloads (a rejected configuration fails the task with the server's
    own error text) and, for Prometheus, quit; see those modules for the details of each product.
  - Runs where the task runs, so O(url) is as seen from that host.
author:
  - promops maintainers (@promops)
extends_documentation_fragment:
  - promops.prometheus.connection
  - promops.prometheus.attributes
options:
  product:
    description:
      - The server at O(url).
    type: str
    choices: [prometheus, alertmanager]
    required: true
  url:
    description:
      - Base URL of the server, including any C(--web.route-prefix) path.
      - Default V(http://127.0.0.1:9090) for Prometheus, V(http://127.0.0.1:9093) for Alertmanager.
      - It may hold credentials for basic authentication (C(https://user:password@host:port)); see O(url_username).
    type: str
  state:
    description:
      - V(healthy) checks C(/-/healthy) and, once and without waiting, C(/-/ready).
      - V(ready) waits until C(/-/ready) answers 200.
      - V(reloaded) waits for readiness, sends C(POST /-/reload) and verifies that the reload took effect.
      - V(stopped) asks Prometheus to quit (C(POST /-/quit)); Alertmanager has no such endpoint.
      - V(converged) checks, without changing anything, that the server runs what O(expect) describes, and
        returns each difference and what heals it (RV(heal)). It reads files and C(/proc) on the host it runs
        on, so it must run on the server's host.
    type: str
    choices: [converged, healthy, ready, reloaded, stopped]
    default: healthy
  expect:
    description:
      - What the server must run, for O(state=converged). Each suboption that is set is checked.
      - With O(state=converged) or O(state=healthy), O(expect.argv) also says where the server listens
        (C(--web.listen-address)). Each address beyond loopback is asked for C(/-/ready) once, without
        credentials and without a client certificate, and RV(api_access) tells whether it answered. With
        O(state=converged), a server that runs its unit and answers anyone gets a warning that names the risk
        and the fix.
    type: dict
    suboptions:
      files:
        description:
          - Files the server loads on a reload. None may be newer than the server's last successful reload
            (its C(*_config_last_reload_success_timestamp_seconds) metric), and that reload must have
            succeeded (C(*_config_last_reload_successful)). A difference is healed by a reload.
        type: list
        elements: path
        default: []
      config_file:
        description:
          - Alertmanager's configuration file. Its C(alertmanager_config_hash) metric (from the bytes of the file
            it loaded) must be the hash of this file. A difference is healed by a reload.
        type: path
      rule_groups:
        description:
          - Prometheus' rule groups, each by the absolute path of its file and its name, that
            C(/api/v1/rules) must show loaded. A difference is healed by a reload.
        type: list
        elements: dict
        suboptions:
          file:
            description: Absolute path of the rule file.
            type: path
            required: true
          name:
            description: Name of the group.
            type: str
            required: true
      argv:
        description:
          - The command line the unit starts, word by word. The main process of O(expect.service) must run
            exactly these words (read from C(/proc/<pid>/cmdline)). A difference is healed by a restart.
        type: list
        elements: str
      service:
        description: The systemd service whose main process O(expect.argv) is compared with.
        type: str
      tls:
        description:
          - Whether the server must serve TLS at O(url)'s address. Both servers decide it at start, from
            their web configuration, so a difference is healed by a restart.
        type: bool
  wait:
    description:
      - Wait up to O(timeout) for the server to become healthy (V(healthy)) or ready (V(ready), V(reloaded)).
    type: bool
    default: true
seealso:
  - module: promops.prometheus.prometheus_lifecycle
  - module: promops.prometheus.alertmanager_lifecycle
'''

EXAMPLES = r'''
- name: Reload whichever server this role deploys
  promops.prometheus.server_lifecycle:
    product: "{{ server_product }}"
    url: "{{ server_url }}"
    state: reloaded

- name: Check that Prometheus runs the configuration file and rule file on disk, and the unit's flags
  promops.prometheus.server_lifecycle:
    product: prometheus
    state: converged
    expect:
      files: [/etc/prometheus/prometheus.yml, /etc/prometheus/rules/node.yml]
      rule_groups:
        - {file: /etc/prometheus/rules/node.yml, name: node}
      service: prometheus
      argv: [/usr/bin/prometheus, --config.file=/etc/prometheus/prometheus.yml, --web.enable-lifecycle]
  register: running

- name: Set the product and the connection once for a block
  module_defaults:
    group/promops.prometheus.lifecycle:
      product: alertmanager
      url: https://127.0.0.1:9093
      ca_path: /etc/alertmanager/ca.pem
  block:
    - name: Alertmanager is ready
      promops.prometheus.server_lifecycle:
        state: ready
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
version:
  description: The server's version; null while it is not yet ready.
  returned: O(state=healthy)
  type: str
  sample: 0.28.1
lifecycle_enabled:
  description: Whether the reload endpoint is enabled (always true for Alertmanager); null while not ready.
  returned: O(state=healthy)
  type: bool
  sample: true
reload_successful:
  description: Whether the last configuration reload succeeded, from the server's reload metric.
  returned: O(state=healthy)
  type: bool
  sample: true
reload_timestamp:
  description: Time of the last successful reload (or of the start), in seconds since the epoch.
  returned: O(state=healthy), or O(state=reloaded) and a reload was performed
  type: float
  sample: 1764057600.0
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
server_error:
  description: The server's own answer to a rejected reload.
  returned: a rejected reload
  type: str
  sample: 'failed to reload config: undefined receiver "nosuch" used in route'
converged:
  description: Whether the server runs what O(expect) describes.
  returned: O(state=converged)
  type: bool
  sample: false
differences:
  description: Each way the server differs from O(expect), in words.
  returned: O(state=converged)
  type: list
  elements: str
  sample: ['/etc/prometheus/prometheus.yml changed after its last successful reload (file 1764450001.250, reload 1764449000.1)']
heal:
  description: What heals the differences, V(reload) or V(restart) (a restart when any difference needs one), or null.
  returned: O(state=converged)
  type: str
  sample: reload
api_access:
  description:
    - V(loopback) when the server listens on loopback addresses only, V(open) when an address beyond loopback
      answers without credentials (anyone who reaches it can reload the server, and stop Prometheus), else
      V(protected) (basic auth or client certificates asked for).
  returned: O(expect.argv) is set, with O(state=converged) when the server runs it, or O(state=healthy) when the
    server is ready
  type: str
  sample: open
open_api:
  description: The listen addresses (C(--web.listen-address)) that answered without credentials.
  returned: when RV(api_access) is
  type: list
  elements: str
  sample: ['0.0.0.0:9090']
stopped:
  description: Whether Prometheus no longer answers.
  returned: O(state=stopped)
  type: bool
  sample: true
elapsed:
  description: Seconds the task spent, waits included.
  returned: success
  type: float
  sample: 0.42
'''

from ansible_collections.promops.prometheus.plugins.module_utils._module import run_server_lifecycle_module


def main():
    run_server_lifecycle_module()


if __name__ == '__main__':
    main()

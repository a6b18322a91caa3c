# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""The main() of the lifecycle modules: argument spec, dispatch, one exit path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError, Client, connection_module
from ansible_collections.promops.prometheus.plugins.module_utils._converged import converged
from ansible_collections.promops.prometheus.plugins.module_utils._exposure import OPEN, api_access, open_api_warning
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import Alertmanager, Prometheus


# The servers each module can talk to: product option value -> (class, default URL, states).
PRODUCTS = dict(
    prometheus=(Prometheus, 'http://127.0.0.1:9090', ('healthy', 'ready', 'reloaded', 'stopped')),
    alertmanager=(Alertmanager, 'http://127.0.0.1:9093', ('healthy', 'ready', 'reloaded')),
)


# What state=converged compares (server_lifecycle's documentation says what each means).
EXPECT_SPEC = dict(
    files=dict(type='list', elements='path', default=[]),
    config_file=dict(type='path'),
    rule_groups=dict(type='list', elements='dict', options=dict(file=dict(type='path', required=True),
                                                                name=dict(type='str', required=True))),
    argv=dict(type='list', elements='str'),
    service=dict(type='str'),
    tls=dict(type='bool'),
)


def main_pid(module, service):
    """The main process of a systemd service, or None (no service given, or it does not run)."""
    if not service:
        return None
    rc, out, err = module.run_command(['systemctl', 'show', '--property', 'MainPID', '--value', service])
    if rc != 0:
        module.fail_json(msg='systemctl show %s failed: %s' % (service, (err or out).strip()))
    pid = int(out.strip() or 0)
    return pid or None


def lifecycle_module(url_default, states, **options):
    options.update(
        url=dict(type='str', default=url_default),
        state=dict(type='str', default='healthy', choices=list(states)),
        wait=dict(type='bool', default=True),
    )
    return connection_module(options)


def run_lifecycle_module(product):
    """main() of prometheus_lifecycle and alertmanager_lifecycle."""
    server_class, default_url, states = PRODUCTS[product]
    module = lifecycle_module(default_url, states)
    run(module, server_class)


def run_server_lifecycle_module():
    """main() of server_lifecycle: the product is an option, and so is the URL."""
    states = sorted(set(state for dummy, dummy, product_states in PRODUCTS.values() for state in product_states))
    module = lifecycle_module(None, states + ['converged'], product=dict(type='str', required=True, choices=sorted(PRODUCTS)),
                              expect=dict(type='dict', options=EXPECT_SPEC))
    server_class, default_url, product_states = PRODUCTS[module.params['product']]
    if module.params['state'] not in product_states + ('converged',):
        module.fail_json(msg='state=%s is not supported for %s; use one of: %s.' % (
            module.params['state'], server_class.product, ', '.join(product_states)))
    if module.params['url'] is None:
        module.params['url'] = default_url
    run(module, server_class)


def run(module, server_class):
    params = module.params
    try:
        # Refuses a wrong url or timeout before any request.
        client = Client(params, server_class.product)
    except ApiError as e:
        module.fail_json(msg=e.msg, **e.details)
    server = server_class(client, check_mode=module.check_mode)
    state = params['state']
    try:
        if state == 'healthy':
            result = server.healthy(params['wait'])
        elif state == 'ready':
            result = server.ready(params['wait'])
        elif state == 'reloaded':
            result = server.reload(params['wait'])
        elif state == 'converged':
            result = converged(server, params['expect'] or {}, main_pid(module, (params['expect'] or {}).get('service')))
        else:
            result = server.stop()
    except ApiError as e:
        module.fail_json(msg=e.msg, **e.details)
    # Asked of a server that runs its unit and is ready: the probe reads /-/ready.
    argv = (params.get('expect') or {}).get('argv')
    if argv and result.get({'converged': 'converged', 'healthy': 'ready'}.get(state, '')):
        result['api_access'], result['open_api'] = api_access(client, argv)
        if result['api_access'] == OPEN and state == 'converged':
            module.warn(open_api_warning(server.product, result['open_api']))
    module.exit_json(**result)

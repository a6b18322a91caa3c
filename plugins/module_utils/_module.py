# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""The main() of the lifecycle modules: argument spec, dispatch, one exit path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.promops.prometheus.plugins.module_utils._client import (
    CONNECTION_MUTUALLY_EXCLUSIVE,
    CONNECTION_REQUIRED_BY,
    CONNECTION_REQUIRED_TOGETHER,
    REQUESTS_IMPORT_ERROR,
    ApiError,
    Client,
    ConnectionModule,
    connection_argument_spec,
)
from ansible_collections.promops.prometheus.plugins.module_utils._lifecycle import Alertmanager, Prometheus


# The servers each module can talk to: product option value -> (class, default URL, states).
PRODUCTS = dict(
    prometheus=(Prometheus, 'http://127.0.0.1:9090', ('healthy', 'ready', 'reloaded', 'stopped')),
    alertmanager=(Alertmanager, 'http://127.0.0.1:9093', ('healthy', 'ready', 'reloaded')),
)


def lifecycle_module(url_default, states, **options):
    argument_spec = connection_argument_spec()
    argument_spec.update(
        url=dict(type='str', default=url_default),
        state=dict(type='str', default='healthy', choices=list(states)),
        wait=dict(type='bool', default=True),
        **options
    )
    # Keeps a password written into url out of every result, a failed argument check's included.
    module = ConnectionModule(
        argument_spec=argument_spec,
        mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE,
        required_together=CONNECTION_REQUIRED_TOGETHER,
        required_by=CONNECTION_REQUIRED_BY,
        supports_check_mode=True,
    )
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    return module


def run_lifecycle_module(product):
    """main() of prometheus_lifecycle and alertmanager_lifecycle."""
    server_class, default_url, states = PRODUCTS[product]
    module = lifecycle_module(default_url, states)
    run(module, server_class)


def run_server_lifecycle_module():
    """main() of server_lifecycle: the product is an option, and so is the URL."""
    states = sorted(set(state for dummy, dummy, product_states in PRODUCTS.values() for state in product_states))
    module = lifecycle_module(None, states, product=dict(type='str', required=True, choices=sorted(PRODUCTS)))
    server_class, default_url, product_states = PRODUCTS[module.params['product']]
    if module.params['state'] not in product_states:
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
        else:
            result = server.stop()
    except ApiError as e:
        module.fail_json(msg=e.msg, **e.details)
    module.exit_json(**result)

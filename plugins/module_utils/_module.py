# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE to promops.prometheus: it may change without notice.
"""The one main() both lifecycle modules share: argument spec, dispatch, one exit path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.promops.prometheus.plugins.module_utils._client import (
    CONNECTION_MUTUALLY_EXCLUSIVE,
    CONNECTION_REQUIRED_BY,
    CONNECTION_REQUIRED_TOGETHER,
    REQUESTS_IMPORT_ERROR,
    ApiError,
    Client,
    connection_argument_spec,
)


def run_lifecycle_module(server_class, default_url, states):
    argument_spec = connection_argument_spec()
    argument_spec.update(
        url=dict(type='str', default=default_url),
        state=dict(type='str', default='healthy', choices=list(states)),
        wait=dict(type='bool', default=True),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=CONNECTION_MUTUALLY_EXCLUSIVE,
        required_together=CONNECTION_REQUIRED_TOGETHER,
        required_by=CONNECTION_REQUIRED_BY,
        supports_check_mode=True,
    )
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)

    params = module.params
    if not params['url'].startswith(('http://', 'https://')):
        module.fail_json(msg='url must start with http:// or https://, got %r.' % params['url'])
    if params['timeout'] <= 0 or params['request_timeout'] <= 0:
        module.fail_json(msg='timeout and request_timeout must be positive numbers of seconds.')

    server = server_class(Client(params, server_class.product), check_mode=module.check_mode)
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

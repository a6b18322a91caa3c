#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: alertmanager_silence
short_description: Create, extend and expire Alertmanager silences
version_added: 0.2.0
description:
  - Makes Alertmanager hold one silence, or none, through its API v2 (C(/api/v2/silences)).
  - B(Which silence is "the same".) An active or pending silence with the same set of O(matchers) (in any order),
    the same O(created_by) and the same O(comment) is the one the task manages. Silences of other creators or with
    another comment are never touched, even when their matchers are the same. When there are several, the task
    keeps to the one that already fits, or else to the one that ends last; O(state=absent) expires all of them.
  - B(When it changes.) With O(ends_at), the silence must end at that time (to the millisecond) and start at
    O(starts_at) (a start in the past means "already started"). With O(duration), the silence must be active
    and end at now + O(duration), give or take a tolerance of a tenth of the duration (at least 5 seconds, at
    most 5 minutes). So running the task again soon after changes nothing and returns the same RV(silence_id),
    while a run later on (a maintenance playbook started again after 30 minutes, say) extends the silence to
    now + O(duration), and a shorter O(duration) shortens it. Durations count on the clock of the host the task
    runs on.
  - B(How it changes.) An update keeps the silence's id when Alertmanager allows it. Alertmanager expires a
    silence and creates a new one, with a new id, when a change would rewrite its history (a new start for an
    active silence, a start in the past for a pending one); the task returns the new id.
  - Matchers are checked before any request; a malformed one fails the task, naming the matcher and what is
    wrong with it.
  - Runs where the task runs, so O(url) is as seen from that host (use C(delegate_to) to call from the controller).
author:
  - promops maintainers (@promops)
extends_documentation_fragment:
  - promops.prometheus.connection
attributes:
  check_mode:
    description: Reads the silences and reports what would change; sends no C(POST) or C(DELETE).
    support: full
  diff_mode:
    description: Shows the silence before and after (matchers, times, creator, comment).
    support: full
  action_group:
    description: Use C(group/promops.prometheus.lifecycle) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - promops.prometheus.lifecycle
options:
  url:
    description:
      - Base URL of Alertmanager, including any C(--web.route-prefix) path, for example V(http://127.0.0.1:9093/alertmanager).
      - It may hold credentials for basic authentication (C(https://user:password@host:port)); see O(url_username).
    type: str
    default: http://127.0.0.1:9093
  matchers:
    description:
      - The silence's matchers, one per item, in Alertmanager's own syntax C(name="value"), C(name!="value"),
        C(name=~"regex") or C(name!~"regex"), for example V(alertname="Watchdog") or V(instance=~"web-.*").
      - The value is always in double quotes; inside them, C(\\) and C(\") stand for a backslash and a double
        quote, and other backslashes stay as they are (V(instance=~"web-\\d+") is the regex C(web-\d+)).
        Regular expressions are Go's (RE2) and match the whole label value.
      - Label names are the classic ones (letters, digits and C(_), not starting with a digit). Alertmanager 0.28
        and later also take other UTF-8 label names, written in double quotes, for example V("service.name"="checkout").
      - At least one matcher must not match the empty string (Alertmanager refuses to silence everything).
    type: list
    elements: str
    required: true
  comment:
    description:
      - The silence's comment. Part of what makes a silence "the same" (see above).
    type: str
    required: true
  created_by:
    description:
      - The silence's author. Part of what makes a silence "the same" (see above).
    type: str
    default: ansible
  duration:
    description:
      - How long the silence lasts from now, as a Go-style duration such as V(2h), V(1h30m), V(90s) or V(1.5h)
        (units V(w), V(d), V(h), V(m), V(s), V(ms)).
      - See above for when an existing silence counts as ending at the right time.
      - With O(state=present), one of O(duration) and O(ends_at) is required. Mutually exclusive with
        O(starts_at) and O(ends_at).
    type: str
  starts_at:
    description:
      - When the silence starts, as an RFC 3339 / ISO 8601 time with a time zone, for example
        V(2026-12-01T22:00:00+01:00) or V(2026-12-01T21:00:00Z). With O(state=present), needs O(ends_at).
      - Default is now; a time in the past also means now.
    type: str
  ends_at:
    description:
      - When the silence ends, as an RFC 3339 / ISO 8601 time with a time zone. It must be in the future and
        after O(starts_at).
    type: str
  state:
    description:
      - V(present) makes Alertmanager hold the silence, creating or updating it.
      - V(absent) expires it (Alertmanager keeps expired silences for its C(--data.retention) and then drops
        them). A silence that does not exist or has expired already changes nothing. O(duration), O(starts_at)
        and O(ends_at) are ignored.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Alertmanagers of a cluster share their silences; talk to any one of them.
seealso:
  - module: promops.prometheus.alertmanager_lifecycle
  - name: Alertmanager API v2
    description: The OpenAPI description of the silences endpoints.
    link: https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
  - name: Alertmanager matchers
    description: The matcher syntax the O(matchers) follow.
    link: https://prometheus.io/docs/alerting/latest/configuration/#matcher
'''

EXAMPLES = r'''
- name: Silence the web servers' alerts during the maintenance (re-running later extends it)
  promops.prometheus.alertmanager_silence:
    url: http://127.0.0.1:9093
    matchers:
      - instance=~"web-\d+:9100"
      - severity!="critical"
    comment: Kernel upgrade of the web servers
    duration: 2h
  register: maintenance

- name: Maintenance window booked ahead
  promops.prometheus.alertmanager_silence:
    matchers:
      - job="backup"
    comment: Storage migration, change CHG-1234
    created_by: ops-team
    starts_at: "2026-12-05T22:00:00+01:00"
    ends_at: "2026-12-06T02:00:00+01:00"

- name: Maintenance over, alerts back on
  promops.prometheus.alertmanager_silence:
    matchers:
      - instance=~"web-\d+:9100"
      - severity!="critical"
    comment: Kernel upgrade of the web servers
    state: absent

- name: Silence the always-firing Watchdog alert, from the controller
  promops.prometheus.alertmanager_silence:
    url: "http://{{ inventory_hostname }}:9093"
    matchers: ['alertname="Watchdog"']
    comment: Dead man's switch, checked elsewhere
    duration: 52w
  delegate_to: localhost
'''

RETURN = r'''
msg:
  description: What was done or found.
  returned: always
  type: str
  sample: Created silence 4a6e0b1c-1f0e-4f2b-9d2e-0c8f5d0e7a11 until 2026-12-01T23:00:00.000Z
silence_id:
  description:
    - Id of the silence. After an update, the id Alertmanager returned, which is a new one when it replaced
      the silence.
    - With O(state=absent), the id of the (first) silence expired.
    - V(null) for a silence that check mode would create, and with O(state=absent) when there was none.
  returned: always
  type: str
  sample: 4a6e0b1c-1f0e-4f2b-9d2e-0c8f5d0e7a11
silence:
  description:
    - The silence as Alertmanager shows it after the task (C(GET /api/v2/silence/{id})), with C(id),
      C(status.state), C(matchers), C(startsAt), C(endsAt), C(createdBy), C(comment) and C(updatedAt).
    - In check mode, what would be sent (or the silence as it is, when nothing would change).
    - V(null) with O(state=absent) when there was no silence.
  returned: always
  type: dict
  sample:
    id: 4a6e0b1c-1f0e-4f2b-9d2e-0c8f5d0e7a11
    status: {state: active}
    matchers:
      - {name: alertname, value: Watchdog, isRegex: false, isEqual: true}
    startsAt: '2026-12-01T21:00:00.123Z'
    endsAt: '2026-12-01T23:00:00.123Z'
    updatedAt: '2026-12-01T21:00:00.123Z'
    createdBy: ansible
    comment: Dead man's switch, checked elsewhere
expired:
  description: Ids of the silences that were (or, in check mode, would be) expired.
  returned: O(state=absent)
  type: list
  elements: str
  sample: [4a6e0b1c-1f0e-4f2b-9d2e-0c8f5d0e7a11]
'''

from ansible_collections.promops.prometheus.plugins.module_utils._client import ApiError, Client, connection_module
from ansible_collections.promops.prometheus.plugins.module_utils._silences import (
    SilenceApi,
    Wanted,
    ensure_absent,
    ensure_present,
)


def main():
    module = connection_module(
        dict(
            url=dict(type='str', default='http://127.0.0.1:9093'),
            matchers=dict(type='list', elements='str', required=True),
            comment=dict(type='str', required=True),
            created_by=dict(type='str', default='ansible'),
            duration=dict(type='str'),
            starts_at=dict(type='str'),
            ends_at=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        ),
        mutually_exclusive=[('duration', 'starts_at'), ('duration', 'ends_at')],
        required_if=[('state', 'present', ('duration', 'ends_at'), True)],
    )
    params = module.params
    present = params['state'] == 'present'
    try:
        # Everything the options say is checked here, before any request: the silence, then the url and timeouts.
        wanted = Wanted(params['matchers'], params['comment'], params['created_by'],
                        *((params['duration'], params['starts_at'], params['ends_at']) if present else ()))
        api = SilenceApi(Client(params, 'Alertmanager'))
        if present:
            result = ensure_present(api, wanted, module.check_mode)
        else:
            result = ensure_absent(api, wanted, module.check_mode)
    except ApiError as e:
        module.fail_json(msg=e.msg, **e.details)
    diff = result.pop('diff')
    if module._diff:
        result['diff'] = diff
    module.exit_json(**result)


if __name__ == '__main__':
    main()

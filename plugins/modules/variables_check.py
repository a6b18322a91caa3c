#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: variables_check
short_description: Find the variables of a role's prefix that the role does not know or refuses
version_added: 0.2.0
description:
  - Looks at the names of the variables the task sees (inventory, play, role and extra variables, facts)
    and finds those that start with O(prefix) but are not in O(known), and those named in O(refused).
  - >-
    A variable in O(refused) fails the task; one message names every such variable with its advice, in the
    form C(<name> is not supported here: <advice>). The product roles use it for the variables of the
    C(prometheus.prometheus) collection that they do not support.
  - >-
    A variable in O(ignored) that is set fails the task too, in the form C(<name> is set, but <advice>): the
    product roles use it for a setting that the chosen install method never reads.
  - An unknown variable gives a warning, or with O(unknown=fail) fails the task, in the form
    C(<name> is not a variable of the <role> role; did you mean <closest known name>?). The closest name
    is found with Python's C(difflib), comparing the names without O(prefix); the question is left out
    when no known name is close.
  - Only names are read. Values are never read nor shown, as they may hold secrets.
  - Names starting with two underscores are internal variables of roles and are never looked at.
  - Runs on the controller only; it makes no connection to the host.
author:
  - promops maintainers (@promops)
attributes:
  check_mode:
    description: Reads variables only, so it runs the same in check mode.
    support: full
  diff_mode:
    description: It changes nothing, so there is nothing to show.
    support: none
  action:
    description: The whole module is an action plugin that runs on the controller.
    support: full
options:
  prefix:
    description:
      - The prefix of the variables that belong to the role, for example V(prometheus_). The role's name in
        the messages is the prefix without its trailing underscore.
      - Must not be empty.
    type: str
    required: true
  known:
    description:
      - Every variable name the role takes, and the facts it sets itself.
    type: list
    elements: str
    default: []
  refused:
    description:
      - Variable names that fail the task whenever they are set, each mapped to the advice that the failure
        shows, what to use instead.
      - They are checked whatever their prefix, and never count as unknown.
    type: dict
    default: {}
  ignored:
    description:
      - Variable names that fail the task when they are set, because what the role was told to do never
        reads them; each is mapped to the advice that the failure shows.
      - Such a name must have no default in the role, so that only a value the inventory, the play or the
        command line gives makes it set. It never counts as unknown.
    type: dict
    default: {}
  unknown:
    description:
      - What a variable that starts with O(prefix) and is not in O(known) does.
      - V(warn) gives one warning per variable; V(fail) fails the task, naming every such variable.
    type: str
    choices: [warn, fail]
    default: warn
notes:
  - The variables the task sees include the defaults of every role of the play, and facts set earlier. A
    fact a playbook sets under the role's prefix is reported like an inventory variable.
seealso:
  - module: ansible.builtin.validate_argument_spec
'''

EXAMPLES = r'''
- name: Check the inventory for variables the prometheus role does not know
  promops.prometheus.variables_check:
    prefix: prometheus_
    known: "{{ (lookup('ansible.builtin.file', role_path ~ '/meta/argument_specs.yml') | from_yaml).argument_specs.main.options | list }}"
    refused:
      prometheus_agent_mode: agent mode is not available; run Prometheus as a server
    unknown: fail

- name: Stop when a release is pinned for an install method that never reads it
  promops.prometheus.variables_check:
    prefix: prometheus_
    known: [prometheus_install_method, prometheus_version]
    ignored: "{{ {} if prometheus_install_method == 'binary' else {'prometheus_version': 'only the binary method reads it'} }}"

- name: Warn about misspelt variables of a role of your own
  promops.prometheus.variables_check:
    prefix: myapp_
    known: [myapp_port, myapp_user]
'''

RETURN = r'''
refused:
  description: The variables of O(refused) that are set, sorted.
  returned: always
  type: list
  elements: str
  sample: [prometheus_agent_mode]
ignored:
  description: The variables of O(ignored) that are set, sorted.
  returned: always
  type: list
  elements: str
  sample: [prometheus_version]
unknown:
  description: The variables that start with O(prefix) and are neither in O(known) nor in O(refused), sorted.
  returned: always
  type: list
  elements: str
  sample: [prometheus_scrape_config]
msg:
  description: >-
    What was found, or the failure naming every refused and ignored (and, with O(unknown=fail), unknown) variable.
  returned: always
  type: str
  sample: prometheus_scrape_config is not a variable of the prometheus role; did you mean prometheus_scrape_configs?
'''

# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: No C(POST) is sent; reload and quit report C(changed) and what they would do.
    support: full
  diff_mode:
    description: The modules change no files, so there is nothing to show.
    support: none
  action_group:
    description: Use C(group/promops.prometheus.lifecycle) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - promops.prometheus.lifecycle
'''

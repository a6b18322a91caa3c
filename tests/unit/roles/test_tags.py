# -*- coding: utf-8 -*-
# Copyright: (c) 2026, promops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The roles' tags: each phase tag of a product role comes with its phase tag for both roles and its role tag.

Molecule runs every <role>_<phase> tag alone; the shared phase tags
(install, configure, run) select the same tasks of each role, and a role's
tag exactly the union of its phase tags (each tagged task is in a phase),
which this test keeps true.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from pathlib import Path

import pytest
import yaml

SERVER_DIR = Path(__file__).resolve().parents[3] / 'roles' / 'server'
PHASES = ('install', 'configure', 'run')
ROLE = '{{ role_name }}'


def tag_lists(node):
    """Every tags list of a task file, blocks and apply included."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'tags':
                yield value if isinstance(value, list) else [value]
            else:
                yield from tag_lists(value)
    elif isinstance(node, list):
        for item in node:
            yield from tag_lists(item)


TASK_FILES = sorted((SERVER_DIR / 'tasks').glob('*.yml')) + sorted((SERVER_DIR / 'handlers').glob('*.yml'))


@pytest.mark.parametrize('path', TASK_FILES, ids=lambda path: path.name)
def test_each_tagged_task_is_in_a_phase_with_the_shared_phase_tag_and_the_role_tag(path):
    wrong = []
    for tags in tag_lists(yaml.safe_load(path.read_text())):
        if tags == ['always']:
            continue
        role_phases = set(tag[len(ROLE) + 1:] for tag in tags if tag.startswith(ROLE + '_'))
        shared_phases = set(tag for tag in tags if tag in PHASES)
        if role_phases != shared_phases or not role_phases or not role_phases <= set(PHASES) or ROLE not in tags:
            wrong.append(tags)
    assert wrong == []


def test_the_task_files_carry_phase_tags():
    assert any(ROLE + '_install' in tags for path in TASK_FILES for tags in tag_lists(yaml.safe_load(path.read_text())))

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Masking among many secrets (a password per account): found by the text's own runs of letters and digits."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.hosting.panels.plugins.module_utils import _masking

# Markers of several lengths; a secret inside a longer word; one without letters or digits; one escaped in HTML.
FEW = ['Pa55w0rd-one', 'xyZ9', '%%--', 'it\'s-S3cret-two', 'ab']


def many(count):
    return FEW + ['Account%04dPassw0rd!' % number for number in range(count)]


TEXTS = [
    'refused Pa55w0rd-one for info@example.org',
    'refused prefixxyZ9suffix, and %%-- too',
    '<p>password it&#039;s-S3cret-two refused</p>',
    'Account0007Passw0rd! and Account0099Passw0rd%21 echoed, ab inside cab',
    'nothing secret here',
]


@pytest.mark.parametrize('text', TEXTS)
def test_many_secrets_are_masked_as_a_few_are(text):
    secrets = set(many(2000))
    searched_by_run = _masking.masked(text, secrets)
    one_at_a_time = text
    for secret in secrets:
        one_at_a_time = _masking.masked(one_at_a_time, {secret})
    assert searched_by_run == one_at_a_time


def test_many_secrets_mask_every_echo():
    masked = _masking.masked(TEXTS[3], set(many(2000)))
    assert masked == '******** and ******** echoed, ******** inside c********'


def test_a_secret_added_to_the_task_s_set_is_masked_from_then_on():
    secrets = set(many(2000))
    assert _masking.masked('New-Secret-9 echoed', secrets) == 'New-Secret-9 echoed'
    secrets.add('New-Secret-9')
    assert _masking.masked('New-Secret-9 echoed', secrets) == '******** echoed'


def test_a_secret_inside_a_longer_one_leaves_none_of_the_longer_one_when_both_are_written_with_references():
    assert _masking.masked('a x&#233;1y b, &#xE9;1 c', {'\u00e91', 'x\u00e91y'}) == 'a ******** b, ******** c'


@pytest.mark.parametrize('echo', [
    json.dumps({'v': 'x\u00e91y\t'}, ensure_ascii=False),
    repr('x\u00e91y\t'),
    'x&#233;1y&#9;',
])
def test_a_secret_inside_a_longer_one_leaves_none_of_the_longer_one_in_any_spelling(echo):
    assert 'x' not in _masking.masked(echo, {'\u00e91y', 'x\u00e91y\t'}).replace('********', '')


def test_secrets_of_one_length_that_overlap_are_masked_alike_under_every_hash_seed():
    # Which of the two is masked first decides which letter is left; the order of a set changes with the seed.
    code = ('from ansible_collections.hosting.panels.plugins.module_utils import _masking\n'
            'print(_masking.masked("x abcde y", {"abcd", "bcde", "wxyz", "pqrs"}))')
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    printed = {subprocess.run([sys.executable, '-c', code], env=dict(environment, PYTHONHASHSEED=str(seed)),
                              capture_output=True, text=True, check=True, timeout=60).stdout for seed in range(8)}
    assert printed == {'x ********e y\n'}

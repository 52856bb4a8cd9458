# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every sample packet of the Plesk seed pages, sent raw to the emulator, gets its documented answer.

The pages are the specification and are not part of the project: they are read from
``../shared/seeds`` (or ``$PANELS_SEEDS_DIR``), and the test is skipped, saying why, without them.
When the official schemas are at hand, each request and each answer is validated against them too.
"""

from __future__ import annotations

import os
import re

import pytest
from lxml import etree

from ansible_collections.hosting.panels.tests.unit.conftest import load_schemas
from ansible_collections.hosting.panels.tests.unit.emulator.helpers import fresh, plesk_call, system_error
from ansible_collections.hosting.panels.tests.unit.harness.schemas import seeds_dir

PACKET = re.compile(r'(?:<\?xml[^>]*\?>\s*)?<packet\b.*?</packet>', re.DOTALL)


def seed_samples():
    """``(page title, request, documented answer)`` for every sample of every Plesk seed page."""
    directory, dummy = seeds_dir()
    if directory is None:
        return []
    samples = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding='utf-8') as handle:
            text = handle.read().replace('\xa0', ' ')  # the web pages indent with non-breaking spaces
        title = text.strip().splitlines()[0]
        section = re.split(r'^Samples\s*$', text, flags=re.MULTILINE)
        if len(section) < 2 or '<packet' not in section[-1]:
            continue  # not a Plesk page (the BrainyCP page has no raw samples)
        packets = PACKET.findall(section[-1])
        assert len(packets) % 2 == 0, '%s: a sample request without its answer' % name
        samples.extend((title, packets[index], packets[index + 1]) for index in range(0, len(packets), 2))
    return samples


def normalized(xml):
    """The packet without the version attribute and whitespace, for comparing."""
    if isinstance(xml, str):
        xml = re.sub(r'^<\?xml[^>]*\?>', '', xml.strip()).encode('utf-8')
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    root.attrib.pop('version', None)
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    return etree.tostring(root, method='c14n')


SAMPLES = seed_samples()
SAMPLE_PARAMS = [pytest.param(*sample, id='%s #%d' % (sample[0], index)) for index, sample in enumerate(SAMPLES)] or [
    pytest.param(None, None, None, marks=pytest.mark.skip(reason=seeds_dir()[1] or 'no samples'))]


def test_the_seed_pages_are_present_and_have_samples():
    directory, why = seeds_dir()
    if directory is None:
        pytest.skip(why)
    titles = {title for title, dummy, dummy in SAMPLES}
    assert {'Enabling/Disabling Mail Service on Domain', 'Managing Plesk Services', 'Renaming Mail Accounts',
            'Removing a Webmail Service'} <= titles
    assert len(SAMPLES) >= 8


def without_the_operator(profile, request_packet):
    """Whether ``profile`` refuses the sample's operator: Obsidian has no <webmail> (research note P7)."""
    return profile == 'obsidian' and '<webmail>' in request_packet


@pytest.mark.parametrize('profile', ['obsidian', 'onyx'])
@pytest.mark.parametrize('title, request_packet, documented', SAMPLE_PARAMS)
def test_the_emulator_gives_the_documented_answer_where_the_profile_has_the_operator(
        title, request_packet, documented, profile):
    schemas = load_schemas()
    answer = plesk_call(fresh({'profile': profile}), request_packet.encode('utf-8'), schemas=schemas)
    if without_the_operator(profile, request_packet):
        assert system_error(answer)[0] == 1014 and "Element 'webmail'" in system_error(answer)[1]
        return
    assert answer.find('system') is None, etree.tostring(answer).decode()
    assert normalized(etree.tostring(answer)) == normalized(documented)
    if schemas is not None:
        assert schemas.request_problem(etree.fromstring(request_packet.encode('utf-8'))) is None

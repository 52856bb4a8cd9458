# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by the unit tests."""

from __future__ import annotations

import os
import tempfile

import pytest

from ansible_collections.hosting.panels.plugins.module_utils import _errors
from ansible_collections.hosting.panels.tests.unit.harness import schemas as schema_lookup
from ansible_collections.hosting.panels.tests.unit.harness.wire import FakeWire, install

_SCHEMAS = {}


def load_schemas():
    """The compiled official schemas, or None (cached for the session)."""
    if 'value' not in _SCHEMAS:
        directory, dummy = schema_lookup.schema_dir()
        if directory is None:
            _SCHEMAS['value'] = None
        else:
            from ansible_collections.hosting.panels.tests.emulator.schema import PleskSchemas
            _SCHEMAS['value'] = PleskSchemas(directory)
    return _SCHEMAS['value']


@pytest.fixture(autouse=True)
def clean_panel_environment(monkeypatch):
    """Connection variables and CA bundles of the developer's shell must not leak into the tests."""
    for name in list(os.environ):
        if name.startswith(('PLESK_', 'BRAINYCP_')) and name != 'PLESK_XSD_DIR':
            monkeypatch.delenv(name)
    # requests lets these replace validate_certs' True with a bundle path.
    for name in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'HOSTING_PANELS_CAPTURE'):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def own_temporary_folder(monkeypatch, tmp_path_factory):
    """Each test gets its own temporary folder, and so its own folder for the modules' object locks
    (``one_at_a_time``), whether or not it uses the ``wire`` fixture.

    A test that fails inside a module run leaves its lock held, where a real run would exit and release it;
    with the machine's folder, the next test on the same objects would wait ``LOCK_WAIT`` (five minutes) for
    it, and test runs side by side (xdist workers, CI legs, other clones) would wait for each other.
    """
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path_factory.mktemp('tmp')))


@pytest.fixture(autouse=True)
def no_secrets_of_an_earlier_module_run():
    """A module run names its secrets for the errors to mask (_errors.known_secrets); a test that calls a
    client directly must not pass because an earlier test's run named them."""
    _errors.known_secrets(())


@pytest.fixture
def plesk_schemas():
    """The official Plesk schemas; the test is skipped, with the reason, when they are absent."""
    schemas = load_schemas()
    if schemas is None:
        pytest.skip(schema_lookup.schema_dir()[1])
    return schemas


@pytest.fixture
def wire(monkeypatch):
    """The fake wire under the HTTP seam.

    After the test it checks that every scripted exchange happened, and validates every Plesk
    packet the code sent against the official input schema when that schema is available.
    """
    fake = FakeWire()
    install(monkeypatch, fake)
    yield fake
    fake.assert_done()
    schemas = load_schemas()
    if schemas is not None:
        from lxml import etree
        for sent in fake.plesk_packets():
            problem = schemas.request_problem(etree.fromstring(sent.body))
            assert problem is None, 'request violates agent_input.xsd: %s\n%s' % (problem, sent.body.decode())

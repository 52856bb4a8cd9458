# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validation against the official Plesk XML API schemas, read from a folder given at run time.

The schemas are test data under their owner's licence: they are never copied into this
project, only read from ``--schema-dir`` or the ``PLESK_XSD_DIR`` environment variable.
"""

from __future__ import annotations

import os

from lxml import etree

INPUT_SCHEMA = 'agent_input.xsd'
OUTPUT_SCHEMA = 'agent_output.xsd'


class SchemaViolation(Exception):
    """The emulator produced an answer the official output schema rejects (an emulator bug)."""


class PleskSchemas:
    """The compiled input and output schemas of one folder."""

    def __init__(self, directory):
        missing = [name for name in (INPUT_SCHEMA, OUTPUT_SCHEMA)
                   if not os.path.isfile(os.path.join(directory, name))]
        if missing:
            raise FileNotFoundError('%s has no %s' % (directory, ' and no '.join(missing)))
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.directory = directory
        self.input = etree.XMLSchema(etree.parse(os.path.join(directory, INPUT_SCHEMA), parser))
        self.output = etree.XMLSchema(etree.parse(os.path.join(directory, OUTPUT_SCHEMA), parser))

    @staticmethod
    def _problem(schema, document):
        if schema.validate(document):
            return None
        first = schema.error_log[0]
        return 'Error in line %d: %s' % (first.line, first.message)

    def request_problem(self, packet):
        """The first violation of a request packet in Plesk's words, or None when it is valid."""
        return self._problem(self.input, packet)

    def response_problem(self, packet):
        return self._problem(self.output, packet)

    def check_response(self, packet):
        problem = self.response_problem(packet)
        if problem:
            raise SchemaViolation('emulator answer violates %s: %s' % (OUTPUT_SCHEMA, problem))

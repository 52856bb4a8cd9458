# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Packets larger than ``max_packet_size``, sent as several: see :meth:`._plesk_client.PleskClient.send`.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Apart from :mod:`._plesk_client` because a module run compiles every module_utils it imports (AnsiballZ
runs them from a zip, for which Python keeps no bytecode), and only runs with very many objects need this.
"""

from __future__ import annotations

try:
    from lxml import etree
except ImportError:  # plesk_client() fails on the missing library before any packet is built
    etree = None

from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, PanelRequestTooLarge
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import SINGLE_OPERATION_OPERATORS, Packet


def send_in_parts(client, packet, read_only):
    """Send ``packet`` as packets of at most ``client.max_packet_size`` bytes, each once and in order; return
    the answers joined.  A write that fails after its first parts were applied says so in its error."""
    parts = split(packet, client.max_packet_size)
    answers = []
    for index, part in enumerate(parts):
        try:
            answers.extend(client._send_one(part, part.to_bytes(), read_only))  # pylint: disable=protected-access
        except PanelError as error:
            if not read_only and index:
                error.may_have_applied = True
                error.add('this write was split into %d packets (max_packet_size), and the first %d, with %d '
                          'operations, were applied before this one' % (len(parts), index, len(answers)))
            raise
    return answers


def split(packet, limit):
    """``packet``'s operations, in order, in packets of at most ``limit`` bytes each.

    The operations move to the new packets, so ``packet`` is empty afterwards.  An operation that does not
    fit into a packet of its own raises :class:`PanelRequestTooLarge`.
    """
    envelope = len(_empty_bytes(packet))
    parts, size, operator_open = [], None, None  # size: bytes of the packet being filled, None before one
    for (operator, dummy), element in zip(packet.operations, packet._elements):  # pylint: disable=protected-access
        cost = len(etree.tostring(element))
        wrapper = 2 * len(operator) + 5  # <operator></operator>
        opens = size is None or operator != operator_open or operator in SINGLE_OPERATION_OPERATORS
        if size is not None and size + cost + (wrapper if opens else 0) > limit:
            size, opens = None, True
        if size is None:
            if envelope + wrapper + cost > limit:
                raise PanelRequestTooLarge(
                    'one %s %s operation takes %d bytes, more than max_packet_size (%d bytes) allows'
                    % (operator, element.tag, envelope + wrapper + cost, limit))
            parts.append(Packet(packet.root.get('version')))
            size = envelope
        parts[-1]._append(operator, element)  # pylint: disable=protected-access
        size += cost + (wrapper if opens else 0)
        operator_open = operator
    packet.operations, packet._elements, packet._operator_element = [], [], None  # pylint: disable=protected-access
    return parts


def _empty_bytes(packet):
    """The packet's bytes without operations: the declaration, ``<packet ...>`` and ``</packet>``."""
    root = etree.Element('packet', dict(packet.root.attrib))
    etree.SubElement(root, 'x')
    return etree.tostring(root, xml_declaration=True, encoding='UTF-8').replace(b'<x/>', b'')

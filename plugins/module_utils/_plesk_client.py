# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Packet client for the Plesk XML API (``/enterprise/control/agent.php``).

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

A :class:`Packet` collects operations (several operations, and several operators, per
packet), :meth:`PleskClient.send` posts it once and returns one :class:`Operation` per
requested operation, in request order.  A ``<system>`` error, which means Plesk ran
nothing, raises :class:`PleskApiError`; per-operation errors are returned, not raised,
because the other operations of the packet did run and the caller must report them.
"""

from __future__ import annotations

import copy
import re
import traceback

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError:
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    PanelHttpError,
    PanelProtocolError,
    PleskApiError,
    PleskAuthError,
    PleskOperationError,
    masked,
    plain_number,
    quoted,
    shortened,
)

AGENT_PATH = '/enterprise/control/agent.php'

# The largest request body sent by default (option max_packet_size): 8 MiB, PHP's own default post_max_size,
# the smallest limit the PHP behind agent.php is likely to have.  10,000 sites fit in one packet with room to
# spare (about half a megabyte to read them by id).
DEFAULT_MAX_PACKET_SIZE = 8 * 1024 * 1024

PLAIN_PATH = re.compile(r'^[A-Za-z_][\w.-]*(/[A-Za-z_][\w.-]*)*$')
# Paths Result.text was asked for: their tags, or False for paths that need lxml's look-up.
_PLAIN_PATHS = {}

# The schema allows only one operation per element of these operators (an xs:choice).
SINGLE_OPERATION_OPERATORS = frozenset(('webmail',))

AUTH_ERRORS = {
    1001: 'check login and password',
    1006: 'the account may not use the XML API (remote_access_interface permission)',
    1029: 'send login and password or a secret key; a proxy in front of Plesk may drop '
          'headers whose names contain underscores',
    11003: 'check the secret key, and that it is bound to the IP address this request comes from',
}

SYSTEM_HINTS = {
    1005: 'the pinned api_version is not supported by this server; remove the pin to use its newest protocol',
    1014: 'the server rejected the packet structure',
}


def add_element(parent, tag, text=None):
    """Append ``<tag>text</tag>`` to ``parent`` and return it; text is escaped by lxml."""
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _child_text(element, tags):
    """The text of the first element down ``tags`` from ``element``, in document order, as findtext gives it."""
    for child in element:
        if child.tag == tags[0]:
            if len(tags) == 1:
                return child.text or ''
            found = _child_text(child, tags[1:])
            if found is not None:
                return found
    return None


# xsd:boolean as Plesk writes it.
BOOLEANS = {'true': True, '1': True, 'false': False, '0': False}


def boolean(text, default=None):
    """An xsd:boolean's value; ``default`` when the element is missing or says something else."""
    if text is None:
        return default
    return BOOLEANS.get(text.strip().lower(), default)


def safe_xml_parser():
    """A parser that resolves no entities and opens nothing on the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=True)


def raw(element, limit=300):
    """An answer element as text for a message, cut at ``limit`` characters.  A password in it is blanked: a mail
    account's ``get_info`` may carry the stored one, which the task's masking cannot know."""
    if element.find('.//password') is not None:
        element = copy.deepcopy(element)
        for password in element.iter('password'):
            tail = password.tail
            password.clear()
            password.text, password.tail = '********', tail
    return shortened(etree.tostring(element, encoding='unicode'), limit)


class Packet:
    """A request packet under construction."""

    def __init__(self, version=None, max_size=None):
        self.root = etree.Element('packet')
        if version:
            self.root.set('version', version)
        # The size the client splits packets at, between operations (None: never split); an operation that
        # lists many objects keeps well inside it.
        self.max_size = max_size
        self.operations = []
        self._elements = []
        self._operator_element = None

    def add(self, operator, operation):
        """Append an operation and return its element, for the caller to fill in.

        Consecutive operations of one operator share its element, which keeps packets
        small and matches the documented samples.
        """
        return self._append(operator, etree.Element(operation))

    def _append(self, operator, element):
        current = self._operator_element
        if current is None or current.tag != operator or operator in SINGLE_OPERATION_OPERATORS:
            current = self._operator_element = etree.SubElement(self.root, operator)
        current.append(element)
        self.operations.append((operator, element.tag))
        self._elements.append(element)
        return element

    def __len__(self):
        return len(self.operations)

    def to_bytes(self):
        return etree.tostring(self.root, xml_declaration=True, encoding='UTF-8')


class Result:
    """One ``<result>`` element: status, errcode, errtext and the data beside them."""

    def __init__(self, element):
        self.element = element
        # The schema puts status first, and an ok result has no errcode or errtext to look for: this answers
        # nearly every result from its first child, where a pass over all of them costs 30,000 results a
        # tenth of a second.
        if len(element):
            first = element[0]
            if first.tag == 'status' and first.text == 'ok':
                self.status, self.errcode, self.errtext = 'ok', None, None
                return
        # The first status, errcode and errtext among the children ('' when empty, None when missing), read in
        # one pass over them: findtext costs three path look-ups per result, which 30,000 results notice.
        status = code = text = None
        for child in element:
            tag = child.tag
            if tag == 'status':
                status = (child.text or '') if status is None else status
            elif tag == 'errcode':
                code = (child.text or '') if code is None else code
            elif tag == 'errtext':
                text = (child.text or '') if text is None else text
        if status not in ('ok', 'error'):
            # Neither done nor refused: reading it as either could report a change that did not happen.
            raise PanelProtocolError('Plesk answered a result whose status is neither ok nor error: %s'
                                     % raw(element), panel='plesk')
        self.status = status
        number = plain_number(code) if code else None
        # A code that is not a number is the panel's text, which may echo a secret like any other.
        self.errcode = number if number is not None else masked(code) if code else code
        self.errtext = text

    @property
    def ok(self):
        return self.status == 'ok'

    def text(self, path, default=None):
        """``findtext(path)`` for a plain path of tags (``data/gen_info/name``), walking the children
        directly: lxml's path look-up costs more than the rest of reading a result."""
        tags = _PLAIN_PATHS.get(path)
        if tags is None:
            tags = _PLAIN_PATHS[path] = path.split('/') if PLAIN_PATH.match(path) else False
        value = _child_text(self.element, tags) if tags else self.element.findtext(path)
        return default if value is None else value

    def error(self, operator, operation, subject=None):
        return PleskOperationError(operator, operation, self.errcode, self.errtext or 'no error text', subject)


class Operation:
    """The answer to one requested operation: zero or more results."""

    def __init__(self, operator, operation, element):
        self.operator = operator
        self.operation = operation
        self.element = element
        self.results = [Result(child) for child in element if child.tag == 'result']

    def result(self):
        """The only result, error or not; operations that answer once use this."""
        if len(self.results) != 1:
            raise PanelProtocolError('Plesk answered %s %s with %d results, expected one'
                                     % (self.operator, self.operation, len(self.results)), panel='plesk')
        return self.results[0]

    def ok_result(self, subject=None):
        """The only result, raising :class:`PleskOperationError` when it is an error."""
        result = self.result()
        if not result.ok:
            raise result.error(self.operator, self.operation, subject)
        return result


class PleskClient:
    """Sends packets to one Plesk server with one set of credentials."""

    def __init__(self, http, login=None, password=None, secret_key=None, version=None,
                 max_packet_size=DEFAULT_MAX_PACKET_SIZE):
        self.http = http
        self.version = version
        # Packets larger than this many bytes are sent as several (None: never split).
        self.max_packet_size = max_packet_size
        # The protocol version the server named in its last answer (its newest, unless pinned).
        self.announced_version = None
        # As UTF-8 bytes: http.client would encode a str as Latin-1 and fail on anything beyond it.
        if secret_key:
            self._auth_headers = {'KEY': secret_key.encode('utf-8')}
        else:
            self._auth_headers = {'HTTP_AUTH_LOGIN': (login or '').encode('utf-8'),
                                  'HTTP_AUTH_PASSWD': (password or '').encode('utf-8')}

    def packet(self):
        return Packet(self.version, self.max_packet_size)

    def send(self, packet, read_only):
        """Post ``packet``; return its operations' answers in request order.

        A packet larger than ``max_packet_size`` is sent as several, each once and in order, and
        their answers are joined; a write split so can fail after its first parts were applied, and
        the error then says so.
        """
        if not packet.operations:
            return []
        body = packet.to_bytes()
        if self.max_packet_size is None or len(body) <= self.max_packet_size:
            return self._send_one(packet, body, read_only)
        # Compiled only by the runs whose packet is too large (a task compiles its module_utils every time).
        from ansible_collections.hosting.panels.plugins.module_utils import _plesk_split  # pylint: disable=import-outside-toplevel
        return _plesk_split.send_in_parts(self, packet, read_only)

    def _send_one(self, packet, body, read_only):
        # Exactly as the documentation asks and every client checked against a live server sends it; the packet's
        # XML declaration names its encoding.
        headers = {'Content-Type': 'text/xml'}
        headers.update(self._auth_headers)
        response = self.http.post(AGENT_PATH, body, headers=headers, read_only=read_only)
        if response.status == 413:
            raise PanelHttpError(self.http.host, 413, 'Plesk, or a proxy in front of it, refused a packet of %d bytes '
                                 'as too large and ran nothing; lower max_packet_size (PLESK_MAX_PACKET_SIZE) below '
                                 'that' % len(body), panel='plesk')
        try:
            # Plesk answers with 200; another success status (202, from a proxy in front of it) still carries the
            # answer, and refusing to read it would report a change Plesk made as not made.
            if not 200 <= response.status < 300:
                raise PanelHttpError(self.http.host, response.status,
                                     'Plesk answers every packet with HTTP 200; is %s%s the XML API?'
                                     % (self.http.base_url, AGENT_PATH), panel='plesk')
            if response.status != 200 and not response.body.strip():
                raise PanelProtocolError('Plesk, or a proxy in front of it, answered HTTP %d without the answer'
                                         % response.status, panel='plesk')
            return self._operations(packet, self._parse(response.body))
        except (PanelHttpError, PanelProtocolError) as error:
            # The panel got the packet; a server error, or an answer we cannot read, says nothing about what it did.
            if not read_only and (isinstance(error, PanelProtocolError) or response.status >= 500):
                error.mark_may_have_applied()
            raise

    def _parse(self, body):
        try:
            root = etree.fromstring(body, safe_xml_parser())
        except etree.XMLSyntaxError as exc:
            raise PanelProtocolError('Plesk answered with something that is not XML (%s): %s'
                                     % (exc, quoted(body)), panel='plesk') from None
        if root.tag != 'packet':
            raise PanelProtocolError('Plesk answered with <%s>, expected <packet>' % root.tag, panel='plesk')
        if root.getroottree().docinfo.doctype:
            # Plesk never declares a document type.  With entities left unresolved, as they must be, a text
            # holding a declared entity would read as cut short at it, and a result would claim what Plesk
            # did not say.
            raise PanelProtocolError('Plesk answered with a document type declaration (<!DOCTYPE ...>), which '
                                     'its XML API never sends; the answer was not read', panel='plesk')
        self.announced_version = root.get('version') or self.announced_version
        system = root.find('system')
        if system is not None:
            result = Result(system)
            if not result.ok:
                raise _system_error(result)
        return root

    @staticmethod
    def _operations(packet, root):
        answered = [(operator.tag, operation.tag, operation)
                    for operator in root if operator.tag != 'output'
                    for operation in operator]
        expected = packet.operations
        if [(a, b) for a, b, dummy in answered] != expected:
            raise PanelProtocolError(
                'Plesk answered operations %s to a packet of %s'
                % (_names(a for a in answered), _names(expected)), panel='plesk')
        return [Operation(operator, operation, element) for operator, operation, element in answered]


def _names(pairs):
    return ', '.join('%s/%s' % (pair[0], pair[1]) for pair in pairs) or 'none'


def _system_error(result):
    code = result.errcode
    text = result.errtext or 'no error text'
    if code in AUTH_ERRORS:
        return PleskAuthError(code, text, AUTH_ERRORS[code])
    return PleskApiError(code, text, SYSTEM_HINTS.get(code))


def write_results(answers):
    """The one result of each operation of a write packet.

    An answer that cannot be read this way says nothing about what the panel did, so the error says the
    changes may have applied.
    """
    try:
        return [answer.result() for answer in answers]
    except PanelProtocolError as error:
        raise error.mark_may_have_applied() from None

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Plesk XML API (agent.php) as the emulator answers it.

The checks run in the order Plesk documents for its "checkup errors": the authentication
headers, the packet syntax and protocol version, the credentials, then the packet structure.
Any of them failing answers one ``<system>`` error and runs nothing.  A malformed operation
late in a packet leaves no half-applied change behind: a packet that only reads runs on the
state itself; one whose writes are all journaled runs on the state too and is undone when it
fails; any other runs on a copy that is committed only when the whole packet was understood.
Before any of that, a request larger than the ``max_request_size`` the state sets is refused
the way the web server in front of Plesk refuses it (HTTP 413), and nothing runs.
"""

from __future__ import annotations

from lxml import etree

from .plesk_operations import HANDLERS, JOURNALED, WRITES, Malformed, Unsupported
from .plesk_state import PleskState
from .profiles import version_accepted, webmail_operator_accepted

AGENT_PATH = '/enterprise/control/agent.php'

# The operators current Plesk accepts, as its parser lists them when it rejects <webmail>.
OPERATORS_WITHOUT_WEBMAIL = (
    'request-settings, server, customer, webspace, subdomain, dns, db_server, mail, certificate, site-alias, '
    'ip, event_log, secret_key, ui, service-plan, virtdir, database, ftp-user, session, locale, log-rotation, '
    'protected-dir, reseller, reseller-plan, aps, service-plan-addon, site, business-logic-upgrade'
)


class RequestTooLarge(Exception):
    """The request body is larger than the ``max_request_size`` of the state: the HTTP layer answers 413."""

    def __init__(self, size, limit):
        super().__init__('request body of %d bytes is larger than max_request_size %d' % (size, limit))
        self.size = size
        self.limit = limit


class CheckupError(Exception):
    """A checkup error: answered as ``<system>``, nothing runs."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text


def parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)


class PleskEmulator:
    """Answers packets; ``handle`` is free of HTTP so tests can call it directly."""

    def __init__(self, store, schemas=None):
        self.store = store
        self.schemas = schemas

    def handle(self, body, headers, client_ip):
        """Return ``(response_bytes, info)`` for one request body; info feeds the stats and the log."""
        info = {'operations': [], 'writes': False, 'error': None}
        with self.store.lock:
            limit = self.store.data['plesk'].get('max_request_size')
            if limit is not None and len(body) > limit:
                raise RequestTooLarge(len(body), limit)
            try:
                packet = self._checked_packet(body, headers, client_ip)
                response = self._run(packet, info)
            except CheckupError as error:
                info['error'] = error.code
                response = self._system_error(error, body)
            if self.schemas is not None:
                self.schemas.check_response(response)
            return serialize(response), info

    # -- checkup -------------------------------------------------------------------------------

    def _checked_packet(self, body, headers, client_ip):
        key = headers.get('key')
        login, password = headers.get('http_auth_login'), headers.get('http_auth_passwd')
        if key is None and (login is None or password is None):
            raise CheckupError(1029, 'Authentication method is not specified')
        try:
            packet = etree.fromstring(body, parser())
        except etree.XMLSyntaxError as exc:
            raise CheckupError(1014, 'Parser error: Cannot parse the XML from the request: %s' % exc) from None
        if packet.tag != 'packet':
            raise CheckupError(1014, "Parser error: Request is invalid. Error in line %d: Element '%s': "
                                     'No matching global declaration available for the validation root.'
                                     % (packet.sourceline or 1, packet.tag))
        plesk = self.store.data['plesk']
        version = packet.get('version')
        if version is not None and not version_accepted(version, plesk['protocols']):
            raise CheckupError(1005, 'XML API protocol version not supported.')
        self._authenticate(key, login, password, client_ip)
        if not webmail_operator_accepted(plesk['webmail_operator'], version):
            for element in packet.iterchildren('webmail'):
                raise CheckupError(1014, "Parser error: Request is invalid. Error in line %d: Element 'webmail': "
                                         'This element is not expected. Expected is one of ( %s ).'
                                         % (element.sourceline or 1, OPERATORS_WITHOUT_WEBMAIL))
        if self.schemas is not None:
            problem = self.schemas.request_problem(packet)
            if problem:
                raise CheckupError(1014, 'Parser error: Request is invalid. %s' % problem)
        return packet

    def _authenticate(self, key, login, password, client_ip):
        plesk = self.store.data['plesk']
        if key is not None:
            if not any(entry['key'] == key and entry['ip'] in (client_ip, '*') for entry in plesk['secret_keys']):
                raise CheckupError(11003, 'Secret key validation failed')
            return
        if not any(user['login'] == login and user['password'] == password for user in plesk['users']):
            raise CheckupError(1001, 'Authentication failed - wrong password.')

    # -- execution -----------------------------------------------------------------------------

    def _run(self, packet, info):
        live = self.store.data['plesk']
        if not isinstance(live, PleskState):
            live = self.store.data['plesk'] = PleskState(live)
        writes = {'%s.%s' % (operator.tag, operation.tag) for operator in packet for operation in operator} & WRITES
        journaled = writes <= JOURNALED
        working = live if journaled else live.working_copy()
        if writes and journaled:
            working.begin()
        try:
            answer = self._operations(packet, info, working)
        except BaseException:  # a checkup error, or an emulator bug: either way nothing of the packet stays
            if writes and journaled:
                working.rollback()
            raise
        if writes and journaled:
            working.commit()
        self.store.data['plesk'] = working
        return answer

    def _operations(self, packet, info, working):
        pinned = packet.get('version') if working['answer_version'] == 'pinned' else None
        answer = etree.Element('packet', version=pinned or working['protocol_version'])
        operations = info['operations']
        for operator in packet:
            operator_tag = operator.tag
            if operator_tag == 'request-settings':
                continue
            answer_operator = etree.SubElement(answer, operator_tag)
            for operation in operator:
                operation_tag = operation.tag
                name = operator_tag + '.' + operation_tag
                handler = HANDLERS.get((operator_tag, operation_tag))
                if handler is None:
                    if self.schemas is None:
                        raise CheckupError(1014, "Parser error: Request is invalid. Error in line %d: Element '%s': "
                                                 'This element is not expected.' % (operation.sourceline or 1,
                                                                                    operation.tag))
                    raise CheckupError(1017, 'The hosting.panels emulator does not implement %s %s'
                                       % (operator.tag, operation.tag))
                operations.append(name)
                info['writes'] = info['writes'] or name in WRITES
                answer_operation = etree.SubElement(answer_operator, operation_tag)
                try:
                    answer_operation.extend(handler(working, operation))
                except Malformed as exc:
                    raise CheckupError(1014, 'Parser error: Request is invalid. Error in line %d: %s'
                                       % (exc.line or operation.sourceline or 1, exc)) from None
                except Unsupported as exc:
                    raise CheckupError(1017, str(exc)) from None
                if name in WRITES and name not in JOURNALED:
                    # A write that does not keep the indexes right may have changed what they index.
                    working.forget()
        return answer

    def _system_error(self, error, body):
        answer = etree.Element('packet')
        if error.code != 1005:
            try:
                version = etree.fromstring(body, parser()).get('version')
            except etree.XMLSyntaxError:
                version = None
            plesk = self.store.data['plesk']
            answer.set('version', (version if plesk['answer_version'] == 'pinned' else None) or plesk['protocol_version'])
        system = etree.SubElement(answer, 'system')
        etree.SubElement(system, 'status').text = 'error'
        etree.SubElement(system, 'errcode').text = str(error.code)
        etree.SubElement(system, 'errtext').text = error.text
        return answer


# As Plesk writes it (lxml's own declaration has single quotes).
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def serialize(element):
    """An answer packet as Plesk sends it."""
    return XML_DECLARATION + etree.tostring(element, encoding='UTF-8', pretty_print=True)

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Typed errors raised by the panel clients.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Every error carries what an operator needs to act on it (the host, the panel's own
code and text) and never a credential: messages are built from our own words and
from the panel's answer, never from the request.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus


def plain_number(text, max_digits=18, signed=False):
    """``text``, blanks around it allowed, as a whole number when it is 1 to ``max_digits`` ASCII digits (after
    one ``-`` when ``signed``); else None.

    For the numbers in panels' and proxies' answers, which are written so.  ``int()`` alone would read
    other scripts' digits, yet raise on a superscript digit (which ``str.isdigit`` lets through) and on
    thousands of digits: an answer would end in a traceback instead of the error that names it.
    """
    text = text.strip()
    digits = text[1:] if signed and text.startswith('-') else text
    if 0 < len(digits) <= max_digits and digits.isascii() and digits.isdigit():
        return int(text)
    return None


# The running task's secrets (Ansible's no_log values), kept by reference: a task learns some of them (from the
# environment) after it starts.
_task_secrets = [()]
# Per secret: the longest run of ASCII letters and digits in it, which every spelling keeps as it is, so that a
# text without it holds no spelling of the secret; and its spellings (also as JSON text writes them), once needed.
_MARKERS = {}
_SPELLINGS_OF = {}
_ALPHANUMERIC_RUN = re.compile(r'[A-Za-z0-9]+')
MASK = '********'
# How far past a cut a text is masked: more than any spelling of a secret of a few hundred characters is long.
MASKED_MARGIN = 4096


def known_secrets(values):
    """Name the task's secrets (a set, kept by reference) that :func:`masked` masks; a module run calls this once."""
    _task_secrets[0] = values


def _json_forms(secret):
    """``secret`` inside a JSON string as writers write it: escaping ``/`` or not, letters beyond ASCII as they
    are or as ``\\uXXXX``, and ``<>&'"`` as they are or in hex (PHP's JSON_HEX_* flags), upper or lower case."""
    forms = set()
    for escape_slash in (False, True):
        for ascii_only in (False, True):
            for hex_case in (None, '\\u%04X', '\\u%04x'):
                text = []
                for character in secret:
                    if character == '\\':
                        text.append('\\\\')
                    elif hex_case and character in '<>&\'"':
                        text.append(hex_case % ord(character))
                    elif character == '"':
                        text.append('\\"')
                    elif character == '/' and escape_slash:
                        text.append('\\/')
                    elif ord(character) < 32 or (ascii_only and ord(character) > 126):
                        text.append(json.dumps(character)[1:-1])
                    else:
                        text.append(character)
                forms.add(''.join(text))
    return forms


def secret_spellings(secrets):
    """Every way a panel may write one of ``secrets`` (strings of two characters or more) when it echoes it back:
    as it is; inside a JSON string (:func:`_json_forms`); in HTML or XML, with each way of writing quotes and
    with letters beyond ASCII as character references; URL-encoded (as Python and PHP do it); and as Python's
    ``repr`` writes it, of the text or of its UTF-8 bytes.  Masking only the value as given would let an escaped
    echo through."""
    spellings = set()
    for secret in secrets:
        if not isinstance(secret, str) or len(secret) < 2:
            continue
        markup = secret.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
        in_markup = {markup, markup.replace('"', '&quot;')}
        for apostrophe in ('&#039;', '&#39;', '&#x27;', '&apos;'):
            in_markup |= {markup.replace("'", apostrophe), markup.replace('"', '&quot;').replace("'", apostrophe)}
        for reference in ('&#%d;', '&#x%x;', '&#x%X;'):
            in_markup |= {''.join(reference % ord(character) if ord(character) > 127 else character for character in form)
                          for form in list(in_markup)}
        in_url = {quote(secret, safe=''), quote_plus(secret, safe='')}
        in_url |= {form.replace('~', '%7E') for form in in_url}
        # repr() of a text that holds both quotes escapes the apostrophe; of one that holds neither, it does not.
        in_python = {repr(secret)[1:-1], repr('"' + secret)[2:-1], repr(secret.encode('utf-8'))[2:-1],
                     repr(b'"' + secret.encode('utf-8'))[3:-1]}
        spellings |= {secret} | _json_forms(secret) | in_markup | in_url | in_python
    return spellings


def _marker(secret):
    marker = _MARKERS.get(secret)
    if marker is None:
        runs = _ALPHANUMERIC_RUN.findall(secret)
        marker = _MARKERS[secret] = max(runs, key=len) if runs else ''
    return marker


def _spellings_of(secret, in_json):
    key = (secret, in_json)
    if key not in _SPELLINGS_OF:
        spellings = secret_spellings([secret])
        if in_json:
            spellings |= {json.dumps(form, ensure_ascii=False)[1:-1] for form in spellings}
        _SPELLINGS_OF[key] = spellings
    return _SPELLINGS_OF[key]


def masked(text, secrets=None, in_json=False):
    """``text`` with every spelling of each secret (the task's, unless given; with ``in_json``, also as JSON text
    writes the spellings) replaced by ``********``, longest first, so that no part of a longer one is left."""
    if not text:
        return text
    candidates = set()
    for secret in (_task_secrets[0] if secrets is None else secrets):
        if isinstance(secret, str) and len(secret) >= 2 and _marker(secret) in text:
            candidates |= _spellings_of(secret, in_json)
    for spelling in sorted(candidates, key=len, reverse=True):
        text = text.replace(spelling, MASK)
    return text


def shortened(text, limit):
    """The first ``limit`` characters of ``text`` (``...`` after them when there is more), the task's secrets
    masked before the cut, so that it cannot split one; only the start is masked, as an answer may be megabytes."""
    start = masked(text[:limit + MASKED_MARGIN])
    return start if len(start) <= limit and len(text) <= limit + MASKED_MARGIN else start[:limit] + '...'


def quoted(text, limit=200):
    """A panel's text (``str`` or ``bytes``) for an error message: :func:`shortened`, then quoted."""
    if isinstance(text, bytes):
        text = text[:4 * (limit + MASKED_MARGIN)].decode('utf-8', errors='backslashreplace')
    return repr(shortened(text, limit))


# Said of every error that broke off a change after it may have reached the panel.
MAY_HAVE_APPLIED = ('; the panel may have applied this change before the connection broke, '
                    'so read its state before trying again')


class PanelError(Exception):
    """Base class of every error raised by the panel clients.

    ``may_have_applied`` is true when the error broke off a request that changes something
    after it may have reached the panel: the change may or may not have happened.
    """

    def __init__(self, message, panel=None, may_have_applied=False):
        # A message may quote the panel, which may echo a secret escaped beyond Ansible's own masking.
        message = masked(message)
        super().__init__(message)
        self.message = message
        self.panel = panel
        self.may_have_applied = may_have_applied

    def add(self, text):
        """Add what was learnt after the error to its message."""
        self.message = '%s; %s' % (self.message, masked(text))
        self.args = (self.message,)
        return self

    def mark_may_have_applied(self):
        """Record, in the flags and in words, that the change this error broke off may have happened."""
        if not self.may_have_applied:
            self.may_have_applied = True
            self.message += MAY_HAVE_APPLIED
            self.args = (self.message,)
        return self

    def to_dict(self):
        """Machine-readable details, returned by modules as ``error``."""
        details = {'type': type(self).__name__, 'panel': self.panel, 'message': self.message}
        if self.may_have_applied:
            details['may_have_applied'] = True
        details.update(self._details())
        return details

    def _details(self):
        return {}


class PanelTransportError(PanelError):
    """The panel could not be reached or the exchange broke off (DNS, TCP, TLS, timeout)."""

    def __init__(self, host, cause, panel=None, may_have_applied=False):
        super().__init__('Cannot talk to %s: %s' % (host, cause), panel=panel, may_have_applied=may_have_applied)
        self.host = host
        self.cause = masked(cause)

    def _details(self):
        return {'host': self.host, 'cause': self.cause}


class PanelHttpError(PanelError):
    """The panel answered with an HTTP status the protocol does not use for answers."""

    def __init__(self, host, status, reason, panel=None, may_have_applied=False):
        super().__init__('%s answered HTTP %s: %s' % (host, status, reason), panel=panel,
                         may_have_applied=may_have_applied)
        self.host = host
        self.status = status
        self.reason = reason

    def _details(self):
        return {'host': self.host, 'http_status': self.status}


class PanelProtocolError(PanelError):
    """The panel's answer could not be understood (not XML/JSON, or an unexpected shape)."""


class PanelRequestTooLarge(PanelError):
    """One operation is larger than the packet size the task allows (max_packet_size); nothing was sent."""

    def __init__(self, message):
        super().__init__(message + '; raise max_packet_size (PLESK_MAX_PACKET_SIZE) if the panel accepts more',
                         panel='plesk')


class PanelNotFoundError(PanelError):
    """Objects named in the task do not exist on the panel; raised before anything changes."""

    def __init__(self, kind, missing, known=None, panel=None):
        message = 'Unknown %s %s' % (kind, ', '.join(repr(name) for name in missing))
        if known is not None:
            message += '; the panel has: %s' % (', '.join(str(name) for name in known) or 'none')
        super().__init__(message, panel=panel)
        self.kind = kind
        self.missing = list(missing)

    def _details(self):
        return {'kind': self.kind, 'missing': self.missing}


class PleskApiError(PanelError):
    """Plesk refused the whole packet with a ``<system>`` error (auth, version, parse ...)."""

    def __init__(self, code, text, hint=None):
        message = 'Plesk rejected the request: [%s] %s' % (code, text)
        if hint:
            message = '%s (%s)' % (message, hint)
        super().__init__(message, panel='plesk')
        self.code = code
        self.text = masked(text)

    def _details(self):
        return {'code': self.code, 'text': self.text}


class PleskAuthError(PleskApiError):
    """Plesk did not accept the credentials (1001, 1029, 11003) or denied access (1006)."""


class PleskUnsupportedError(PanelError):
    """This Plesk version does not know an operator the task needs; Plesk ran nothing.

    The message says so in our words; the parser error Plesk answered with is kept in the details.
    """

    def __init__(self, message, code, text):
        super().__init__(message, panel='plesk')
        self.code = code
        self.text = masked(text)

    def _details(self):
        return {'code': self.code, 'text': self.text}


class PleskOperationError(PanelError):
    """One operation of a packet failed; the other operations of the packet may have run."""

    def __init__(self, operator, operation, code, text, subject=None):
        about = ' for %s' % subject if subject else ''
        message = 'Plesk %s %s failed%s: [%s] %s' % (operator, operation, about, code, text)
        super().__init__(message, panel='plesk')
        self.operator = operator
        self.operation = operation
        self.code = code
        self.text = masked(text)
        self.subject = subject

    def _details(self):
        return {'operator': self.operator, 'operation': self.operation, 'code': self.code,
                'text': self.text, 'subject': self.subject}


class BrainycpApiError(PanelError):
    """BrainyCP answered with a non-zero error code."""

    def __init__(self, module, operation, code, text):
        super().__init__('BrainyCP %s/%s failed: [%s] %s' % (module, operation, code, text),
                         panel='brainycp')
        self.module = module
        self.operation = operation
        self.code = code
        self.text = masked(text)

    def _details(self):
        return {'module': self.module, 'operation': self.operation, 'code': self.code, 'text': self.text}


class BrainycpAuthError(PanelError):
    """BrainyCP did not accept the login (its ``Not perm2`` answer)."""

    def __init__(self, host, text):
        super().__init__(
            'BrainyCP at %s did not accept the login (%s): check username and password, and that the '
            "user's group has API access" % (host, text), panel='brainycp')
        self.host = host
        self.text = masked(text)

    def _details(self):
        return {'host': self.host, 'text': self.text}


class BrainycpAccessError(PanelHttpError):
    """BrainyCP's front gate refused the request: htpasswd (HTTP 401) or IP filter (HTTP 403)."""

    REASONS = {
        401: 'the panel is closed by an htpasswd login (HTTP Basic authentication) in front of the API',
        403: "the panel's API is closed for this client's IP address (Denied/Allowed IPs in the "
             'server security settings)',
    }

    def __init__(self, host, status):
        super().__init__(host, status, self.REASONS[status], panel='brainycp')

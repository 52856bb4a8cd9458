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
MASK = '********'
# How far past a cut a text is masked: more than any spelling of a secret of a few hundred characters is long.
MASKED_MARGIN = 4096


def known_secrets(values):
    """Name the task's secrets (a set, kept by reference) that :func:`masked` masks; a module run calls this once."""
    _task_secrets[0] = values


def masked(text, secrets=None, in_json=False):
    """``text`` with every spelling of each secret (the task's, unless given; with ``in_json``, also as JSON text
    writes the spellings) replaced by ``********`` (``_masking.masked``)."""
    secrets = _task_secrets[0] if secrets is None else secrets
    if not text or not secrets:
        return text
    # Compiled only when an error or a capture needs it: a task compiles its module_utils every time it runs.
    from ansible_collections.hosting.panels.plugins.module_utils import _masking  # pylint: disable=import-outside-toplevel
    return _masking.masked(text, secrets, in_json)


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


# Said of every error after which a change may have been applied: its answer was lost, cut short, a server
# error or unreadable.  The error's own text says which; a connection need not have broken.
MAY_HAVE_APPLIED = '; the panel may have applied this change, so read its state before trying again'


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

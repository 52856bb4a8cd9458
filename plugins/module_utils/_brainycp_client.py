# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Client for the BrainyCP HTTP API (``/api/api.php``).

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

BrainyCP documents its API loosely, and its pages disagree with each other:

- by default the client sends exactly the call the "API: Mail" page documents:
  ``<module>=<module>&<operation>=<operation>`` with ``username`` and ``password``, and
  ``language=en`` for stable English texts.  The ``module`` style sends what the public
  clients send to other modules (``module=<module>&subdo=<operation>`` with ``login`` and
  ``pass``); ``combined`` sends both at once, as one public client does, for panels that need
  it (a dispatcher that honours both could run an operation twice, so it is never the default);
- it reads the status from the first of ``error``, ``code`` and ``err``, as a number or a
  string, and the text from ``mess`` or ``message``; the payload is ``detail``.
"""

from __future__ import annotations

import json

from ansible_collections.hosting.panels.plugins.module_utils._errors import (
    BrainycpAccessError,
    BrainycpApiError,
    BrainycpAuthError,
    PanelHttpError,
    PanelProtocolError,
    plain_number,
    quoted,
)

API_PATH = '/api/api.php'

# ``code``-style modules answer 200 or 201 on success; the documented ``error`` style uses 0.
SUCCESS_CODES = frozenset((0, 200, 201))

STATUS_KEYS = ('error', 'code', 'err')

# No answer of the API nests deeper than a few levels; deeper ones are refused before they are walked.
MAX_JSON_DEPTH = 32

# How each request style names the module, the operation and the credentials.
REQUEST_STYLES = {
    'documented': lambda module, operation, user, password: {
        module: module, operation: operation, 'username': user, 'password': password},
    'module': lambda module, operation, user, password: {
        'module': module, 'subdo': operation, 'login': user, 'pass': password},
    'combined': lambda module, operation, user, password: {
        'module': module, 'subdo': operation, module: module, operation: operation,
        'username': user, 'password': password, 'login': user, 'pass': password},
}
MESSAGE_KEYS = ('mess', 'message')


class BrainycpAnswer:
    """A decoded BrainyCP answer."""

    def __init__(self, code, message, detail, data):
        self.code = code
        self.message = message
        self.detail = detail
        self.data = data


class BrainycpClient:
    """Calls operations of BrainyCP modules with one login."""

    def __init__(self, http, username, password, language='en', style='documented'):
        self.http = http
        self._username = username
        self._password = password
        self.language = language
        self._style = REQUEST_STYLES[style]

    def call(self, module, operation, params=None, read_only=True, accept=()):
        """Run ``module``/``operation``; return the answer, raising on any code not in ``accept``."""
        form = self._style(module, operation, self._username, self._password)
        form['language'] = self.language
        form.update(params or {})
        response = self.http.post(API_PATH, data=form, read_only=read_only)
        if response.status in BrainycpAccessError.REASONS:
            raise BrainycpAccessError(self.http.host, response.status)
        try:
            # BrainyCP answers with 200; another success status (202, behind a proxy) still carries the answer,
            # and refusing to read it would report a change the panel made as not made.
            if not 200 <= response.status < 300:
                raise PanelHttpError(self.http.host, response.status,
                                     'BrainyCP answers API calls with HTTP 200; is %s%s its API?'
                                     % (self.http.base_url, API_PATH), panel='brainycp')
            if response.status != 200 and not response.body.strip():
                raise PanelProtocolError('BrainyCP, or a proxy in front of it, answered %s/%s with HTTP %d and no '
                                         'answer' % (module, operation, response.status), panel='brainycp')
            answer = decode_answer(response.body, module, operation)
        except (PanelHttpError, PanelProtocolError) as error:
            # The panel got the call; a server error, or an answer we cannot read, says nothing about what it did.
            if not read_only and (isinstance(error, PanelProtocolError) or response.status >= 500):
                error.mark_may_have_applied()
            raise
        if _is_login_failure(answer):
            raise BrainycpAuthError(self.http.host, answer.message)
        if answer.code not in SUCCESS_CODES and answer.code not in accept:
            raise BrainycpApiError(module, operation, answer.code, answer.message or 'no error text')
        return answer


def decode_answer(body, module, operation):
    """Decode one answer body tolerantly; fail clearly on anything that is not a JSON object."""
    text = body.decode('utf-8-sig', errors='replace').strip()
    if not text:
        raise PanelProtocolError(
            'BrainyCP answered %s/%s with an empty page, as it does when the login passed but it knows no such '
            'operation (unknown module or operation, or the module is not installed)' % (module, operation),
            panel='brainycp')
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise PanelProtocolError('BrainyCP answered %s/%s with something that is not JSON: %s'
                                 % (module, operation, quoted(text)), panel='brainycp') from None
    if _too_deep(data, MAX_JSON_DEPTH):
        raise PanelProtocolError('BrainyCP answered %s/%s with JSON nested deeper than %d levels, more than any '
                                 'answer of the API: %s' % (module, operation, MAX_JSON_DEPTH, quoted(text)),
                                 panel='brainycp')
    if not isinstance(data, dict):
        raise PanelProtocolError('BrainyCP answered %s/%s with JSON %s, expected an object'
                                 % (module, operation, type(data).__name__), panel='brainycp')
    code = _status(data)
    if code is None:
        raise PanelProtocolError('BrainyCP answered %s/%s without a usable status (error, code or err): %s'
                                 % (module, operation, quoted(text)), panel='brainycp')
    message = next((data[key] for key in MESSAGE_KEYS if isinstance(data.get(key), str)), '')
    return BrainycpAnswer(code, message, data.get('detail'), data)


def _too_deep(data, limit):
    """Whether ``data`` nests lists and objects deeper than ``limit``, found without recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            pending.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return False


def _status(data):
    """The status code: the first number among ``error``, ``code`` and ``err``.

    PHP code often answers ``"error": false`` for success, or ``"error": true`` beside a ``code``;
    a number always wins, and without one ``false`` means 0 and ``true`` a failure of unknown code (-1).
    """
    flags = []
    for key in STATUS_KEYS:
        value = data.get(key)
        if isinstance(value, bool):
            flags.append(value)
            continue
        number = as_int(value)
        if number is not None:
            return number
    if not flags:
        return None
    return -1 if any(flags) else 0


def as_int(value):
    """``value`` as an int when it is a whole number or a string of one, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return plain_number(value, signed=True)
    return None


def _is_login_failure(answer):
    return answer.code == 1 and answer.message.strip().lower().startswith('not perm')

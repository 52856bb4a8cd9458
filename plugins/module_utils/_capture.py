# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Captures of what a module exchanged with a panel, for turning a real server's behaviour into a test.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

With the environment variable ``HOSTING_PANELS_CAPTURE`` set to a file name, every module run appends
JSON lines to that file: one ``task`` line (module, arguments, check and diff mode), one ``exchange``
line per HTTP request (panel, request, response, HTTP status, duration), and one ``result`` line.
Lines of one run share a ``run`` id, so the runs of parallel forks can be told apart.

Nothing secret is written: passwords, secret keys, session cookies and the values of every option
marked ``no_log`` are replaced by ``********``, in headers, in Plesk XML (any ``password`` element),
in BrainyCP forms and JSON (any field whose name contains ``pass``), and then once more wherever
they occur in the line.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import uuid
from urllib.parse import parse_qsl, urlencode

try:
    import fcntl
except ImportError:  # not on every platform; a line is then written with one append call only
    fcntl = None

CAPTURE_VARIABLE = 'HOSTING_PANELS_CAPTURE'
MASK = '********'  # as _errors.MASK
# The fewest characters of a secret an answer cut inside it must end with to be masked: fewer would mask the end
# of most cut answers.
SHORTEST_CUT_SECRET = 3
# In place of a JSON body nested too deeply to mask.
TOO_DEEP = '[a JSON body nested too deeply to mask: left out]'

SECRET_HEADERS = frozenset(('http_auth_passwd', 'key', 'authorization', 'cookie', 'set-cookie', 'x-api-key'))
SECRET_FIELD = re.compile(r'pass|secret|token', re.IGNORECASE)
# Plesk carries passwords as <password>text</password> or <password><value>text</value>...</password>.  An
# element left open (an answer cut short) is masked to the end; with that, and attributes read only up to the
# next tag, each match ends where a failed one would have searched, so a body is masked in one pass.  An empty
# element (<password/>) opens nothing.
SECRET_ELEMENT = re.compile(r'(<(password|passwd|secret_key)(?:\s[^<>]*)?(?<!/)>)(.*?)(</\2\s*>|\Z)',
                            re.DOTALL | re.IGNORECASE)
SECRET_VALUE = re.compile(r'(<value>).*?(</value\s*>|\Z)', re.DOTALL)


def from_environment(panel, secrets=()):
    """The capture the environment asks for, or None."""
    path = os.environ.get(CAPTURE_VARIABLE)
    return Capture(path, panel, secrets) if path else None


class Capture:
    """Appends the lines of one module run to a capture file."""

    def __init__(self, path, panel, secrets=()):
        self.path = path
        self.panel = panel
        self.run = uuid.uuid4().hex
        # Kept by reference: a module learns some secrets (from the environment) after the capture starts.
        self.secrets = secrets

    def task(self, module, args, check_mode, diff):
        self._write(kind='task', module=module, args=args, check_mode=check_mode, diff=diff)

    def exchange(self, method, url, request_headers, request, status=None, response_headers=None, response=None,
                 duration=None, error=None):
        self._write(kind='exchange', method=method, url=url,
                    request_headers=mask_headers(request_headers), request=mask_body(request, self.secrets),
                    status=status, response_headers=mask_headers(response_headers or {}),
                    response=None if response is None else self._masked_response(response, error),
                    duration_ms=None if duration is None else round(duration * 1000, 1), error=error)

    def result(self, result):
        self._write(kind='result', result=result)

    def _masked_response(self, response, error):
        """The answer masked; one cut short (``error``) also without the start of a secret it ends with, which no
        spelling of the whole secret matches."""
        text = mask_body(response, self.secrets)
        if error is None:
            return text
        cut = max((length for secret in self.secrets if isinstance(secret, str)
                   for length in range(min(len(secret) - 1, len(text)), SHORTEST_CUT_SECRET - 1, -1)
                   if text.endswith(secret[:length])), default=0)
        return text[:-cut] + MASK if cut else text

    def _write(self, **line):
        line = dict(panel=self.panel, run=self.run,
                    time=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='milliseconds'), **line)
        try:
            text = json.dumps(line, ensure_ascii=False, sort_keys=True)
        except TypeError:  # keys that do not sort together, such as a diff keyed by names some of which are None
            text = json.dumps(line, ensure_ascii=False)
        text = scrub(text, self.secrets) + '\n'
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError:
            return  # a capture must never make a task fail
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            # An answer may carry a lone surrogate (a JSON escape such as \ud800), which UTF-8 cannot hold.
            os.write(descriptor, text.encode('utf-8', 'backslashreplace'))
        finally:
            os.close(descriptor)


def scrub(text, secrets):
    """``text``, a line of the capture (JSON), with every spelling of each secret (``_masking.secret_spellings``),
    and each as JSON text writes it, masked."""
    return _masked(text, [str(value) for value in secrets if value], in_json=True)


def _masked(text, secrets, in_json=False):
    """``_errors.masked``, imported on first use: tools/capture.py loads this file alone, with nothing but the
    standard library, to check captures."""
    if not secrets:
        return text
    from ansible_collections.hosting.panels.plugins.module_utils._errors import masked  # pylint: disable=import-outside-toplevel
    return masked(text, secrets, in_json)


def mask_headers(headers):
    return {str(name): MASK if str(name).lower() in SECRET_HEADERS else _text(value)
            for name, value in headers.items()}


def mask_body(body, secrets=()):
    """A request or answer body as text, with its secret fields masked whatever its format, and ``secrets``
    masked in the values of a body that is written again (JSON, a form), where their spelling could change; the
    line a capture writes is masked as a whole as well."""
    text = _text(body)
    stripped = text.lstrip()
    secrets = [str(value) for value in secrets if value]
    if stripped.startswith('<'):
        return SECRET_ELEMENT.sub(_masked_element, text)
    if stripped.startswith(('{', '[')):
        try:
            return json.dumps(_mask_json(json.loads(text), secrets), ensure_ascii=False)
        except ValueError:
            return text
        except RecursionError:
            # Too deep to read or to mask, so it cannot be shown safely.
            return TOO_DEEP
    if '=' in text and '\n' not in text:
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(name, MASK if SECRET_FIELD.search(name) else _masked(value, secrets)) for name, value in pairs])
    return text


def mask_form(form):
    """A form (a dict) with the values of secret fields masked."""
    return {name: MASK if SECRET_FIELD.search(str(name)) else value for name, value in form.items()}


def _masked_element(match):
    inner = match.group(3)
    # <password><value>x</value><type>plain</type></password>: keep the structure, hide the value.
    hidden = SECRET_VALUE.sub(r'\1%s\2' % MASK, inner) if '<value>' in inner else MASK
    return match.group(1) + hidden + match.group(4)


def _mask_json(value, secrets=()):
    if isinstance(value, dict):
        return {key: MASK if SECRET_FIELD.search(str(key)) and not isinstance(item, (dict, list))
                else _mask_json(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_json(item, secrets) for item in value]
    return _masked(value, secrets) if isinstance(value, str) else value


def _text(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', errors='replace')
    return '' if value is None else str(value)


def unmasked_secrets(lines):
    """Where capture ``lines`` (JSON text) seem to carry a secret in the clear: a secret header, field or
    element, or a password argument, whose value is not masked.  For checking captures before they are
    shared or committed."""
    problems = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        for name, value in (record.get('request_headers') or {}).items():
            if name.lower() in SECRET_HEADERS and value != MASK:
                problems.append('line %d: header %s is not masked' % (number, name))
        for field in ('request', 'response'):
            text = record.get(field) or ''
            if not _masked_already(text):
                problems.append('line %d: a password field or element of the %s is not masked' % (number, field))
        args = record.get('args') or {}
        for name, value in args.items():
            if SECRET_FIELD.search(name) and value not in (None, MASK):
                problems.append('line %d: the task argument %s is not masked' % (number, name))
    return problems


def _masked_already(text):
    masked = mask_body(text)
    try:
        return json.loads(masked) == json.loads(text)
    except ValueError:
        pass
    if not text.lstrip().startswith('<') and '=' in text:
        return sorted(parse_qsl(masked, keep_blank_values=True)) == sorted(parse_qsl(text, keep_blank_values=True))
    return masked == text

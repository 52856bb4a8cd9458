# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Masking a task's secrets in a panel's text, however the panel escaped them when it echoed them back.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Apart from :mod:`._errors` because only a run that fails, warns or records a capture needs it, and a module
run compiles every module_utils it imports (AnsiballZ runs them from a zip, for which Python keeps no
bytecode): :func:`._errors.masked` imports this on first use.
"""

from __future__ import annotations

import itertools
import json
import re
from urllib.parse import quote, quote_plus

from ansible_collections.hosting.panels.plugins.module_utils._errors import MASK

# Per secret: the longest run of ASCII letters and digits in it, which every spelling keeps as it is, so that a
# text without it holds no spelling of the secret; and its spellings (also as JSON text writes them), once needed.
_MARKERS = {}
_PATTERN_OF = {}
_ANY_CASE_OF = {}
_ALPHANUMERIC_RUN = re.compile(r'[A-Za-z0-9]+')
_PERCENT_ESCAPE = re.compile(r'%[0-9A-F]{2}')


def _longest_first(text):
    """Longest first; among texts of one length, in one order every run, whatever the order of the set."""
    return -len(text), text


def _beyond_ascii(character):
    return ord(character) > 127


def _control(character):
    return ord(character) < 32 or ord(character) == 127


def _beyond_ascii_or_control(character):
    return _beyond_ascii(character) or _control(character)


def _punctuation(character):
    return 32 < ord(character) < 127 and not character.isalnum()


def _written_as_reference(character):
    """Whether a writer may spell ``character`` as a numeric reference: a letter beyond ASCII, a control character,
    or ASCII punctuation (Go's escapers write ``"`` as ``&#34;``, some PHP code ``+`` as ``&#43;``)."""
    return _beyond_ascii_or_control(character) or _punctuation(character)


# The characters the spellings write as references, in every mix; the rest (punctuation among them) is left to
# _reference_pattern.
_REFERENCED = (_beyond_ascii, _control, _beyond_ascii_or_control)


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
    with letters beyond ASCII or control characters as character references; URL-encoded (as Python and PHP do it); and as Python's
    ``repr`` writes it, of the text or of its UTF-8 bytes.  Masking only the value as given would let an escaped
    echo through."""
    spellings = set()
    for secret in secrets:
        if not isinstance(secret, str) or len(secret) < 2:
            continue
        in_markup = _markup_forms(secret)
        # Writers spell letters beyond ASCII, control characters (an XML writer's &#10; or &#13;), or both, as
        # numeric references; every other mix is left to _reference_pattern.
        written = list(in_markup)
        for reference, referenced in itertools.product(('&#%d;', '&#x%x;', '&#x%X;'), _REFERENCED):
            in_markup |= {''.join(reference % ord(character) if referenced(character) else character for character in form)
                          for form in written}
        # Python's quote() leaves "/" as it is unless told otherwise; some writers put the hex digits in lower case.
        in_url = {quote(secret, safe=''), quote_plus(secret, safe=''), quote(secret), quote_plus(secret, safe='/')}
        in_url |= {form.replace('~', '%7E') for form in in_url}
        in_url |= {_PERCENT_ESCAPE.sub(lambda escape: escape.group(0).lower(), form) for form in in_url}
        # repr() of a text that holds both quotes escapes the apostrophe; of one that holds neither, it does not.
        in_python = {repr(secret)[1:-1], repr('"' + secret)[2:-1], repr(secret.encode('utf-8'))[2:-1],
                     repr(b'"' + secret.encode('utf-8'))[3:-1]}
        spellings |= {secret} | _json_forms(secret) | in_markup | in_url | in_python
    return spellings


def _markup_forms(secret):
    """``secret`` in HTML or XML text, with each way of writing ``& < >`` and the quotes."""
    markup = secret.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    forms = {markup, markup.replace('"', '&quot;')}
    for apostrophe in ('&#039;', '&#39;', '&#x27;', '&apos;'):
        forms |= {markup.replace("'", apostrophe), markup.replace('"', '&quot;').replace("'", apostrophe)}
    return forms


def _reference_pattern(secret, in_json):
    """A pattern of ``secret`` in HTML or XML text with each of its control characters, letters beyond ASCII and
    ASCII punctuation written as it is or as any numeric reference (decimal or hex, in either case, padded with zeros or not), each
    in its own way, as writers mix them (libxml2 writes a carriage return as &#13; but a line feed as it is); with
    ``in_json``, as JSON text writes the characters.  None for a secret without such characters."""
    if not any(_written_as_reference(character) for character in secret):
        return None
    alternatives = []
    # The secret as it is too: "&", "<" and ">" written as numeric references rather than named ones.
    for form in sorted(_markup_forms(secret) | {secret}, key=_longest_first):
        parts = []
        for character in form:
            written = re.escape(json.dumps(character, ensure_ascii=False)[1:-1] if in_json else character)
            if _written_as_reference(character):
                hex_digits = ''.join('[%s%s]' % (digit, digit.upper()) if digit.isalpha() else digit
                                     for digit in '%x' % ord(character))
                written = '(?:%s|&#0*%d;|&#[xX]0*%s;)' % (written, ord(character), hex_digits)
            parts.append(written)
        alternatives.append(''.join(parts))
    return re.compile('|'.join(alternatives), re.IGNORECASE)


def _pattern_of(secret, in_json):
    key = (secret, in_json)
    if key not in _PATTERN_OF:
        _PATTERN_OF[key] = _reference_pattern(secret, in_json)
    return _PATTERN_OF[key]


def _marker(secret):
    marker = _MARKERS.get(secret)
    if marker is None:
        runs = _ALPHANUMERIC_RUN.findall(secret)
        marker = _MARKERS[secret] = max(runs, key=len) if runs else ''
    return marker


def _any_case_of(secret, in_json):
    """One pattern of every spelling of ``secret`` (:func:`secret_spellings`; with ``in_json``, also as JSON text
    writes them), longest first, in any case: a panel may echo a secret in capitals (an error text in upper case)."""
    key = (secret, in_json)
    if key not in _ANY_CASE_OF:
        spellings = secret_spellings([secret])
        if in_json:
            spellings |= {json.dumps(form, ensure_ascii=False)[1:-1] for form in spellings}
        _ANY_CASE_OF[key] = re.compile('|'.join(re.escape(spelling) for spelling in sorted(spellings, key=_longest_first)),
                                       re.IGNORECASE)
    return _ANY_CASE_OF[key]


# The secrets of the last collection masked, by marker, with the lengths of the markers: the task's secrets
# are one set throughout a run, and Ansible's no_log values only grow, so a new size means new secrets.
_INDEX = [None]
# What a look-up of one slice of a text costs, against what searching the text for one marker costs per
# character (C's search is some hundred times faster per character than a look-up from Python).
LOOK_UP_COST = 100


def _by_marker(secrets):
    cached = _INDEX[0]
    if cached is not None and cached[0] is secrets and cached[1] == len(secrets):
        return cached[2], cached[3]
    by_marker = {}
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= 2:
            # In lower case, as the text is searched: an echo may change the case.
            by_marker.setdefault(_marker(secret).lower(), []).append(secret)
    lengths = sorted({len(marker) for marker in by_marker if marker})
    _INDEX[0] = (secrets, len(secrets), by_marker, lengths)
    return by_marker, lengths


def _markers_in(text, by_marker, lengths):
    """The markers of ``by_marker`` that ``text`` holds ('' always: a secret without ASCII letters or digits).

    A few markers are searched for one by one; among thousands (a task with a password per account, masking a
    few texts per account), that would cost the square of the accounts, so the text is searched by its own runs
    of letters and digits instead, a look-up per run, position and length of marker: whichever costs less.
    """
    if len(by_marker) * (300 + len(text)) <= LOOK_UP_COST * len(lengths) * len(text):
        return [marker for marker in by_marker if marker in text]
    found = [''] if '' in by_marker else []
    # A marker is letters and digits only, so it lies inside one run of them in the text.
    for run in _ALPHANUMERIC_RUN.findall(text):
        for length in lengths:
            for start in range(len(run) - length + 1):
                if run[start:start + length] in by_marker:
                    found.append(run[start:start + length])
    return found


def masked(text, secrets, in_json=False):
    """``text`` with every spelling of each of ``secrets`` (with ``in_json``, also as JSON text writes the
    spellings) replaced by ``********``, longest first, so that no part of a longer one is left."""
    by_marker, lengths = _by_marker(secrets)
    found = {secret for marker in _markers_in(text.lower(), by_marker, lengths) for secret in by_marker[marker]}
    # Without a numeric reference in the text, a pattern could only find what the plain spellings find.
    references = '&#' in text
    # Secret by secret, the longest first, each in every spelling, so that a shorter secret inside a longer one
    # cannot break the longer one up before all its spellings are found.
    for secret in sorted(found, key=_longest_first):
        pattern = _pattern_of(secret, in_json) if references else None
        if pattern is not None:
            text = pattern.sub(MASK, text)
        text = _any_case_of(secret, in_json).sub(MASK, text)
    return text

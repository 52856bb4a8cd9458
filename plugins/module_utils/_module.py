# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ansible glue shared by every module: connection options, clients and failures.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

import copy
import errno
import fcntl
import hashlib
import os
import re
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib, remove_values

from ansible_collections.hosting.panels.plugins.module_utils import _http
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError, known_secrets, masked

# _capture.CAPTURE_VARIABLE: the file a module run appends its capture to.
CAPTURE_VARIABLE = 'HOSTING_PANELS_CAPTURE'
CONTROL_CHARACTERS = re.compile(r'[\x00-\x1f\x7f]')
# Text a panel's requests cannot carry, which JSON can write: a task holding it would get as far as building its
# request and end in a traceback.  UTF-8 cannot encode an unpaired surrogate; XML, Plesk's, cannot carry U+FFFE or
# U+FFFF either.  (pattern, what it is, for the message)
SURROGATES = re.compile('[\ud800-\udfff]')
UNSENDABLE = {
    'plesk': (re.compile('[\ud800-\udfff\ufffe\uffff]'),
              'U+FFFE, U+FFFF or an unpaired surrogate, which the XML API cannot carry'),
    'brainycp': (SURROGATES, 'an unpaired surrogate, which UTF-8 cannot encode'),
}
# Reads are asked again at most this often: with the doubling backoff, the last pause is over four minutes.
MAX_RETRIES = 10
PROTOCOL_VERSION = re.compile(r'^[0-9]+(\.[0-9]+){1,3}$')
# Room for the largest single operation the modules send, with the packet around it.
MIN_PACKET_SIZE = 1024

# Plesk takes a password or a secret key; a value in the task wins over these variables.
PLESK_SECRET_VARIABLES = (('password', 'PLESK_PASSWORD'), ('secret_key', 'PLESK_SECRET_KEY'))


def _env(name):
    return (env_fallback, [name])


PLESK_CONNECTION_SPEC = dict(
    host=dict(type='str', required=True, fallback=_env('PLESK_HOST')),
    port=dict(type='int', default=8443, fallback=_env('PLESK_PORT')),
    scheme=dict(type='str', default='https', choices=['https', 'http'], fallback=_env('PLESK_SCHEME')),
    login=dict(type='str', default='admin', fallback=_env('PLESK_LOGIN')),
    password=dict(type='str', no_log=True),
    secret_key=dict(type='str', no_log=True),
    validate_certs=dict(type='bool', default=True, fallback=_env('PLESK_VALIDATE_CERTS')),
    ca_path=dict(type='path', fallback=_env('PLESK_CA_PATH')),
    timeout=dict(type='int', default=30, fallback=_env('PLESK_TIMEOUT')),
    retries=dict(type='int', default=3, fallback=_env('PLESK_RETRIES')),
    api_version=dict(type='str', fallback=_env('PLESK_API_VERSION')),
    # _plesk_client.DEFAULT_MAX_PACKET_SIZE; a literal here, so that reading the spec does not import lxml.
    max_packet_size=dict(type='int', default=8388608, fallback=_env('PLESK_MAX_PACKET_SIZE')),
)

BRAINYCP_CONNECTION_SPEC = dict(
    host=dict(type='str', required=True, fallback=_env('BRAINYCP_HOST')),
    port=dict(type='int', default=8000, fallback=_env('BRAINYCP_PORT')),
    scheme=dict(type='str', default='https', choices=['https', 'http'], fallback=_env('BRAINYCP_SCHEME')),
    username=dict(type='str', required=True, fallback=_env('BRAINYCP_USERNAME')),
    password=dict(type='str', required=True, no_log=True, fallback=_env('BRAINYCP_PASSWORD')),
    validate_certs=dict(type='bool', default=True, fallback=_env('BRAINYCP_VALIDATE_CERTS')),
    ca_path=dict(type='path', fallback=_env('BRAINYCP_CA_PATH')),
    timeout=dict(type='int', default=60, fallback=_env('BRAINYCP_TIMEOUT')),
    retries=dict(type='int', default=3, fallback=_env('BRAINYCP_RETRIES')),
    request_style=dict(type='str', default='documented', choices=['documented', 'module', 'combined'],
                       fallback=_env('BRAINYCP_REQUEST_STYLE')),
)


class PanelModule(AnsibleModule):
    """An AnsibleModule that records its run in a capture file when ``HOSTING_PANELS_CAPTURE`` asks for one."""

    capture = None
    held_locks = ()

    def __init__(self, *args, **kwargs):
        panel = kwargs.pop('panel')
        super().__init__(*args, **kwargs)
        # Errors quote the panel's answers with these masked, however the panel escaped them (_errors.quoted).
        known_secrets(self.no_log_values)
        pattern, what = UNSENDABLE[panel]
        found, seen = [], set()
        for name, value in self.params.items():
            for path, text in _unsendable(pattern, name, value):
                # An option given by an alias is in the parameters under both names, as one object.
                if id(text) not in seen:
                    seen.add(id(text))
                    found.append('%s must not contain %s, got %s' % (
                        path, what, 'a value that is not shown' if text in self.no_log_values else repr(text)))
        if found:
            self.fail_json(msg='; '.join(found))

    def start_capture(self, panel):
        if not os.environ.get(CAPTURE_VARIABLE):
            return
        # Imported only for a capture: every task that does not record one is spared compiling it.
        from ansible_collections.hosting.panels.plugins.module_utils import _capture  # pylint: disable=import-outside-toplevel
        self.capture = _capture.from_environment(panel, self.no_log_values)
        if self.capture is not None:
            args = remove_values(self.params, self.no_log_values)
            for name, spec in self.argument_spec.items():
                if spec.get('no_log') and args.get(name) is not None:
                    args[name] = _capture.MASK
            self.capture.task(self._name, args, self.check_mode, self._diff)

    def exit_json(self, **kwargs):
        self._capture_result(dict(kwargs))
        self._release()
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._capture_result(dict(kwargs, msg=msg, failed=True))
        self._release()
        super().fail_json(msg, **kwargs)

    def _release(self):
        """Let the next run on the same objects in (see one_at_a_time); the run's result is settled."""
        held, self.held_locks = self.held_locks, ()
        for handle in held:
            os.close(handle)

    def _capture_result(self, result):
        if self.capture is not None:
            self.capture.result(remove_values(result, self.no_log_values))


def plesk_module(argument_spec, **kwargs):
    """An AnsibleModule with the Plesk connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(PLESK_CONNECTION_SPEC)
    spec.update(argument_spec)
    kwargs['mutually_exclusive'] = [('password', 'secret_key')] + list(kwargs.get('mutually_exclusive', []))
    module = PanelModule(argument_spec=spec, panel='plesk', **kwargs)
    _plesk_credentials(module)
    version = module.params['api_version']
    if version is not None and not PROTOCOL_VERSION.match(version):
        module.fail_json(msg='api_version must be an XML API protocol version such as 1.6.9.1, got %r' % version)
    if module.params['max_packet_size'] < MIN_PACKET_SIZE:
        module.fail_json(msg='max_packet_size must be at least %d bytes, got %r' % (MIN_PACKET_SIZE, module.params['max_packet_size']))
    module.start_capture('plesk')
    return module


def _plesk_credentials(module):
    """Take the password or secret key from the environment when the task gives neither.

    Not an env_fallback: Ansible applies fallbacks before its mutual-exclusion check, so a task
    with a secret key would fail wherever PLESK_PASSWORD is set, as AWX credentials set it.
    """
    params = module.params
    if params['password'] is None and params['secret_key'] is None:
        found = [(option, variable) for option, variable in PLESK_SECRET_VARIABLES if os.environ.get(variable)]
        if not found:
            module.fail_json(msg='one of password or secret_key is required; they can also come from the '
                             'PLESK_PASSWORD or PLESK_SECRET_KEY environment variable')
        if len(found) > 1:
            module.fail_json(msg='both PLESK_PASSWORD and PLESK_SECRET_KEY are set and the task gives neither '
                             'password nor secret_key: unset one of the variables, or give one in the task')
        option, variable = found[0]
        params[option] = os.environ[variable]
        module.no_log_values.add(params[option])
    # With a secret key, the login is not sent.
    _refuse_empty(module, *(('login',) if params['secret_key'] is None else ()), 'password', 'secret_key')
    # These travel as HTTP headers, which cannot carry every string; the message never shows the value.  A
    # secret from a variable (not checked with the options) may hold a surrogate: bytes that are not UTF-8.
    for option in ('login', 'password', 'secret_key'):
        value = params[option]
        if value is not None and (CONTROL_CHARACTERS.search(value) or SURROGATES.search(value) or value != value.strip()):
            module.fail_json(msg='%s cannot be sent in an HTTP header: it contains a line break, another control '
                             'character or an unpaired surrogate, or begins or ends with blanks (the value is not '
                             'shown)' % option)


def _refuse_empty(module, *options):
    """An empty login or secret (from the task or a variable set but empty) would only get the panel's login
    error, after a request; refuse it before, naming it."""
    for option in options:
        if module.params[option] == '':
            module.fail_json(msg='%s must not be empty, got %r' % (option, ''))


def _unsendable(pattern, path, value):
    """``(option path, text)`` for every text in ``value`` that holds a character of ``pattern``."""
    if isinstance(value, str):
        return [(path, value)] if pattern.search(value) else []
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _unsendable(pattern, '%s.%s' % (path, key), item)]
    if isinstance(value, list):
        # A list of thousands of ids or names (sites) is passed over at C's speed: by the types of its items, and
        # by one search over all its texts.
        kinds = set(map(type, value))
        if (kinds == {str} and pattern.search(''.join(value)) is None) or not kinds & {str, dict, list}:
            return []
        return [found for index, item in enumerate(value)
                for found in _unsendable(pattern, '%s[%d]' % (path, index), item)]
    return []


def brainycp_module(argument_spec, **kwargs):
    """An AnsibleModule with the BrainyCP connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(BRAINYCP_CONNECTION_SPEC)
    spec.update(argument_spec)
    module = PanelModule(argument_spec=spec, panel='brainycp', **kwargs)
    _refuse_empty(module, 'username', 'password')
    module.start_capture('brainycp')
    return module


def plesk_client(module):
    """The Plesk client for this module run, or a clear failure when a library is missing."""
    # Imported here: a BrainyCP module does not pay for lxml.
    from ansible_collections.hosting.panels.plugins.module_utils import _plesk_client  # pylint: disable=import-outside-toplevel
    _require_library(module, 'lxml', _plesk_client.HAS_LXML, _plesk_client.LXML_IMPORT_ERROR)
    params = module.params
    return _plesk_client.PleskClient(_http_client(module, 'plesk'), login=params['login'], password=params['password'],
                                     secret_key=params['secret_key'], version=params['api_version'],
                                     max_packet_size=params['max_packet_size'])


def brainycp_client(module):
    """The BrainyCP client for this module run."""
    from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import (  # pylint: disable=import-outside-toplevel
        BrainycpClient,
    )
    params = module.params
    return BrainycpClient(_http_client(module, 'brainycp'), username=params['username'],
                          password=params['password'], style=params['request_style'])


def fail(module, error, msg=None, attempt=None, **result):
    """Fail the task with a panel error's message and details, keeping partial results.

    The message names the panel's address and, with ``attempt`` (``'reading the services'``), what was
    being done.
    """
    text = msg or error.message
    if attempt:
        text = '%s failed: %s' % (attempt[0].upper() + attempt[1:], text)
    endpoint = _endpoint(module)
    if endpoint and endpoint not in text:
        text = '%s: %s' % (endpoint, text)
    module.fail_json(msg=text, error=error.to_dict(), **result)


DONE, NOT_DONE, UNKNOWN = 'done', 'not done', 'unknown'


def send_changes(module, send, result, entries, revert, confirm=None, unknown=None, label=None):
    """Run ``send`` (which sends the planned changes and returns the per-item failures) outside check mode.

    When ``send`` raises before the changes reached the panel, ``revert(entry)`` undoes the planned change of
    each acting entry, because none happened, and the task fails.

    When the exchange broke off after the changes may have reached the panel, ``confirm(acting)`` reads the
    state back and returns the outcome of each acting entry, DONE, NOT_DONE or UNKNOWN, having put what it
    read into the entries.  Only DONE settles an entry: a change not yet made when read back may still be
    under way on the panel, so ``unknown(entry)`` marks every other entry (``*_after`` and ``changed`` become
    None).  When every change shows as done, the task goes on, warning that the answer was lost; otherwise
    it fails with ``changed`` true, naming (with ``label(entry)``) what was made, what was not made yet and
    what no read can tell.  Without ``confirm``, or when reading back fails too, every acting entry is
    unknown.
    """
    if module.check_mode:
        return []
    try:
        return send()
    except PanelError as error:
        # Compiled only by a run whose write failed (a task compiles its module_utils every time).
        from ansible_collections.hosting.panels.plugins.module_utils import _failed_write  # pylint: disable=import-outside-toplevel
        return _failed_write.settle(module, error, result, entries, revert, confirm, unknown, label)


def fail_on_item_errors(module, failures, result):
    """Fail the task when some items failed; the message names every one."""
    if failures:
        fail(module, failures[0], msg='; '.join(failure.message for failure in failures), **result)


def item_error(result):
    """The ``error`` entry of an item whose operation failed: the panel's code and text."""
    return dict(code=result.errcode, text=masked(result.errtext))


def with_diff(module, result, before, after):
    """Add a before/after diff to ``result`` when the task runs in diff mode."""
    if module._diff:
        result['diff'] = dict(before=before, after=after)
    return result


def report_option(full):
    """The ``report`` option: ``full``, a list with an entry per item (the default), or ``changes``."""
    return dict(type='str', default=full, choices=[full, 'changes'])


def report_changes(module, result, full, name, changed=lambda item: item['changed'], leave_out=()):
    """Give a successful result the form ``report`` asks for, and return it.

    With ``report: changes`` the list ``full`` gives way to ``changed_<full>``, the ``name`` of each of
    its items that ``changed``, in the list's order, and the keys ``leave_out`` go too: Ansible's
    handling of a result costs time per value, and a list of thousands of entries is most of it. A
    failure returns everything, so every ``fail`` comes before this.
    """
    if module.params['report'] == 'changes':
        result['changed_' + full] = [name(item) for item in result.pop(full) if changed(item)]
        for key in leave_out:
            del result[key]
    return result


def unique_names(module, option, values, problem_of=None):
    """``values`` stripped, without duplicates, in order ([] when the option is not set).

    An empty list, a blank name, or a name with a line break or another control character fails
    naming ``option`` and the value; so does any other problem ``problem_of`` (such as
    :func:`site_problem`; :func:`text_problem` when not given) finds.
    """
    def accept(value):
        check_text(module, option, value, problem_of)
        return value.strip()
    return _unique_values(module, option, values, accept)


def positive_ids(module, option, values):
    """``values`` without duplicates, in order ([] when the option is not set); an empty list or an
    id below 1 fails naming ``option``."""
    def accept(value):
        if value < 1:
            module.fail_json(msg='%s must contain positive ids, got %r' % (option, values))
        return value
    return _unique_values(module, option, values, accept)


def _unique_values(module, option, values, accept):
    if values is None:
        return []
    if not values:
        module.fail_json(msg='%s must not be an empty list; leave the option out instead' % option)
    # A dict keeps the order and finds duplicates in constant time: 10,000 sites cost no more per site than one.
    unique = {}
    for value in values:
        unique.setdefault(accept(value), None)
    return list(unique)


def text_problem(value):
    """Why ``value`` cannot be a name, or None when it can."""
    if not isinstance(value, str) or not value.strip():
        return 'must not be empty'
    if CONTROL_CHARACTERS.search(value):
        return 'must not contain line breaks or other control characters'
    return None


def is_mail_address(value):
    """Whether ``value`` (stripped) has the shape of one mail address, ``name@domain``: what the modules check
    before a request, leaving the rest to the panel, which knows which addresses it takes."""
    return bool(_MAIL_ADDRESS.match(value.strip()))


_MAIL_ADDRESS = re.compile(r'^[^@\s]+@[^@\s]+$')


# The longest domain name DNS carries (RFC 1035); a longer one names no site, and its lookup alone could be
# larger than the smallest max_packet_size.
LONGEST_DOMAIN_NAME = 253


def site_problem(value):
    """Why ``value`` cannot be the domain name of a site, or None when it can."""
    problem = text_problem(value)
    if problem is None and len(value.strip().rstrip('.')) > LONGEST_DOMAIN_NAME:
        problem = 'must be a domain name of at most %d characters' % LONGEST_DOMAIN_NAME
    return problem


def check_text(module, option, value, problem_of=None):
    """Fail naming ``option`` and ``value`` when ``value`` cannot be a name (``problem_of``, by default
    :func:`text_problem`, says why)."""
    problem = (problem_of or text_problem)(value)
    if problem:
        module.fail_json(msg='%s %s, got %r' % (option, problem, value))


def site_reference(module, where, item):
    """The site an entry of a ``sites`` list names (``where``, such as ``sites[0]``): its domain name, stripped,
    or its id; an entry that gives both or neither, a bad name or an id below 1 fails naming the field."""
    site, site_id = item['site'], item['site_id']
    if (site is None) == (site_id is None):
        module.fail_json(msg='%s: give exactly one of site and site_id, got site=%r, site_id=%r' % (where, site, site_id))
    if site is not None:
        check_text(module, where + '.site', site, site_problem)
        return site.strip()
    if site_id < 1:
        module.fail_json(msg='%s.site_id must be a positive id, got %r' % (where, site_id))
    return site_id


# How long a run waits for other runs on its objects before it fails.
LOCK_WAIT = 300
# Objects share a lock file when their names fall in the same bucket: a fixed number bounds the files a scope
# leaves in the folder, and with this many, two runs on 20 different objects each meet in one about one time
# in ten.
LOCK_BUCKETS = 4096
# A run on more buckets than this takes the scope's lock alone, for itself (one file, where thousands of open
# files could pass the limit of the process); every other run shares the scope's lock, so none misses it.
MOST_BUCKETS = 64
# Modules that change the same objects lock them in one scope; any other module's scope is its own name.
LOCK_SCOPES = {'plesk_mailbox': 'plesk mail accounts', 'plesk_mailbox_rename': 'plesk mail accounts'}
# What flock raises when another run holds the lock; any other error means the folder cannot hold locks.
LOCK_HELD = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)
# No link is followed, and files are made in the folder checked to be the user's, not in whatever its path names
# a moment later.  Lock files are opened for writing, never written: NFS grants an exclusive flock only so.
LOCK_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, 'O_CLOEXEC', 0)
LOCK_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | getattr(os, 'O_CLOEXEC', 0)


def lock_bucket(item):
    """The bucket of one object as a module names it, the same in every process (so not ``hash()``).

    Names are compared without case, as Plesk and BrainyCP compare domain and mail names: two runs that
    spell one name differently share its bucket, and two runs on different names at worst wait.
    """
    digest = hashlib.sha256(repr(item).lower().encode('utf-8')).digest()
    return int.from_bytes(digest[:4], 'big') % LOCK_BUCKETS


def one_at_a_time(module, *objects, wait=LOCK_WAIT):
    """Wait until no other run on this host changes any of these objects of the same panel.

    Forks of one play that converge the same objects would otherwise all read the old state and all
    report the change one of them made.  The locks are advisory file locks, per bucket of objects, in a
    folder of the user's own in the temporary folder of the host that runs the module, held until the run
    ends; check mode, which changes nothing, takes none.  A scope is a panel (its host without regard to
    case) and the kind of object (LOCK_SCOPES).  Runs whose lists of objects overlap share at least one
    bucket.  Every run takes the scope's gate, then the scope's lock (shared, or for itself when it has
    more than MOST_BUCKETS buckets), lets the gate go, and takes its buckets in ascending order: no two
    runs can wait for each other in a circle, and a run that waits for the scope's lock alone is not passed
    by runs that keep sharing it, as flock alone would let them.  An object is known by the name the run
    gives it; the Plesk modules that take sites name a site by its id, found before they lock
    (``read_sites``'s ``on_found``), so that its domain and its id are one object.  Called once per run,
    before the first read of the objects' state.
    """
    if module.check_mode or not objects:
        return
    name = module._name.rsplit('.', 1)[-1]  # a task may call the module with or without the collection's prefix
    kind = LOCK_SCOPES.get(name, name)
    prefix = hashlib.sha256(('%s|%s' % (kind, _lock_endpoint(module))).encode('utf-8')).hexdigest()[:24]
    buckets = sorted({lock_bucket(item) for item in objects})
    alone = len(buckets) > MOST_BUCKETS
    whose = ' or '.join(sorted(other for other, shared in LOCK_SCOPES.items() if shared == kind)) or module._name
    # Set before the first wait, so that a failure releases what the run holds so far (and nothing held before
    # is left open: a second call would wait for its own locks).
    module._release()
    held = module.held_locks = []
    deadline = time.monotonic() + wait
    folder = None

    def take(file_name, how):
        held.append(os.open(file_name, LOCK_FILE_FLAGS, 0o600, dir_fd=folder))
        _wait_for(module, held[-1], how, deadline, wait, whose)
        return held[-1]

    try:
        folder = _lock_folder()
        gate = take(prefix + '.gate', fcntl.LOCK_EX)
        take(prefix + '.lock', fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        held.remove(gate)
        os.close(gate)
        for bucket in [] if alone else buckets:
            take('%s-%04d.lock' % (prefix, bucket), fcntl.LOCK_EX)
    except OSError as exc:
        module._release()
        module.warn('Could not take the lock that keeps parallel runs on the same objects apart (%s); going on '
                    'without it, so runs on the same objects at the same time may each report the same change' % exc)
    finally:
        if folder is not None:
            os.close(folder)


def _lock_folder():
    """This user's folder of locks, made if missing, opened; OSError unless it is the user's own and closed to
    everyone else, where no other user can put a link for a lock file to follow, or hold the locks."""
    path = os.path.join(tempfile.gettempdir(), 'hosting-panels-locks-%d' % os.geteuid())
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    folder = os.open(path, LOCK_FOLDER_FLAGS)
    found = os.fstat(folder)
    if found.st_uid != os.geteuid() or found.st_mode & 0o077:
        os.close(folder)
        raise OSError(errno.EPERM, '%s is not a folder of this user alone (its own, closed to others)' % path)
    return folder


def _wait_for(module, handle, kind, deadline, wait, whose):
    """Take the lock on ``handle`` (``kind``: shared or exclusive), waiting for the run that holds it until
    ``deadline``; OSError if the folder cannot hold locks."""
    while True:
        try:
            fcntl.flock(handle, kind | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in LOCK_HELD:
                raise
        if time.monotonic() > deadline:
            module.fail_json(msg='Waited %s seconds for other runs of %s on some of the same objects of %s, or on '
                             'objects that share their locks; nothing was changed' % (wait, whose, _endpoint(module)))
        time.sleep(0.05)


def _endpoint(module):
    """``host:port`` as the errors name the panel, or None before the options are known."""
    params = getattr(module, 'params', None) or {}
    host, port = (params.get('host') or '').strip(), params.get('port')
    if not host or port is None:
        return None
    return '%s:%s' % ('[%s]' % host if ':' in host else host, port)


def _lock_endpoint(module):
    """The panel as the locks know it: its host name without regard to case or a final dot, and its port."""
    params = module.params
    return '%s:%s' % ((params.get('host') or '').strip().rstrip('.').lower(), params.get('port'))


def _require_library(module, name, present, import_error):
    if not present:
        module.fail_json(msg=missing_required_lib(name), exception=import_error)


def _host_name_problem(host):
    """Why DNS cannot carry ``host`` (stripped), or None; an IPv6 address has no labels to check."""
    if CONTROL_CHARACTERS.search(host) or ' ' in host:
        return 'it contains a blank or a control character'
    if ':' in host:
        return None
    if not host.isascii():
        try:
            host = host.encode('idna').decode('ascii')  # what the resolver is given
        except UnicodeError as exc:
            return 'it is not a valid internationalized domain name (%s)' % exc
    labels = (host[:-1] if host.endswith('.') else host).split('.')  # a trailing dot marks a full name
    if any(not 0 < len(label) <= 63 for label in labels):
        return 'each dot-separated part must have 1 to 63 characters'
    return None


def _http_client(module, panel):
    params = module.params
    host = params['host'].strip()
    if not host or '/' in host or host.startswith('[') or host.count(':') == 1:
        module.fail_json(msg='host must be a host name or an IP address, without scheme, port or path, '
                         'got %r' % params['host'])
    problem = _host_name_problem(host)
    if problem:
        module.fail_json(msg='host %r cannot be looked up: %s' % (params['host'], problem))
    if not 1 <= params['port'] <= 65535:
        module.fail_json(msg='port must be between 1 and 65535, got %r' % params['port'])
    if params['timeout'] <= 0:
        module.fail_json(msg='timeout must be a positive number of seconds, got %r' % params['timeout'])
    if not 0 <= params['retries'] <= MAX_RETRIES:
        module.fail_json(msg='retries must be between 0 and %d, got %r' % (MAX_RETRIES, params['retries']))
    if ':' in host:
        host = '[%s]' % host
    base_url = '%s://%s:%d' % (params['scheme'], host, params['port'])
    return _http.HttpClient(base_url, validate_certs=params['validate_certs'], ca_path=params['ca_path'],
                            timeout=params['timeout'], panel=panel, capture=getattr(module, 'capture', None),
                            read_attempts=params['retries'] + 1)

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ansible glue shared by every module: connection options, clients and failures.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

import copy
import os
import re

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib, remove_values

from ansible_collections.hosting.panels.plugins.module_utils import _capture
from ansible_collections.hosting.panels.plugins.module_utils import _http
from ansible_collections.hosting.panels.plugins.module_utils import _plesk_client
from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import BrainycpClient
from ansible_collections.hosting.panels.plugins.module_utils._errors import PanelError
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import PleskClient

CONTROL_CHARACTERS = re.compile(r'[\x00-\x1f\x7f]')
PROTOCOL_VERSION = re.compile(r'^[0-9]+(\.[0-9]+){1,3}$')

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
    api_version=dict(type='str', fallback=_env('PLESK_API_VERSION')),
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
    request_style=dict(type='str', default='documented', choices=['documented', 'module', 'combined'],
                       fallback=_env('BRAINYCP_REQUEST_STYLE')),
)


class PanelModule(AnsibleModule):
    """An AnsibleModule that records its run in a capture file when ``HOSTING_PANELS_CAPTURE`` asks for one."""

    capture = None

    def start_capture(self, panel):
        self.capture = _capture.from_environment(panel, self.no_log_values)
        if self.capture is not None:
            args = remove_values(self.params, self.no_log_values)
            for name, spec in self.argument_spec.items():
                if spec.get('no_log') and args.get(name) is not None:
                    args[name] = _capture.MASK
            self.capture.task(self._name, args, self.check_mode, self._diff)

    def exit_json(self, **kwargs):
        self._capture_result(dict(kwargs))
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._capture_result(dict(kwargs, msg=msg, failed=True))
        super().fail_json(msg, **kwargs)

    def _capture_result(self, result):
        if self.capture is not None:
            self.capture.result(remove_values(result, self.no_log_values))


def plesk_module(argument_spec, **kwargs):
    """An AnsibleModule with the Plesk connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(PLESK_CONNECTION_SPEC)
    spec.update(argument_spec)
    kwargs['mutually_exclusive'] = [('password', 'secret_key')] + list(kwargs.get('mutually_exclusive', []))
    module = PanelModule(argument_spec=spec, **kwargs)
    _plesk_credentials(module)
    version = module.params['api_version']
    if version is not None and not PROTOCOL_VERSION.match(version):
        module.fail_json(msg='api_version must be an XML API protocol version such as 1.6.9.1, got %r' % version)
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
    # These travel as HTTP headers, which cannot carry every string; the message never shows the value.
    for option in ('login', 'password', 'secret_key'):
        value = params[option]
        if value is not None and (CONTROL_CHARACTERS.search(value) or value != value.strip()):
            module.fail_json(msg='%s cannot be sent in an HTTP header: it contains a line break or another '
                             'control character, or begins or ends with blanks (the value is not shown)' % option)


def brainycp_module(argument_spec, **kwargs):
    """An AnsibleModule with the BrainyCP connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(BRAINYCP_CONNECTION_SPEC)
    spec.update(argument_spec)
    module = PanelModule(argument_spec=spec, **kwargs)
    module.start_capture('brainycp')
    return module


def plesk_client(module):
    """The Plesk client for this module run, or a clear failure when a library is missing."""
    _require_library(module, 'lxml', _plesk_client.HAS_LXML, _plesk_client.LXML_IMPORT_ERROR)
    params = module.params
    return PleskClient(_http_client(module, 'plesk'), login=params['login'], password=params['password'],
                       secret_key=params['secret_key'], version=params['api_version'])


def brainycp_client(module):
    """The BrainyCP client for this module run, or a clear failure when a library is missing."""
    params = module.params
    return BrainycpClient(_http_client(module, 'brainycp'), username=params['username'],
                          password=params['password'], style=params['request_style'])


def fail(module, error, msg=None, **result):
    """Fail the task with a panel error's message and details, keeping partial results."""
    module.fail_json(msg=msg or error.message, error=error.to_dict(), **result)


def send_changes(module, send, result, entries, revert):
    """Run ``send`` (which sends the planned changes and returns the per-item failures) outside check mode.

    When ``send`` raises, the task fails with the plan in ``result``: ``changed`` is true when the panel
    may have applied the changes before the exchange broke off; otherwise ``revert(entry)`` undoes the
    planned change of each acting entry, because none happened.
    """
    if module.check_mode:
        return []
    try:
        return send()
    except PanelError as error:
        acting = [entry for entry in entries if entry['changed']]
        if not error.may_have_applied:
            for entry in acting:
                revert(entry)
        result['changed'] = error.may_have_applied and bool(acting)
        fail(module, error, **result)


def fail_on_item_errors(module, failures, result):
    """Fail the task when some items failed; the message names every one."""
    if failures:
        fail(module, failures[0], msg='; '.join(failure.message for failure in failures), **result)


def item_error(result):
    """The ``error`` entry of an item whose operation failed: the panel's code and text."""
    return dict(code=result.errcode, text=result.errtext)


def with_diff(module, result, before, after):
    """Add a before/after diff to ``result`` when the task runs in diff mode."""
    if module._diff:
        result['diff'] = dict(before=before, after=after)
    return result


def unique_names(module, option, values):
    """``values`` stripped, without duplicates, in order ([] when the option is not set).

    An empty list, a blank name, or a name with a line break or another control character fails
    naming ``option`` and the value.
    """
    def accept(value):
        check_text(module, option, value)
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
    unique = []
    for value in values:
        value = accept(value)
        if value not in unique:
            unique.append(value)
    return unique


def text_problem(value):
    """Why ``value`` cannot be a name, or None when it can."""
    if not isinstance(value, str) or not value.strip():
        return 'must not be empty'
    if CONTROL_CHARACTERS.search(value):
        return 'must not contain line breaks or other control characters'
    return None


def check_text(module, option, value):
    """Fail naming ``option`` and ``value`` when ``value`` cannot be a name."""
    problem = text_problem(value)
    if problem:
        module.fail_json(msg='%s %s, got %r' % (option, problem, value))


def _require_library(module, name, present, import_error):
    if not present:
        module.fail_json(msg=missing_required_lib(name), exception=import_error)


def _http_client(module, panel):
    _require_library(module, 'requests', _http.HAS_REQUESTS, _http.REQUESTS_IMPORT_ERROR)
    params = module.params
    host = params['host'].strip()
    if not host or '/' in host or host.startswith('[') or host.count(':') == 1:
        module.fail_json(msg='host must be a host name or an IP address, without scheme, port or path, '
                         'got %r' % params['host'])
    if not 1 <= params['port'] <= 65535:
        module.fail_json(msg='port must be between 1 and 65535, got %r' % params['port'])
    if params['timeout'] <= 0:
        module.fail_json(msg='timeout must be a positive number of seconds, got %r' % params['timeout'])
    if ':' in host:
        host = '[%s]' % host
    base_url = '%s://%s:%d' % (params['scheme'], host, params['port'])
    return _http.HttpClient(base_url, validate_certs=params['validate_certs'], ca_path=params['ca_path'],
                            timeout=params['timeout'], panel=panel, capture=getattr(module, 'capture', None))

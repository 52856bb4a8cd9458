# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ansible glue shared by every module: connection options, clients and failures.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.hosting.panels.plugins.module_utils import _http
from ansible_collections.hosting.panels.plugins.module_utils import _plesk_client
from ansible_collections.hosting.panels.plugins.module_utils._brainycp_client import BrainycpClient
from ansible_collections.hosting.panels.plugins.module_utils._plesk_client import PleskClient


def _env(name):
    return (env_fallback, [name])


PLESK_CONNECTION_SPEC = dict(
    host=dict(type='str', required=True, fallback=_env('PLESK_HOST')),
    port=dict(type='int', default=8443, fallback=_env('PLESK_PORT')),
    scheme=dict(type='str', default='https', choices=['https', 'http'], fallback=_env('PLESK_SCHEME')),
    login=dict(type='str', default='admin', fallback=_env('PLESK_LOGIN')),
    password=dict(type='str', no_log=True, fallback=_env('PLESK_PASSWORD')),
    secret_key=dict(type='str', no_log=True, fallback=_env('PLESK_SECRET_KEY')),
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
)


def plesk_module(argument_spec, **kwargs):
    """An AnsibleModule with the Plesk connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(PLESK_CONNECTION_SPEC)
    spec.update(argument_spec)
    kwargs['mutually_exclusive'] = [('password', 'secret_key')] + list(kwargs.get('mutually_exclusive', []))
    kwargs['required_one_of'] = [('password', 'secret_key')] + list(kwargs.get('required_one_of', []))
    return AnsibleModule(argument_spec=spec, **kwargs)


def brainycp_module(argument_spec, **kwargs):
    """An AnsibleModule with the BrainyCP connection options merged into ``argument_spec``."""
    spec = copy.deepcopy(BRAINYCP_CONNECTION_SPEC)
    spec.update(argument_spec)
    return AnsibleModule(argument_spec=spec, **kwargs)


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
                          password=params['password'])


def fail(module, error, msg=None, **result):
    """Fail the task with a panel error's message and details, keeping partial results."""
    module.fail_json(msg=msg or error.message, error=error.to_dict(), **result)


def with_diff(module, result, before, after):
    """Add a before/after diff to ``result`` when the task runs in diff mode."""
    if module._diff:
        result['diff'] = dict(before=before, after=after)
    return result


def unique_names(module, option, values):
    """``values`` without blanks and duplicates, in order; a blank entry fails naming ``option``."""
    seen = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            module.fail_json(msg='%s must not contain empty names, got %r' % (option, values))
        if value.strip() not in seen:
            seen.append(value.strip())
    return seen


def positive_ids(module, option, values):
    """``values`` without duplicates, in order; an id below 1 fails naming ``option``."""
    seen = []
    for value in values:
        if value < 1:
            module.fail_json(msg='%s must contain positive ids, got %r' % (option, values))
        if value not in seen:
            seen.append(value)
    return seen


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
                            timeout=params['timeout'], panel=panel)

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AWX credential types in docs/docsite/extra/ are valid, cover every connection option, and work.

"Work" is checked the way AWX uses them: the injectors are rendered as AWX renders them (a sandboxed
Jinja environment; fields left empty are undefined, booleans left unticked are false; a file injector
gives ``tower.filename``), and a module then runs on the fake wire with the environment that results.
"""

from __future__ import annotations

import os
import re
import types

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.hosting.panels.plugins.module_utils import _module
from ansible_collections.hosting.panels.plugins.modules import brainycp_mail_filter_info, plesk_service_info
from ansible_collections.hosting.panels.tests.unit.harness import brainycp_answers
from ansible_collections.hosting.panels.tests.unit.harness.answers import services_state
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import brainycp, plesk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXTRA = os.path.join(ROOT, 'docs', 'docsite', 'extra')

# What AWX accepts in a custom credential type (its CredentialTypeInputField and injector schemas).
TYPE_KEYS = {'name', 'description', 'kind', 'inputs', 'injectors'}
FIELD_KEYS = {'id', 'label', 'type', 'help_text', 'choices', 'format', 'secret', 'multiline', 'ask_at_runtime'}
FIELD_ID = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
INJECTOR_KEYS = {'env', 'extra_vars', 'file'}

PANELS = {
    'plesk': dict(spec=_module.PLESK_CONNECTION_SPEC, secrets=dict(_module.PLESK_SECRET_VARIABLES),
                  # An empty PLESK_API_VERSION is refused, and AWX sets every variable, so it travels as an extra var.
                  extra_vars={'api_version': 'plesk_api_version'}),
    'brainycp': dict(spec=_module.BRAINYCP_CONNECTION_SPEC, secrets={}, extra_vars={}),
}
CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'


def credential_type(panel):
    with open(os.path.join(EXTRA, 'awx-credential-type-%s.yml' % panel), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def variable_of(panel, option):
    """The environment variable an option falls back to, as the module defines it."""
    spec = PANELS[panel]['spec'][option]
    if 'fallback' in spec:
        return spec['fallback'][1][0]
    return PANELS[panel]['secrets'][option]


def render(panel, inputs, directory):
    """``(env, extra_vars, files)`` as AWX injects them for a credential with these inputs."""
    definition = credential_type(panel)
    namespace = {key: value for key, value in inputs.items() if value not in ('', None)}
    for field in definition['inputs']['fields']:
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    sandbox = ImmutableSandboxedEnvironment()
    files = {}
    for label, template in definition['injectors'].get('file', {}).items():
        path = os.path.join(directory, 'awx-file-%s' % label.replace('.', '-'))
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(sandbox.from_string(template).render(**namespace))
        files[label] = path
    single = files.get('template')
    namespace['tower'] = types.SimpleNamespace(filename=single or types.SimpleNamespace(
        **{label.split('.', 1)[1]: path for label, path in files.items()}))
    env = {name: sandbox.from_string(template).render(**namespace)
           for name, template in definition['injectors'].get('env', {}).items()}
    extra_vars = {name: sandbox.from_string(template).render(**namespace)
                  for name, template in definition['injectors'].get('extra_vars', {}).items()}
    return env, extra_vars, files


@pytest.mark.parametrize('panel', PANELS)
def test_the_credential_type_is_one_awx_accepts(panel):
    definition = credential_type(panel)
    assert set(definition) == TYPE_KEYS and definition['kind'] in ('cloud', 'net')
    fields = definition['inputs']['fields']
    ids = [field['id'] for field in fields]
    assert len(ids) == len(set(ids)) and 'tower' not in ids
    for field in fields:
        assert set(field) <= FIELD_KEYS and {'id', 'label'} <= set(field), field
        assert FIELD_ID.match(field['id']) and field.get('type', 'string') in ('string', 'boolean'), field
        if 'choices' in field or 'multiline' in field:
            assert field.get('type', 'string') == 'string', field
    assert set(definition['inputs']['required']) <= set(ids)
    injectors = definition['injectors']
    assert set(injectors) <= INJECTOR_KEYS
    for name in list(injectors.get('env', {})) + list(injectors.get('extra_vars', {})):
        assert not name.startswith('ANSIBLE_'), 'AWX reserves ANSIBLE_ names: %s' % name
    used = set(re.findall(r'\b([a-z_]+)\b', ' '.join(
        str(template) for part in injectors.values() for template in part.values())))
    assert set(ids) <= used, 'fields that no injector uses: %s' % (set(ids) - used)


@pytest.mark.parametrize('panel', PANELS)
def test_every_connection_option_is_injected_and_its_default_is_the_modules(panel, tmp_path):
    definition = credential_type(panel)
    required = {field: 'value-of-%s' % field for field in definition['inputs']['required']}
    env, extra_vars, dummy = render(panel, required, str(tmp_path))
    for option, spec in PANELS[panel]['spec'].items():
        if option in PANELS[panel]['extra_vars']:
            assert extra_vars[PANELS[panel]['extra_vars'][option]] == ''
            continue
        variable = variable_of(panel, option)
        assert variable in env, '%s (%s) is not injected' % (option, variable)
        if option in required:
            continue
        expected = spec.get('default')
        if isinstance(expected, bool):
            expected = str(expected).lower()
        assert env[variable] == ('' if expected is None else str(expected)), option
    if panel == 'plesk':
        assert env['PLESK_PASSWORD'] == '' and env['PLESK_SECRET_KEY'] == ''


def test_a_plesk_credential_with_only_the_host_and_a_password_works(wire, monkeypatch, tmp_path):
    env, extra_vars, dummy = render('plesk', {'host': 'plesk.example.com', 'password': 'Pa55-word'}, str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    wire.expect(plesk(services_state(web='running')))
    result = run_module(plesk_service_info, {})
    assert not result.failed, result['msg']
    sent = wire.sent[0]
    assert sent.url == 'https://plesk.example.com:8443/enterprise/control/agent.php'
    assert (sent.headers['HTTP_AUTH_LOGIN'], sent.headers['HTTP_AUTH_PASSWD']) == ('admin', 'Pa55-word')
    assert 'KEY' not in sent.headers and sent.verify is True and sent.timeout == 30


def test_a_plesk_credential_with_every_field_works(wire, monkeypatch, tmp_path):
    inputs = {'host': '10.0.0.5', 'port': '8880', 'scheme': 'http', 'login': 'robot', 'secret_key': 'key-1',
              'skip_tls_verify': False, 'ca_certificate': CA_PEM, 'timeout': '45', 'retries': '0',
              'api_version': '1.6.9.0'}
    env, extra_vars, files = render('plesk', inputs, str(tmp_path))
    assert extra_vars == {'plesk_api_version': '1.6.9.0'}
    with open(env['PLESK_CA_PATH'], encoding='utf-8') as handle:
        assert handle.read() == CA_PEM
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    wire.expect(plesk(services_state(web='running')))
    # The job template's playbook passes the extra variable on: api_version: "{{ plesk_api_version | default(omit, true) }}"
    result = run_module(plesk_service_info, {'api_version': extra_vars['plesk_api_version']})
    assert not result.failed, result['msg']
    sent = wire.sent[0]
    assert sent.url == 'http://10.0.0.5:8880/enterprise/control/agent.php'
    assert sent.headers['KEY'] == 'key-1' and 'HTTP_AUTH_PASSWD' not in sent.headers
    assert sent.verify == files['template'] and sent.timeout == 45
    assert b'version="1.6.9.0"' in sent.body


def test_an_unticked_tls_box_verifies_and_a_ticked_one_does_not(tmp_path):
    for panel, variable in (('plesk', 'PLESK_VALIDATE_CERTS'), ('brainycp', 'BRAINYCP_VALIDATE_CERTS')):
        base = {'host': 'h', 'username': 'u', 'password': 'p'}
        assert render(panel, base, str(tmp_path))[0][variable] == 'true'
        assert render(panel, dict(base, skip_tls_verify=True), str(tmp_path))[0][variable] == 'false'


def test_a_brainycp_credential_with_the_required_fields_works(wire, monkeypatch, tmp_path):
    env, dummy, dummy = render('brainycp', {'host': 'brainy.example.com', 'username': 'root', 'password': 'Pa55'},
                               str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    wire.expect(brainycp(brainycp_answers.status(True)), brainycp(brainycp_answers.status(False)))
    result = run_module(brainycp_mail_filter_info, {})
    assert not result.failed, result['msg']
    sent = wire.sent[0]
    assert sent.url == 'https://brainy.example.com:8000/api/api.php'
    assert (sent.form['username'], sent.form['password'], sent.form['mailserver']) == ('root', 'Pa55', 'mailserver')
    assert sent.verify is True and sent.timeout == 60


def test_a_brainycp_credential_with_every_field_works(wire, monkeypatch, tmp_path):
    inputs = {'host': '10.0.0.6', 'port': '8002', 'scheme': 'http', 'username': 'root', 'password': 'Pa55',
              'ca_certificate': CA_PEM, 'timeout': '90', 'retries': '1', 'request_style': 'module'}
    env, dummy, files = render('brainycp', inputs, str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    wire.expect(brainycp(brainycp_answers.status(True)), brainycp(brainycp_answers.status(False)))
    result = run_module(brainycp_mail_filter_info, {})
    assert not result.failed, result['msg']
    sent = wire.sent[0]
    assert sent.url == 'http://10.0.0.6:8002/api/api.php'
    assert (sent.form['login'], sent.form['pass'], sent.form['subdo']) == ('root', 'Pa55', 'clamav')
    assert sent.verify == files['template'] and sent.timeout == 90

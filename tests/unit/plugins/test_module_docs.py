# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module's DOCUMENTATION, EXAMPLES and RETURN parse, and RETURN documents what the module returns.

The second part runs each module on the fake wire (the one HTTP seam) through a success path and a failure
of every kind it can meet: a connection that fails, an HTTP error, an answer that is not XML or JSON, the
panel refusing the login, the panel's own error codes, unknown objects, and a change whose answer is lost.
Every key of every result, nested as deep as it goes, must be documented in RETURN with a matching type;
and the keys of ``error`` that the module's RETURN documents must be exactly those the runs produced, so the
documentation claims nothing the module cannot return.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
import requests
import yaml

from ansible_collections.hosting.panels.tests.emulator.profiles import OBSIDIAN_SERVICES
from ansible_collections.hosting.panels.tests.unit.harness import brainycp_answers as brainy
from ansible_collections.hosting.panels.tests.unit.harness.answers import (
    answer,
    done,
    error_result,
    lookup,
    mailboxes,
    named_mailboxes,
    ok_result,
    packet,
    prefs,
    services_state,
    srv_man,
    system_error,
    webmail_done,
    webmail_lists,
)
from ansible_collections.hosting.panels.tests.unit.harness import mail_answers as mail
from ansible_collections.hosting.panels.tests.unit.harness.modules import run_module
from ansible_collections.hosting.panels.tests.unit.harness.wire import Exchange, FakeWire, brainycp, install, plesk

# Every module of the collection; each needs its runs in SCENARIOS below.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULES = tuple(sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                       if name.endswith('.py') and not name.startswith('_')))

# Keys every Ansible module may return, documented once for all in Ansible's "Return Values" page.
COMMON_RETURN_VALUES = {'changed', 'failed', 'msg', 'diff', 'invocation', 'warnings', 'deprecations', 'exception'}
PYTHON_TYPES = {'str': str, 'int': int, 'bool': bool, 'list': list, 'dict': dict, 'float': float}

PLESK = {'host': 'plesk.example.com', 'password': 'Plesk-Pa55word', 'retries': 0}
BRAINYCP = {'host': 'brainy.example.com', 'username': 'root', 'password': 'Brainy-Pa55word', 'retries': 0}
HORDE = ('Horde', 'http://webmail.example.com/horde', True)
REJECTED_WEBMAIL = ("Parser error: Request is invalid. Error in line 1: Element 'webmail': This element is not "
                    'expected. Expected is one of ( request-settings, server, customer, webspace, mail, site ).')
SEED_RENAMES = [{'site_id': 11, 'name': 'admin', 'new_name': 'administrator'},
                {'site_id': 11, 'name': 'common', 'new_name': 'main'}]
SEED_NAMES = ('admin', 'administrator', 'common', 'main')
# A mail name no panel has, too long for the read to fit the smallest max_packet_size: refused before any request.
LONG_NAME = 'a' * 1100


def lost():
    """An exchange whose connection fails before an answer: a read-back that cannot tell anything."""
    return Exchange(raises=requests.exceptions.ConnectionError('connection refused'))


def cut(exchange):
    """The same answer, broken off after a few bytes: a change that may have applied."""
    exchange.cut_after = 10
    return exchange


def plesk_mail_sites(*sites):
    """Sites given by id, read in one packet: ``(id, name, kind, mail_service)``."""
    return plesk(answer([lookup(site[0], site[0], site[1], site[2]) for site in sites],
                        [prefs(site[0], site[3], dkim_signing=True) for site in sites]))


def mailbox_read(*existing_names, missing='error'):
    """The two read packets of plesk_mailbox for info@example.org, with the accounts that exist."""
    existing = {name: mail.account(name) for name in existing_names}
    return [plesk(answer(lookup('example.org', 11))), plesk(answer(mail.accounts(['info'], existing, missing)))]


def renames_read(*existing):
    return plesk(answer(lookup(11, 11, 'example.org'), named_mailboxes(SEED_NAMES, existing)))


# name: (connection, success args, success exchanges, {failure label: (args or None for the success args, exchanges)})
SCENARIOS = {
    'plesk_service': (PLESK, {'name': ['web', 'fail2ban'], 'state': 'stopped'}, [
        plesk(services_state(web='running', fail2ban='running')), plesk(srv_man('web', 'fail2ban'))], {
        'an operation fails': (None, [plesk(services_state(web='running', fail2ban='running')),
                                      plesk(srv_man('web', (1013, "Service 'fail2ban' does not exist")))]),
        'an unknown service': ({'name': ['mysql'], 'state': 'stopped'}, [plesk(services_state(web='running'))]),
        'the answer to the change is lost': (None, [plesk(services_state(web='running', fail2ban='running')),
                                                    cut(plesk(srv_man('web', 'fail2ban'))), lost()]),
    }),
    'plesk_service_info': (PLESK, {}, [plesk(services_state(web='running', dns='stopped'))], {
        'an unknown service': ({'name': ['mysql']}, [plesk(services_state(web='running'))]),
        'the read fails': (None, [plesk(packet('<server><get>%s</get></server>'
                                               % error_result(1006, 'Permission denied')))]),
    }),
    'plesk_mail_service': (PLESK, {'site_id': [1, 2], 'state': 'enabled'}, [
        plesk_mail_sites((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
        plesk(answer(done('mail', 'enable'), done('mail', 'enable')))], {
        'an operation fails': (None, [
            plesk_mail_sites((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
            plesk(answer(done('mail', 'enable'), done('mail', 'enable', (1023, 'Operation failed'))))]),
        'an unknown site': ({'site': ['example.invalid']}, [plesk(answer(lookup('example.invalid')))]),
        'the answer to the change is lost': (None, [
            plesk_mail_sites((1, 'example.com', 'webspace', False), (2, 'example.net', 'site', False)),
            cut(plesk(answer(done('mail', 'enable'), done('mail', 'enable')))), lost()]),
    }),
    'plesk_mail_settings': (PLESK, {'site_id': [1, 2], 'webmail': 'roundcube', 'nonexistent_user': {'action': 'reject'}}, [
        plesk_mail_sites((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', True)),
        plesk(answer(done('mail', 'set_prefs'), done('mail', 'set_prefs')))], {
        'an operation fails': (None, [
            plesk_mail_sites((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', False)),
            plesk(answer(done('mail', 'set_prefs'),
                         done('mail', 'set_prefs', (1023, 'There is no DSMail service for domain with id = 2'))))]),
        'an unknown site': ({'site': ['example.invalid'], 'greylisting': False}, [plesk(answer(lookup('example.invalid')))]),
        'the answer to the change is lost': (None, [
            plesk_mail_sites((1, 'example.com', 'webspace', True), (2, 'example.net', 'site', True)),
            cut(plesk(answer(done('mail', 'set_prefs'), done('mail', 'set_prefs')))), lost()]),
        # Webmail names and bounce texts have no limit of their own: a long one makes its set_prefs larger than
        # the packet allows.
        'an operation larger than max_packet_size': (
            {'site_id': [2], 'webmail': 'x' * 1100, 'max_packet_size': 1024},
            [plesk_mail_sites((2, 'example.net', 'site', True))]),
    }),
    'plesk_mailbox_rename': (PLESK, {'renames': SEED_RENAMES}, [
        renames_read('admin', 'common'), plesk(answer(done('mail', 'rename'), done('mail', 'rename')))], {
        'an operation fails': (None, [renames_read('admin', 'common'), plesk(answer(
            done('mail', 'rename'), done('mail', 'rename', (1023, 'There is no DSMail service for domain with id = 11'))))]),
        'an unknown site': ({'site_id': 99, 'name': 'admin', 'new_name': 'root'},
                            [plesk(answer(lookup(99), named_mailboxes(['admin', 'root'])))]),
        'a conflict': (None, [renames_read('admin', 'administrator', 'common')]),
        'a name too long for max_packet_size': ({'site_id': 11, 'name': 'admin', 'new_name': 'x' * 1100,
                                                 'max_packet_size': 1024}, []),
        'the answer to the change is lost': (None, [renames_read('admin', 'common'), cut(plesk(answer(
            done('mail', 'rename'), done('mail', 'rename')))), lost()]),
    }),
    'plesk_mail_info': (PLESK, {'site_id': [11]}, [
        plesk(answer(lookup(11, 11, 'example.org'), prefs(11, True), mailboxes('admin')))], {
        'an unknown site': ({'site': ['example.invalid']}, [plesk(answer(lookup('example.invalid')))]),
        'the read fails': ({}, [plesk(answer(('site', 'get', error_result(1006, 'Permission denied')),
                                             ('webspace', 'get', ok_result())))]),
    }),
    'plesk_webmail': (PLESK, {'name': 'Horde', 'state': 'absent'}, [
        plesk(answer(webmail_lists(HORDE))), plesk(answer(webmail_done('unregister', 'Horde')))], {
        'an operation fails': ({'name': 'Horde', 'url': 'https://elsewhere.example.com/horde'}, [
            plesk(answer(webmail_lists(HORDE))),
            plesk(answer(webmail_done('unregister', 'Horde'),
                         webmail_done('register', 'Horde', failure=(1019, 'Invalid value of url'))))]),
        'no webmail operator': (None, [plesk(system_error(1014, REJECTED_WEBMAIL, version='1.6.9.1'))]),
        'an operation larger than max_packet_size': (
            {'name': 'Horde', 'url': 'https://webmail.example.com/' + 'x' * 1100, 'max_packet_size': 1024},
            [plesk(answer(webmail_lists(HORDE)))]),
        'the answer to the change is lost': (None, [plesk(answer(webmail_lists(HORDE))),
                                                    cut(plesk(answer(webmail_done('unregister', 'Horde')))), lost()]),
    }),
    'plesk_webmail_info': (PLESK, {}, [plesk(answer(webmail_lists(HORDE)))], {
        'an unknown service': ({'name': ['Nope']}, [plesk(answer(webmail_lists(HORDE)))]),
        'no webmail operator': (None, [plesk(system_error(1014, REJECTED_WEBMAIL, version='1.6.9.1'))]),
        'the read fails': (None, [plesk(answer(('webmail', 'get-supported', error_result(1006, 'Permission denied')),
                                               ('webmail', 'get-available', ok_result())))]),
    }),
    'plesk_mailbox': (PLESK, {'mailboxes': [{'address': 'info@example.org', 'password': 'Mailb0x-Secret!'}]},
                      mailbox_read() + [plesk(answer(mail.created('info')))], {
        'an operation fails': (None, mailbox_read() + [
            plesk(answer(mail.created('info', failure=(1023, 'There is no DSMail service for domain with id = 11'))))]),
        'an unknown site': ({'mailboxes': [{'address': 'info@example.invalid'}]},
                            [plesk(answer(lookup('example.invalid')))]),
        'the answer to the change is lost': (None, mailbox_read() + [cut(plesk(answer(mail.created('info')))),
                                                                     lost()]),
        'an operation larger than max_packet_size': (
            {'mailboxes': [{'address': 'info@example.org', 'description': 'x' * 1100}], 'max_packet_size': 1024},
            mailbox_read()),
    }),
    'plesk_mailbox_info': (PLESK, {'address': ['info@example.org', 'nobody@example.org']}, [
        plesk(answer(lookup('example.org', 11))),
        plesk(answer(mail.accounts(['info', 'nobody'], {'info': mail.account('info')})))], {
        'an unknown site': ({'address': ['info@example.invalid']}, [plesk(answer(lookup('example.invalid')))]),
        'a name too long for max_packet_size': ({'address': [LONG_NAME + '@example.org'], 'max_packet_size': 1024},
                                                [plesk(answer(lookup('example.org', 11)))]),
        'the read fails': (None, [plesk(answer(('site', 'get', error_result(1006, 'Permission denied')),
                                               ('webspace', 'get', ok_result())))]),
    }),
    'brainycp_mail_filter': (BRAINYCP, {'name': ['clamav'], 'state': 'enabled'}, [
        brainycp(brainy.status(False)), brainycp(brainy.status(True))], {
        'the answer to the change is lost': (None, [brainycp(brainy.status(False)),
                                                    cut(brainycp(brainy.status(True))), lost()]),
    }),
    'brainycp_mail_filter_info': (BRAINYCP, {}, [brainycp(brainy.status(True)), brainycp(brainy.status(False))], {}),
    'brainycp_mail_queue': (BRAINYCP, {'id': [brainy.BOUNCE['id']]}, [
        brainycp(brainy.queue_list(*brainy.QUEUE)), brainycp(brainy.removed(brainy.BOUNCE['id'])),
        brainycp(brainy.queue_list(brainy.NEWSLETTER, brainy.BILLING, brainy.ROOT_NEW_ID))], {
        'an operation fails': (None, [
            brainycp(brainy.queue_list(*brainy.QUEUE)),
            brainycp(brainy.answer(102, 'The server for sending letters is missing or incorrectly specified'))]),
        'the answer to the change is lost': (None, [brainycp(brainy.queue_list(*brainy.QUEUE)),
                                                    cut(brainycp(brainy.removed(brainy.BOUNCE['id']))), lost()]),
    }),
    'brainycp_mail_queue_info': (BRAINYCP, {}, [brainycp(brainy.queue_list(*brainy.QUEUE))], {}),
}

# Failures the module decides itself from what it read, with msg only: not an error of the panel.
REFUSED_WITHOUT_PANEL_ERROR = {('plesk_mailbox_rename', 'a conflict')}

# Failures of the first exchange that every module of a panel can meet.
FIRST_EXCHANGE_FAILURES = {
    'plesk': {
        'the connection fails': lost,
        'HTTP 502': lambda: plesk('<html>Bad Gateway</html>', status=502),
        'an answer that is not XML': lambda: plesk('Fatal error: out of memory'),
        'a wrong password (1001)': lambda: plesk(system_error(1001, 'Authentication failed - wrong password.')),
        'an unsupported protocol (1005)': lambda: plesk(system_error(1005, 'XML API protocol version not supported.')),
    },
    'brainycp': {
        'the connection fails': lost,
        'HTTP 500': lambda: brainycp('<html>Internal Server Error</html>', status=500),
        "the panel's IP filter (HTTP 403)": lambda: brainycp('<html>Forbidden</html>', status=403),
        'an answer that is not JSON': lambda: brainycp('Fatal error: out of memory'),
        'a refused login (Not perm2)': lambda: brainycp(brainy.login_failure()),
        'the module is not available (400)': lambda: brainycp(brainy.not_available()),
    },
}


def module_of(name):
    return importlib.import_module('ansible_collections.hosting.panels.plugins.modules.%s' % name)


def documentation(name):
    module = module_of(name)
    return {part: yaml.safe_load(getattr(module, part)) for part in ('DOCUMENTATION', 'EXAMPLES', 'RETURN')}


def runs(name):
    """``(label, args, exchanges)`` of every run of the module: the success path and each failure."""
    assert name in SCENARIOS, ('the module %s has no runs in SCENARIOS of %s: add a success run and the failures '
                               'it can meet, so that its RETURN is checked' % (name, __file__))
    connection, args, exchanges, failures = SCENARIOS[name]
    panel = 'plesk' if name.startswith('plesk') else 'brainycp'
    yield 'success', dict(connection, **args), exchanges
    for label, make in FIRST_EXCHANGE_FAILURES[panel].items():
        yield label, dict(connection, **args), [make()]
    for label, (other_args, failure_exchanges) in failures.items():
        yield label, dict(connection, **(args if other_args is None else other_args)), failure_exchanges


def run(monkeypatch, name, args, exchanges):
    wire = FakeWire()
    install(monkeypatch, wire)
    # Exchanges are built per run: cut answers are consumed as they are read.
    wire.expect(*exchanges)
    result = run_module(module_of(name), args)
    # Every scripted exchange was asked for: a scenario that stops early is not the one it claims to be.
    wire.assert_done()
    return result, wire


def type_problems(value, spec, where):
    """What in ``value`` its RETURN ``spec`` does not document, or documents with another type."""
    if value is None:
        return []
    kind = spec.get('type')
    expected = PYTHON_TYPES.get(kind)
    if expected is not None and (not isinstance(value, expected) or (kind == 'int' and isinstance(value, bool))):
        return ['%s is %s %r, documented as %s' % (where, type(value).__name__, value, kind)]
    if kind == 'dict':
        if 'contains' not in spec:
            return ['%s is a dict, documented without contains' % where]
        return key_problems(value, spec['contains'], where + '.')
    if kind == 'list':
        element_spec = {'type': spec.get('elements', 'raw')}
        if 'contains' in spec:
            element_spec['contains'] = spec['contains']
        problems = []
        for index, element in enumerate(value):
            problems.extend(type_problems(element, element_spec, '%s[%d]' % (where, index)))
        return problems
    return []


def key_problems(values, documented, prefix=''):
    problems = []
    for key, value in values.items():
        if key not in documented:
            problems.append('%s%s is returned but not documented' % (prefix, key))
        else:
            problems.extend(type_problems(value, documented[key], prefix + key))
    return problems


def sample_problems(documented, prefix=''):
    """Samples whose type is not the documented one, and dict samples with undocumented keys."""
    problems = []
    for key, spec in documented.items():
        where = prefix + key
        for field in ('description', 'type'):
            if field not in spec:
                problems.append('%s has no %s' % (where, field))
        if 'sample' in spec:
            sample = spec['sample']
            if spec.get('type') == 'list' and not isinstance(sample, list):
                sample = [sample]  # a list may be documented by a sample of one element
            problems.extend('sample of ' + problem for problem in type_problems(sample, spec, where))
        if 'contains' in spec:
            problems.extend(sample_problems(spec['contains'], where + ('[].' if spec.get('type') == 'list' else '.')))
    return problems


@pytest.mark.parametrize('name', MODULES)
def test_documentation_examples_and_return_parse_and_describe_the_module(name):
    docs = documentation(name)
    assert docs['DOCUMENTATION']['module'] == name
    assert isinstance(docs['EXAMPLES'], list) and docs['EXAMPLES']
    for task in docs['EXAMPLES']:
        assert task.get('name'), 'an example without a name: %r' % task
        modules = [key for key in task if '.' in key]
        assert len(modules) == 1 and modules[0].startswith(('hosting.panels.', 'ansible.builtin.')), task
    assert isinstance(docs['RETURN'], dict) and 'error' in docs['RETURN']
    assert docs['RETURN']['error']['returned'] == 'failure'
    assert sample_problems(docs['RETURN']) == []


@pytest.fixture(scope='module')
def options():
    """Each module's options as ``ansible-doc`` gives them, the doc fragments merged in."""
    # The tree this test runs in is .../ansible_collections/hosting/panels.
    collections = os.path.dirname(os.path.dirname(ROOT))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_DEPRECATION_WARNINGS='false')
    process = subprocess.run([sys.executable, '-m', 'ansible.cli.doc', '--json', '-t', 'module']
                             + ['hosting.panels.' + name for name in MODULES], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, check=False, timeout=120)
    assert process.returncode == 0, process.stderr.decode('utf-8', 'replace')[-2000:]
    docs = json.loads(process.stdout)
    return {fqcn.rsplit('.', 1)[-1]: doc['doc']['options'] for fqcn, doc in docs.items()}


def argument_problems(arguments, documented, where):
    """What in an example's ``arguments`` its module does not take: unknown options, literal values
    outside the choices, suboptions of a dict or of a list of dicts likewise."""
    names = {}
    for name, spec in documented.items():
        for alias in [name] + list(spec.get('aliases') or ()):
            names[alias] = spec
    problems = []
    for key, value in (arguments or {}).items():
        spec = names.get(key)
        if spec is None:
            problems.append('%s%s: not an option' % (where, key))
            continue
        templated = isinstance(value, str) and '{{' in value
        values = value if spec.get('type') == 'list' and isinstance(value, list) else [value]
        if spec.get('choices') and not templated:
            problems.extend('%s%s: %r is not one of %s' % (where, key, item, spec['choices'])
                            for item in values if item not in spec['choices'])
        if spec.get('suboptions') and not templated:
            for index, item in enumerate(values):
                if isinstance(item, dict):
                    label = '%s%s[%d].' % (where, key, index) if spec.get('type') == 'list' else '%s%s.' % (where, key)
                    problems.extend(argument_problems(item, spec['suboptions'], label))
    return problems


@pytest.mark.parametrize('name', MODULES)
def test_every_example_gives_its_module_only_options_it_takes(name, options):
    problems = []
    for task in documentation(name)['EXAMPLES']:
        for key, arguments in task.items():
            if key.startswith('hosting.panels.'):
                module = key.rsplit('.', 1)[-1]
                problems.extend(argument_problems(arguments, options[module], '%s: ' % task['name']))
    assert problems == []


# Where the docs show tasks of the modules besides EXAMPLES: YAML blocks of the guides and READMEs, and the
# playbooks and roles users copy.
SHOWN_IN = ('README.md', 'docs/docsite/rst', 'docs/docsite/extra/playbooks', 'playbooks', 'roles')
RST_YAML = re.compile(r'^( *)\.\. code-block:: yaml(\+jinja)?\n\n((?:\1 +.*\n|\n)+)', re.MULTILINE)
MARKDOWN_YAML = re.compile(r'^```ya?ml\n(.*?)^```', re.MULTILINE | re.DOTALL)


def shown_yaml():
    """``(where, document)`` for every YAML block or file the docs show."""
    for top in SHOWN_IN:
        path = os.path.join(ROOT, top)
        files = [path] if os.path.isfile(path) else sorted(
            os.path.join(folder, file) for folder, dummy, files in os.walk(path) for file in files)
        for file in files:
            where = os.path.relpath(file, ROOT)
            with open(file, encoding='utf-8') as handle:
                text = handle.read()
            if file.endswith('.rst'):
                blocks = [textwrap.dedent(match.group(3)) for match in RST_YAML.finditer(text)]
            elif file.endswith('.md'):
                blocks = MARKDOWN_YAML.findall(text)
            elif file.endswith(('.yml', '.yaml')):
                blocks = [text]
            else:
                continue
            for number, block in enumerate(blocks):
                yield '%s, block %d' % (where, number + 1), yaml.safe_load(block)


def action_groups():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)['action_groups']


def module_calls(document, groups=None):
    """``(module, arguments)`` of every task or module default of the collection's modules in ``document``;
    the defaults of an action group count for each module of the group."""
    groups = action_groups() if groups is None else groups
    if isinstance(document, list):
        for item in document:
            yield from module_calls(item, groups)
    elif isinstance(document, dict):
        for key, value in document.items():
            if isinstance(key, str) and key.startswith('hosting.panels.') and key.count('.') == 2:
                yield key.rsplit('.', 1)[-1], value
            elif isinstance(key, str) and key.startswith('group/hosting.panels.'):
                for module in groups.get(key.rsplit('.', 1)[-1], ['unknown group ' + key]):
                    yield module, value
            else:
                yield from module_calls(value, groups)


def test_every_task_the_docs_show_gives_its_module_only_options_it_takes(options):
    problems, calls = [], 0
    for where, document in shown_yaml():
        for module, arguments in module_calls(document):
            calls += 1
            if module not in options:
                problems.append('%s: no module %s' % (where, module))
            elif isinstance(arguments, dict):
                problems.extend(argument_problems(arguments, options[module], '%s: %s: ' % (where, module)))
    # The guides, READMEs, playbooks and roles show 45 tasks, and group defaults that count once for each module
    # of their group: 173 in all; finding far fewer means the search broke.
    assert calls > 100 and problems == []


def test_the_service_tasks_of_the_examples_and_the_docs_name_services_a_plesk_obsidian_server_lists():
    # Plesk Obsidian has no ``mail`` service id, which only the older documentation shows (research note P5):
    # a task copied from these docs must work against the servers users run today.
    listed = {service['id'] for service in OBSIDIAN_SERVICES}
    shown = [('%s example %r' % (name, task['name']), task.get('hosting.panels.' + name))
             for name in ('plesk_service', 'plesk_service_info') for task in documentation(name)['EXAMPLES']]
    shown += [(where, arguments) for where, document in shown_yaml() for module, arguments in module_calls(document)
              if module in ('plesk_service', 'plesk_service_info')]
    problems = []
    for where, arguments in shown:
        names = (arguments or {}).get('name', []) if isinstance(arguments, dict) else []
        named = [names] if isinstance(names, str) else names
        if not (isinstance(names, str) and '{{' in names):
            problems.extend('%s: %s' % (where, name) for name in named if name not in listed)
    assert len(shown) > 5 and problems == []


def test_the_authentication_guide_lists_each_action_group_as_meta_runtime_defines_it():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        groups = yaml.safe_load(handle)['action_groups']
    with open(os.path.join(ROOT, 'docs', 'docsite', 'rst', 'guide_authentication.rst'), encoding='utf-8') as handle:
        guide = handle.read()
    listed = {}
    for group, members in re.findall(r'^``group/hosting\.panels\.(\w+)``\n((?:  .*\n)+)', guide, re.MULTILINE):
        listed[group] = sorted(re.findall(r':ansplugin:`hosting\.panels\.(\w+)#module`', members))
    assert listed == {group: sorted(members) for group, members in groups.items()}


def test_the_example_check_finds_what_a_module_does_not_take(options):
    example = {'mailboxes': [{'address': 'a@example.com', 'quota': '1G', 'state': 'gone', 'colour': 'red'}],
               'report': 'everything', 'hots': 'plesk.example.com', 'state': '{{ wanted }}'}
    assert argument_problems(example, options['plesk_mailbox'], '') == [
        "mailboxes[0].state: 'gone' is not one of ['present', 'absent']", 'mailboxes[0].colour: not an option',
        "report: 'everything' is not one of ['mailboxes', 'changes']", 'hots: not an option']


@pytest.mark.parametrize('name', MODULES)
def test_every_key_a_module_returns_is_documented_and_error_documents_exactly_what_it_returns(name, monkeypatch):
    documented = documentation(name)['RETURN']
    returned_error_keys, labels = set(), []
    for label, args, exchanges in runs(name):
        result, wire = run(monkeypatch, name, args, exchanges)
        assert wire.sent or label == 'a name too long for max_packet_size', '%s: the module sent no request' % label
        assert result.failed == (label != 'success'), '%s: %s' % (label, result.get('msg'))
        problems = key_problems({key: value for key, value in result.items() if key not in COMMON_RETURN_VALUES},
                                documented)
        assert problems == [], '%s: %s' % (label, problems)
        if (name, label) in REFUSED_WITHOUT_PANEL_ERROR:
            assert result.failed and 'error' not in result
        elif result.failed:
            assert 'error' in result, '%s: failed without error: %s' % (label, result['msg'])
            returned_error_keys.update(result['error'])
            labels.append((label, result['error']['type']))
    documented_error_keys = set(documented['error']['contains'])
    assert documented_error_keys - returned_error_keys == set(), (
        'RETURN documents error keys that no run returned; runs: %s' % labels)
    assert returned_error_keys - documented_error_keys == set()


@pytest.mark.parametrize('name', MODULES)
def test_the_documented_error_types_are_those_the_runs_produce(name, monkeypatch):
    description = ' '.join(documentation(name)['RETURN']['error']['contains']['type']['description'])
    produced = set()
    for label, args, exchanges in runs(name):
        if label != 'success' and (name, label) not in REFUSED_WITHOUT_PANEL_ERROR:
            result, dummy = run(monkeypatch, name, args, exchanges)
            produced.add(result['error']['type'])
    documented = set(word[2:-1] for word in description.split() if word.startswith('V(') and word.endswith(')'))
    assert documented == produced

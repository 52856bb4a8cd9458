#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make bench``: what converging the mail service of 1 to 10,000 Plesk sites costs, against the emulator.

Side by side, with a latency on every request (20 ms by default) so that a round trip costs what it
costs over a network:

- the list form: ``hosting.panels.plesk_mail_service`` given every site at once, returning every site
  (``report: sites``, the default) or only the names of the sites switched (``report: changes``);
- the same module in a ``loop``, one run per site;
- an ``ansible.builtin.uri`` loop sending the raw packets users write today: a ``get_prefs`` per site,
  then a ``disable`` per site that needs it;
- a task that changes nothing against ``ansible.builtin.ping``, and where its time goes;
- a fleet: one controller converging 1, 5 and 20 panels (each its own emulator process) with 5 and 20 forks;
- how fast the emulator answers packets of 10,000 operations.

Each form runs once changing every site and once more changing nothing.  The emulator's counters give
the packets and the time the panel itself took; a callback plugin gives each task's time.  The loop
forms are measured up to ``--loop-max`` sites and extrapolated beyond, which the table says.  The
results go to ``docs/benchmark.md``, ``docs/benchmark.json`` and ``docs/benchmark.png``.  This is a
measurement, not a test: it never fails on timing, it says which targets the figures meet.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo import ansible_environment  # noqa: E402 pylint: disable=wrong-import-position,import-error
from emulator import control  # noqa: E402 pylint: disable=wrong-import-position,import-error

BIN = os.path.dirname(sys.executable)
CALLBACKS = os.path.join(ROOT, 'tools', 'bench_plugins', 'callback')
AGENT_PATH = '/enterprise/control/agent.php'
MODULE = 'hosting.panels.plesk_mail_service'
FIRST_ID = 1000

# The targets of the performance issue.
TARGETS = {
    'capacity_seconds': 0.5,  # a packet of 10,000 operations answered in under 0.5 s
    'flat_ratio': 3.0,        # the module's time for 10,000 sites within 3 times its time for 1
    'uri_speedup': 50.0,      # the list form at least 50 times faster than the uri loop at 100 sites
    'ping_ratio': 1.25,       # a task that changes nothing within 1.25 times ping
}


def log(message):
    print(message, flush=True)


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def site_ids(count):
    return list(range(FIRST_ID, FIRST_ID + count))


# -- the emulator ----------------------------------------------------------------------------------------

class Panel:
    """One running emulator: its admin endpoints and its connection details."""

    def __init__(self, ready):
        self.ready = ready
        self.url = ready['plesk']['url']
        self.port = ready['plesk']['port']
        self.ca_file = ready['ca_file']

    def admin(self, path, method='GET', body=None):
        response = requests.request(method, '%s/__emulator__/%s' % (self.url, path), verify=self.ca_file, timeout=300,
                                    data=json.dumps(body) if body is not None else None)
        response.raise_for_status()
        return response.json()

    def seed(self, count):
        """``count`` add-on sites with mail on (ids from 1000), under one subscription."""
        sites = [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}]
        sites += [{'id': site_id, 'name': 'site%05d.example' % (site_id - FIRST_ID), 'kind': 'site', 'webspace_id': 1,
                   'mail_service': True} for site_id in site_ids(count)]
        self.admin('state', 'PUT', {'plesk': {'sites': sites}})

    def stats(self):
        return self.admin('stats')['plesk']


def start_panels(count, workdir, latency):
    """``count`` emulators, each its own process, adding ``latency`` ms to every request, without schema
    checks (the benchmark measures the modules, not the validation) and without a request log."""
    panels, pids = [], []
    try:
        for index in range(count):
            pid, ready = control.start(os.path.join(workdir, 'panel%02d' % index), '--request-log', '',
                                       '--latency', str(latency), lifetime=3600, schemas=False)
            pids.append(pid)
            panels.append(Panel(ready))
    except BaseException:
        stop_panels(pids)
        raise
    return panels, pids


def stop_panels(pids):
    for pid in pids:
        control.stop(pid)


def difference(before, after):
    """Packets, requests and the panel's own time between two readings of the emulator's counters."""
    return {
        'read_packets': after['read_packets'] - before['read_packets'],
        'write_packets': after['write_packets'] - before['write_packets'],
        'requests': after['requests'] - before['requests'],
        'handling_seconds': round(after.get('handling_seconds', 0) - before.get('handling_seconds', 0), 4),
    }


# -- Ansible runs ------------------------------------------------------------------------------------------

class Runner:
    """Runs plays against the emulator with the task_timer callback, which gives each task's time."""

    def __init__(self, panel, workdir):
        self.panel = panel
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)
        self.env = ansible_environment(panel.ready)
        self.times_file = os.path.join(workdir, 'times.jsonl')
        self.env.update(ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_CALLBACKS_ENABLED='task_timer',
                        ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
                        HOSTING_PANELS_TASK_TIMES=self.times_file)

    def play(self, tasks, variables=None, hosts='localhost', inventory=None, forks=None, limit=None):
        """Run one play of ``tasks``; return ``{task name: seconds}``."""
        playbook = os.path.join(self.workdir, 'playbook.yml')
        with open(playbook, 'w', encoding='utf-8') as handle:  # JSON is YAML
            json.dump([{'name': 'benchmark', 'hosts': hosts, 'gather_facts': False, 'tasks': tasks,
                        'module_defaults': {'ansible.builtin.uri': {'ca_path': self.panel.ca_file}}}], handle)
        command = [os.path.join(BIN, 'ansible-playbook'), playbook]
        if variables is not None:
            variables_file = os.path.join(self.workdir, 'variables.json')
            with open(variables_file, 'w', encoding='utf-8') as handle:
                json.dump(variables, handle)
            command += ['-e', '@' + variables_file]
        for option, value in (('-i', inventory), ('-f', forks), ('--limit', limit)):
            if value:
                command += [option, str(value)]
        if os.path.exists(self.times_file):
            os.remove(self.times_file)
        process = subprocess.run(command, env=self.env, cwd=self.workdir, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, check=False)
        if process.returncode != 0:
            sys.stdout.write(process.stdout.decode('utf-8', errors='replace')[-5000:])
            raise SystemExit('benchmark: a playbook failed (exit status %d)' % process.returncode)
        with open(self.times_file, encoding='utf-8') as handle:
            return {line['task']: line['seconds'] for line in map(json.loads, handle)}


def module_task(name, state, site_id='{{ ids }}', loop=False, report='sites'):
    task = {'name': name, MODULE: {'site_id': '{{ item }}' if loop else site_id, 'state': state, 'report': report}}
    if loop:
        task['loop'] = '{{ ids }}'
    return task


def list_form(report):
    """The module given every site in one task, returning ``report``."""
    def tasks(name, state, panel):
        return [module_task(name, state, report=report)]
    return tasks


def loop_form(name, state, panel):
    return [module_task(name, state, loop=True)]


def uri_form(name, state, panel):
    """What users write today: a read per site, then a write per site that needs it, as raw packets."""
    request = {'url': panel.url + AGENT_PATH, 'method': 'POST', 'return_content': True,
               'headers': {'HTTP_AUTH_LOGIN': control.PLESK_LOGIN, 'HTTP_AUTH_PASSWD': control.PLESK_PASSWORD,
                           'Content-Type': 'text/xml'}}
    wanted, operation = ('true', 'enable') if state == 'enabled' else ('false', 'disable')
    read = '<packet><mail><get_prefs><filter><site-id>{{ item }}</site-id></filter></get_prefs></mail></packet>'
    write = '<packet><mail><%s><site-id>{{ item.item }}</site-id></%s></mail></packet>' % (operation, operation)
    return [
        {'name': name + ' (read)', 'ansible.builtin.uri': dict(request, body=read), 'loop': '{{ ids }}',
         'register': 'prefs'},
        {'name': name + ' (write)', 'ansible.builtin.uri': dict(request, body=write), 'loop': '{{ prefs.results }}',
         'loop_control': {'label': '{{ item.item }}'},
         'when': "'<mailservice>%s</mailservice>' not in item.content" % wanted},
    ]


Form = collections.namedtuple('Form', 'tasks report words colour marker width')
# Each way to turn mail off on N sites: the tasks it plays, the module's report for a list form (None marks a
# loop, measured only up to --loop-max sites and extrapolated beyond), its words in the tables, and its line in
# the plot.
FORMS = {
    'list': Form(list_form('sites'), 'sites', 'list form', 'tab:green', 'o', 2),
    'changes': Form(list_form('changes'), 'changes', 'list form, `report: changes`', 'tab:blue', 'D', 1.5),
    # The loop forms send as many packets as each other: the thicker line underneath keeps both visible.
    'loop': Form(loop_form, None, 'module in a loop', 'tab:orange', 's', 3.5),
    'uri': Form(uri_form, None, 'uri loop', 'tab:red', '^', 2),
}
LIST_FORMS = {name: form.report for name, form in FORMS.items() if form.report}
LOOP_FORMS = [name for name, form in FORMS.items() if not form.report]


def stats_task(name, panel):
    return {'name': name, 'ansible.builtin.uri': {'url': panel.url + '/__emulator__/stats'}, 'register': name}


def run_form(runner, form, count):
    """One run of ``form`` on ``count`` sites with mail on: turn it off (a change), then again (no change)."""
    panel = runner.panel
    panel.seed(count)
    build = FORMS[form].tasks
    # The first task of a run builds the module's payload, which later tasks reuse; the uri loop needs none.
    tasks = [] if form == 'uri' else [dict(module_task('warm-up', 'disabled', site_id=[FIRST_ID]), check_mode=True)]
    tasks += [stats_task('s0', panel)] + build('change', 'disabled', panel) + [stats_task('s1', panel)]
    tasks += build('no change', 'disabled', panel) + [stats_task('s2', panel)]
    tasks.append({'name': 'save the counters', 'ansible.builtin.copy': {
        'dest': os.path.join(runner.workdir, 'counters.json'),
        'content': '{{ [s0.json.plesk, s1.json.plesk, s2.json.plesk] | to_json }}'}})
    times = runner.play(tasks, variables={'ids': site_ids(count)})
    with open(os.path.join(runner.workdir, 'counters.json'), encoding='utf-8') as handle:
        before, changed, again = json.load(handle)
    result = {}
    for kind, start, end in (('change', before, changed), ('no_change', changed, again)):
        prefix = kind.replace('_', ' ')
        seconds = sum(value for name, value in times.items() if name == prefix or name.startswith(prefix + ' ('))
        result[kind] = dict(difference(start, end), seconds=round(seconds, 4))
    return result


def command_line(runner, count, report):
    """``ansible localhost -m plesk_mail_service`` on ``count`` sites with mail on, twice: the whole command, as a
    user runs it (Ansible's start included), changing every site, then changing nothing."""
    panel = runner.panel
    panel.seed(count)
    arguments = json.dumps({'site_id': site_ids(count), 'state': 'disabled', 'report': report})
    result = {}
    for kind in ('change', 'no_change'):
        before = panel.stats()
        started = time.monotonic()
        subprocess.run([os.path.join(BIN, 'ansible'), 'localhost', '-m', MODULE, '-a', arguments], env=runner.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        result[kind] = dict(difference(before, panel.stats()), seconds=round(time.monotonic() - started, 4))
    return result


# A module that takes the same arguments as plesk_mail_service and returns a result of the same shape, and does
# nothing else: what Ansible itself costs for 10,000 sites in and 10,000 entries (or names) out.
FLOOR_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(site_id=dict(type='list', elements='int', required=True),
                                              state=dict(type='str', default='enabled'),
                                              report=dict(type='str', default='sites')))
    enabled = module.params['state'] == 'enabled'
    names = ['site%05d.example' % (site_id - 1000) for site_id in module.params['site_id']]
    if module.params['report'] == 'changes':
        module.exit_json(changed=False, changed_sites=names)
    module.exit_json(changed=False, sites=[dict(name=name, id=site_id, mail_service_before=enabled,
                                                mail_service_after=enabled, changed=False)
                                           for name, site_id in zip(names, module.params['site_id'])])


main()
'''


FLOOR_NAME = 'benchmark.floor.mail_service_shape'


def floor_collection(workdir):
    """A collections folder with ``benchmark.floor.mail_service_shape`` (FLOOR_MODULE)."""
    folder = os.path.join(workdir, 'floor_collections')
    modules = os.path.join(folder, 'ansible_collections', 'benchmark', 'floor', 'plugins', 'modules')
    os.makedirs(modules, exist_ok=True)
    with open(os.path.join(modules, 'mail_service_shape.py'), 'w', encoding='utf-8') as handle:
        handle.write(FLOOR_MODULE)
    return folder


@contextlib.contextmanager
def floor_on_path(runner):
    """The runner's plays can use FLOOR_MODULE meanwhile."""
    saved = runner.env['ANSIBLE_COLLECTIONS_PATH']
    runner.env['ANSIBLE_COLLECTIONS_PATH'] = saved + os.pathsep + floor_collection(runner.workdir)
    try:
        yield
    finally:
        runner.env['ANSIBLE_COLLECTIONS_PATH'] = saved


def ansible_floor(runner, count, report):
    """The task time of FLOOR_MODULE on ``count`` sites."""
    task = {FLOOR_NAME: {'site_id': '{{ ids }}', 'state': 'disabled', 'report': report}}
    with floor_on_path(runner):
        times = runner.play([dict(task, name='warm-up'), dict(task, name='no change')],
                            variables={'ids': site_ids(count)})
    return {'no_change': {'seconds': times['no change']}}


def compare_forms(runner, sizes, loop_max, repeat, latency):
    """Each form at each size, the loops only up to ``loop_max`` sites.  The repeats go round all sizes, so that
    a busy moment of the machine does not fall on one size only."""
    runs = {}
    for attempt in range(repeat):
        for count in sizes:
            for form, report in LIST_FORMS.items():
                log('  %5d sites, run %d: list form (report: %s) as a task and from the command line, and the floor'
                    % (count, attempt + 1, report))
                runs.setdefault((count, form), []).append(run_form(runner, form, count))
                runs.setdefault((count, form, 'command'), []).append(command_line(runner, count, report))
                runs.setdefault((count, form, 'floor'), []).append(ansible_floor(runner, count, report))
            for form in LOOP_FORMS:
                # A loop takes seconds per site: beyond ten sites it runs once.
                if count > loop_max or (count > 10 and attempt):
                    continue
                log('  %5d sites, run %d: %s form' % (count, attempt + 1, form))
                runs.setdefault((count, form), []).append(run_form(runner, form, count))
    rows = []
    for count in sizes:
        row = {'sites': count}
        for form in FORMS:
            if (count, form) in runs:
                row[form] = summarize(runs[(count, form)], latency)
        for form in LIST_FORMS:
            commands = runs[(count, form, 'command')]
            row[form]['command_line'] = {
                kind: dict(commands[0][kind], seconds=round(median([run[kind]['seconds'] for run in commands]), 4))
                for kind in ('change', 'no_change')}
            floors = [run['no_change']['seconds'] for run in runs[(count, form, 'floor')]]
            row[form]['ansible_floor_seconds'] = round(median(floors), 4)
        rows.append(row)
    extrapolate(rows, latency)
    return rows


def summarize(runs, latency):
    """The median time of the runs; the packets of the first (they do not vary).  ``module_seconds`` is the
    task's time less the panel's: its time answering, and the latency of each request."""
    result = {'runs': len(runs), 'measured': True}
    for kind in ('change', 'no_change'):
        entry = dict(runs[0][kind])
        entry['seconds'] = round(median([run[kind]['seconds'] for run in runs]), 4)
        entry['all_seconds'] = [run[kind]['seconds'] for run in runs]
        entry['handling_seconds'] = round(median([run[kind]['handling_seconds'] for run in runs]), 4)
        entry['module_seconds'] = round(median([run[kind]['seconds'] - run[kind]['handling_seconds']
                                                - run[kind]['requests'] * latency / 1000.0 for run in runs]), 4)
        result[kind] = entry
    return result


def extrapolate(rows, latency):
    """The loop forms beyond the largest size measured: its time and packets per site, times the sites."""
    for form in LOOP_FORMS:
        measured = [row for row in rows if form in row]
        if not measured:
            continue
        basis = max(measured, key=lambda row: row['sites'])
        for row in rows:
            if form in row:
                continue
            scale = row['sites'] / basis['sites']
            estimate = {'runs': 0, 'measured': False, 'basis_sites': basis['sites']}
            for kind in ('change', 'no_change'):
                known = basis[form][kind]
                estimate[kind] = {key: int(round(known[key] * scale)) for key in ('read_packets', 'write_packets', 'requests')}
                estimate[kind].update({key: round(known[key] * scale, 4)
                                       for key in ('seconds', 'handling_seconds', 'module_seconds')})
            row[form] = estimate


def overhead(runner, tasks, repeat):
    """``tasks`` tasks that change nothing against as many ``ansible.builtin.ping`` tasks, and as many of
    FLOOR_MODULE (what Ansible alone costs a collection's module with these arguments and this result),
    alternating in one play, so that all meet the same load of the machine: the median ratio of each to the ping
    before it, the first round left out (it builds the payloads the others reuse)."""
    runner.panel.seed(1)
    play = []
    for index in range(tasks):
        play += [{'name': 'ping %02d' % index, 'ansible.builtin.ping': {}},
                 {'name': 'floor %02d' % index, FLOOR_NAME: {'site_id': [FIRST_ID], 'state': 'enabled'}},
                 {'name': 'no change %02d' % index, MODULE: {'site_id': [FIRST_ID], 'state': 'enabled'}}]
    samples = {'ping': [], 'floor': [], 'no_change': [], 'ratio': [], 'floor_ratio': []}
    with floor_on_path(runner):
        for attempt in range(repeat):
            log('  no-change tasks against ping, run %d of %d' % (attempt + 1, repeat))
            times = runner.play(play)
            for index in range(1, tasks):
                ping, floor, ours = (times['%s %02d' % (name, index)] for name in ('ping', 'floor', 'no change'))
                samples['ping'].append(ping)
                samples['floor'].append(floor)
                samples['no_change'].append(ours)
                samples['ratio'].append(ours / ping)
                samples['floor_ratio'].append(floor / ping)
    return {'tasks': tasks, 'runs': repeat, 'samples': samples, 'ping_seconds': round(median(samples['ping']), 4),
            'floor_seconds': round(median(samples['floor']), 4), 'floor_ratio': round(median(samples['floor_ratio']), 3),
            'no_change_seconds': round(median(samples['no_change']), 4), 'ratio': round(median(samples['ratio']), 3)}


# CPU seconds of a Python process from its start to the end of the code.
CPU_SINCE_START = '''
%s
import json, resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(usage.ru_utime + usage.ru_stime))
'''

RUN_ONE_SITE = '''import ansible.module_utils.basic
import contextlib, io
from ansible.module_utils.testing import patch_module_args
from ansible_collections.hosting.panels.plugins.modules import plesk_mail_service
with patch_module_args({'site_id': [%d], 'state': 'enabled'}), contextlib.redirect_stdout(io.StringIO()):
    try:
        plesk_mail_service.main()
    except SystemExit:
        pass''' % FIRST_ID


def breakdown(runner, repeat):
    """Where a task that changes nothing spends its time in the module's own process, step by step, and how
    large the file is that Ansible writes to run it.  ``patch_module_args`` needs ansible-core 2.19."""
    tree = os.path.join(runner.workdir, 'tree', 'ansible_collections', 'hosting')
    os.makedirs(tree, exist_ok=True)
    if not os.path.exists(os.path.join(tree, 'panels')):
        os.symlink(ROOT, os.path.join(tree, 'panels'))
    basic = 'import ansible.module_utils.basic'
    ours = basic + '\nimport ansible_collections.hosting.panels.plugins.modules.plesk_mail_service'
    steps = [
        ('Python with ansible.module_utils.basic: what every module pays, ping too', basic),
        ('and plesk_mail_service with its module_utils (lxml, ssl)', ours),
        ('for comparison: and http.client, which the HTTP seam imported before it spoke HTTP itself',
         ours + '\nimport http.client'),
        ('for comparison: and requests, which the HTTP seam imported before that', ours + '\nimport requests'),
        ('a whole run: read one site over TLS, nothing to change', RUN_ONE_SITE),
    ]
    env = dict(runner.env, PYTHONPATH=os.path.dirname(os.path.dirname(tree)))
    steps_result = []
    for label, code in steps:
        cpu, wall = [], []
        for dummy in range(max(repeat, 5)):
            started = time.monotonic()
            process = subprocess.run([sys.executable, '-c', CPU_SINCE_START % code], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, check=False)
            wall.append(time.monotonic() - started)
            if process.returncode != 0:
                cpu = None
                break
            cpu.append(json.loads(process.stdout.decode().strip().splitlines()[-1]))
        steps_result.append({'step': label, 'cpu_seconds': round(median(cpu), 4) if cpu else None,
                             'wall_seconds': round(median(wall), 4)})
    return {'steps': steps_result, 'payload_bytes': payload_sizes(runner)}


def payload_sizes(runner):
    """The size of the AnsiballZ file Ansible writes to run ping and the module."""
    remote = os.path.join(runner.workdir, 'remote')
    shutil.rmtree(remote, ignore_errors=True)
    env = dict(runner.env, ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_REMOTE_TMP=remote)
    sizes = {}
    for name, module, arguments in (('ping', 'ansible.builtin.ping', []),
                                    ('plesk_mail_service', MODULE, ['-a', json.dumps({'site_id': [FIRST_ID]})])):
        subprocess.run([os.path.join(BIN, 'ansible'), 'localhost', '-m', module] + arguments, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        found = [os.path.join(folder, file) for folder, dummy, files in os.walk(remote) for file in files
                 if file == 'AnsiballZ_%s.py' % name]
        sizes[name] = os.path.getsize(found[0]) if found else None
    shutil.rmtree(remote, ignore_errors=True)
    return sizes


GET_BY_IDS = '<get><filter>%s</filter><dataset><gen_info/></dataset></get>'
GET_PREFS_OF_IDS = '<get_prefs><filter>%s</filter></get_prefs>'


def chunks(values, size):
    return [values[start:start + size] for start in range(0, len(values), size)]


def capacity(repeat, sites=10000):
    """How long the emulator takes to answer packets of 10,000 operations (and the packet that reads 10,000
    sites by id), in this process, without HTTP."""
    from emulator.plesk import PleskEmulator  # pylint: disable=import-outside-toplevel,import-error
    from emulator.state import Store  # pylint: disable=import-outside-toplevel,import-error
    store = Store({'plesk': {'sites': [{'id': 1, 'name': 'example.com', 'kind': 'webspace'}] + [
        {'id': site_id, 'name': 'site%05d.example' % (site_id - FIRST_ID), 'kind': 'site', 'webspace_id': 1}
        for site_id in site_ids(sites)]}})
    emulator = PleskEmulator(store)
    ids = site_ids(sites)
    lookup = '<%s><get><filter><%s>%s</%s></filter><dataset><gen_info/></dataset></get></%s>'
    packets = [
        ('mail get_prefs, one per site', ['<mail><get_prefs><filter><site-id>%d</site-id></filter></get_prefs></mail>'
                                          % site_id for site_id in ids]),
        ('site get by id', [lookup % ('site', 'id', site_id, 'id', 'site') for site_id in ids]),
        ('site get by name', [lookup % ('site', 'name', 'site%05d.example' % index, 'name', 'site')
                              for index in range(sites)]),
        ('mail disable', ['<mail><disable><site-id>%d</site-id></disable></mail>' % site_id for site_id in ids]),
        ('mail enable', ['<mail><enable><site-id>%d</site-id></enable></mail>' % site_id for site_id in ids]),
        ('mail create, 10,000 mail accounts of one site',
         lambda attempt: ['<mail><create><filter><site-id>%d</site-id><mailname><name>user%d-%05d</name></mailname>'
                          '</filter></create></mail>' % (FIRST_ID, attempt, index) for index in range(sites)]),
        # The next two work on the accounts the create above made in the same attempt, so each attempt
        # changes, then removes, 10,000 accounts that are there.
        ('mail update set, 10,000 mail accounts of one site',
         lambda attempt: ['<mail><update><set><filter><site-id>%d</site-id><mailname><name>user%d-%05d</name>'
                          '<description>attempt %d</description></mailname></filter></set></update></mail>'
                          % (FIRST_ID, attempt, index, attempt) for index in range(sites)]),
        ('mail remove, 10,000 mail accounts of one site, last first',
         lambda attempt: ['<mail><remove><filter><site-id>%d</site-id><name>user%d-%05d</name></filter></remove></mail>'
                          % (FIRST_ID, attempt, index) for index in reversed(range(sites))]),
        # As the module sends it: site get, webspace get and get_prefs of 500 ids each (FILTER_CHUNK of
        # _plesk_api), each kind in one operator element.
        ('the module reading 10,000 sites by id (site get, webspace get and get_prefs of 500 ids each)', [
            '<%s>%s</%s>' % (operator, ''.join(operations), operator) for operator, operations in (
                ('site', [GET_BY_IDS % ''.join('<id>%d</id>' % site_id for site_id in chunk) for chunk in chunks(ids, 500)]),
                ('webspace', [GET_BY_IDS % ''.join('<id>%d</id>' % site_id for site_id in chunk)
                              for chunk in chunks(ids, 500)]),
                ('mail', [GET_PREFS_OF_IDS % ''.join('<site-id>%d</site-id>' % site_id for site_id in chunk)
                          for chunk in chunks(ids, 500)]))]),
    ]
    headers = {'http_auth_login': control.PLESK_LOGIN, 'http_auth_passwd': control.PLESK_PASSWORD}
    rows = []
    for label, operations in packets:
        samples = []
        for attempt in range(repeat):
            # Operations that create give new names each time (a function of the attempt).
            body = ('<packet>%s</packet>' % ''.join(operations(attempt) if callable(operations) else operations)
                    ).encode('utf-8')
            started = time.perf_counter()
            dummy_answer, info = emulator.handle(body, headers, '127.0.0.1')
            samples.append(time.perf_counter() - started)
        rows.append({'packet': label, 'operations': len(info['operations']), 'bytes': len(body),
                     'seconds': round(median(samples), 4)})
    return rows


def fleet(workdir, sizes, forks_choices, sites, latency, repeat):
    """One controller converging ``sizes`` panels, each its own emulator with ``sites`` sites, with each of
    ``forks_choices``; a play of one plesk_mail_service task on every panel."""
    panels, pids = start_panels(max(sizes), os.path.join(workdir, 'panels'), latency)
    try:
        inventory = os.path.join(workdir, 'inventory.json')
        hosts = {'panel%02d' % index: {'plesk_port': panel.port, 'plesk_ca': panel.ca_file}
                 for index, panel in enumerate(panels, 1)}
        with open(inventory, 'w', encoding='utf-8') as handle:
            json.dump({'panels': {'hosts': hosts, 'vars': {'ansible_connection': 'local',
                                                           'ansible_python_interpreter': sys.executable}}}, handle)
        runner = Runner(panels[0], os.path.join(workdir, 'runner'))
        task = {MODULE: {'port': '{{ plesk_port }}', 'ca_path': '{{ plesk_ca }}', 'site_id': '{{ ids }}',
                         'state': 'disabled'}}
        tasks = [dict(task, name='warm-up', check_mode=True), dict(task, name='change'), dict(task, name='no change')]
        rows = []
        for count in sizes:
            for forks in forks_choices:
                samples = {'change': [], 'no_change': []}
                for attempt in range(repeat):
                    log('  fleet of %2d panels, %2d forks, run %d of %d' % (count, forks, attempt + 1, repeat))
                    for panel in panels[:count]:
                        panel.seed(sites)
                    times = runner.play(tasks, variables={'ids': site_ids(sites)}, hosts='panels', inventory=inventory,
                                        forks=forks, limit=','.join(sorted(hosts)[:count]))
                    samples['change'].append(times['change'])
                    samples['no_change'].append(times['no change'])
                rows.append({'panels': count, 'forks': forks, 'sites_per_panel': sites,
                             'change_seconds': round(median(samples['change']), 4),
                             'no_change_seconds': round(median(samples['no_change']), 4)})
        return rows
    finally:
        stop_panels(pids)


# -- the report --------------------------------------------------------------------------------------------

def ratio(numerator, denominator):
    return round(numerator / denominator, 2) if numerator and denominator else None


def fewest_and_most_sites(results):
    """The rows of ``forms`` with the fewest and with the most sites, or None for both with fewer than two sizes."""
    by_sites = {row['sites']: row for row in results.get('forms', [])}
    if len(by_sites) < 2:
        return None, None
    return by_sites[min(by_sites)], by_sites[max(by_sites)]


def verdicts(results):
    """Each target with the figure it is judged on and whether it is met."""
    judged = []
    worst = max((row['seconds'] for row in results.get('capacity', []) if row['operations'] == 10000), default=None)
    if worst is not None:
        judged.append(('The emulator answers a packet of 10,000 operations in under %.1f s' % TARGETS['capacity_seconds'],
                       '%.2f s at most' % worst, worst < TARGETS['capacity_seconds']))
    small, large = fewest_and_most_sites(results)
    if small is not None:
        for (form, report), (words, value) in itertools.product(LIST_FORMS.items(), (
                ('from the command line (`ansible localhost -m`, as a user runs one module)',
                 lambda entry, kind: entry['command_line'][kind]['seconds']),
                ('as a task in a playbook', lambda entry, kind: entry[kind]['seconds']))):
            if form not in small or form not in large:
                continue
            times = [ratio(value(large[form], kind), value(small[form], kind)) for kind in ('change', 'no_change')]
            judged.append(('The list form (`report: %s`) on %d sites within %g times its time on %d, %s' % (
                report, large['sites'], TARGETS['flat_ratio'], small['sites'], words),
                '%s times (change), %s times (no change)' % tuple(times),
                all(value is not None and value <= TARGETS['flat_ratio'] for value in times)))
    hundred = next((row for row in results.get('forms', []) if row['sites'] == 100), None)
    if hundred and hundred.get('uri', {}).get('measured'):
        speedup = ratio(hundred['uri']['change']['seconds'], hundred['list']['change']['seconds'])
        judged.append(('The list form at least %g times faster than the uri loop at 100 sites' % TARGETS['uri_speedup'],
                       '%s times' % speedup, speedup is not None and speedup >= TARGETS['uri_speedup']))
    over = results.get('overhead')
    if over:
        judged.append(('A task that changes nothing within %g times ansible.builtin.ping' % TARGETS['ping_ratio'],
                       '%.3f times (%.3f s against %.3f s)' % (over['ratio'], over['no_change_seconds'], over['ping_seconds']),
                       over['ratio'] <= TARGETS['ping_ratio']))
    return judged


def task_floors(results):
    """What a playbook task that changes every one of the most sites spends outside the module's own work, against
    the whole task on the fewest: Ansible alone (FLOOR_MODULE returns the change run's result) and the panel
    answering the module's packets, each as measured, for each ``report``."""
    small, large = fewest_and_most_sites(results)
    if small is None:
        return []
    floors = []
    for form, report in LIST_FORMS.items():
        if form not in small or form not in large or 'ansible_floor_seconds' not in large[form]:
            continue
        entry = large[form]
        panel = entry['change']['seconds'] - entry['change']['module_seconds']
        outside = entry['ansible_floor_seconds'] + panel
        floors.append({'report': report, 'ansible_seconds': entry['ansible_floor_seconds'], 'panel_seconds': panel,
                       'outside_seconds': outside, 'small_task_seconds': small[form]['change']['seconds'],
                       'ratio': ratio(outside, small[form]['change']['seconds']),
                       'most_sites': large['sites'], 'fewest_sites': small['sites']})
    return floors


def seconds(value, measured=True):
    text = '%.2f' % value if value < 100 else '%.0f' % value
    return text if measured else '*%s*' % text


def markdown(results):
    settings = results['settings']
    lines = ['# Benchmark: converging the mail service of many Plesk sites', '',
             'Written by `make bench` (`tools/benchmark.py`) on %s: %s, Python %s, ansible-core %s, %d CPUs '
             '(load average %s when it started; %.0f minutes). Every request to the emulator waits %g ms, as over a '
             'network; the emulator runs without schema checks and without a request log.' % (
                 settings['date'], settings['platform'], settings['python'], settings['ansible_core'],
                 settings['cpus'], settings['load_average'], settings.get('minutes', 0), settings['latency_ms']), '',
             "Times are medians of %d runs (the loop forms beyond 10 sites: one run), each task's from a callback plugin "
             '(its start to its result). *Italic* figures are extrapolated, not measured: the loop forms are measured '
             'up to %d sites, and beyond that their time and packets per site are multiplied by the sites.'
             % (settings['repeat'], settings['loop_max']), '', '## Targets', '',
             '| target | figure | met |', '|---|---|---|']
    for target, figure, met in verdicts(results):
        lines.append('| %s | %s | %s |' % (target, figure, 'yes' if met else '**no**'))
    floors = task_floors(results)
    if floors:
        most, fewest = floors[0]['most_sites'], floors[0]['fewest_sites']
        lines += ['', 'What a playbook task that changes all %d sites spends outside the module\'s own work: Ansible alone '
                  '(the arguments in, a result of the same shape out) and the panel answering the module\'s packets (its '
                  'own time and the latency), against the whole task on %d site%s:'
                  % (most, fewest, '' if fewest == 1 else 's'), '',
                  '| report | Ansible alone | panel | together | task on %d site%s | ratio |'
                  % (fewest, '' if fewest == 1 else 's'), '|---|---:|---:|---:|---:|---:|']
        for floor in floors:
            lines.append('| `%s` | %.2f | %.2f | %.2f | %.2f | %.2f |' % (
                floor['report'], floor['ansible_seconds'], floor['panel_seconds'], floor['outside_seconds'],
                floor['small_task_seconds'], floor['ratio']))
        if any(floor['ratio'] > TARGETS['flat_ratio'] for floor in floors):
            lines += ['', 'Where the ratio is above %g, these packets against this panel on this machine cannot meet '
                      'the playbook-task target, however little the module does itself.' % TARGETS['flat_ratio']]
    rows = results.get('forms', [])
    if rows:
        lines += ['', '## One task, many sites', '',
                  'Turning mail off on every site (change), then the same again (no change). Packets: the emulator\'s '
                  'count of Plesk requests, read + write.', '',
                  '| sites | form | packets, change | seconds, change | packets, no change | seconds, no change '
                  '| uri loop ÷ this, change |', '|---:|---|---:|---:|---:|---:|---:|']
        for row in rows:
            for form, style in FORMS.items():
                entry = row.get(form)
                if not entry:
                    continue
                mark = '' if entry['measured'] else '*'
                cells = []
                for kind in ('change', 'no_change'):
                    cells += ['%s%d + %d%s' % (mark, entry[kind]['read_packets'], entry[kind]['write_packets'], mark),
                              seconds(entry[kind]['seconds'], entry['measured'])]
                speedup = ratio(row['uri']['change']['seconds'], entry['change']['seconds']) if 'uri' in row else None
                lines.append('| %d | %s | %s | %s |' % (row['sites'], style.words, ' | '.join(cells),
                                                        '' if speedup is None else '%g' % speedup))
        lines += ['', '### The list form in detail', '',
                  '*Report*: the module\'s `report` option, every site (`sites`, the default) or only the names of the '
                  'sites switched (`changes`). *Task*: the task in a playbook. *Command line*: `ansible localhost -m '
                  'hosting.panels.plesk_mail_service -a ...`, the whole command, Ansible\'s start included. *Panel*: the '
                  'time the panel itself took (its own counter) plus %g ms per request. *Own*: the task less the panel. '
                  '*Ansible alone*: a task of a module that takes the same arguments and returns a result of the same '
                  'shape, and does nothing else: what Ansible costs to hand 10,000 sites in and 10,000 entries (or '
                  'names) out.' % settings['latency_ms'], '',
                  '| sites | report | task, change | task, no change | command line, change | command line, no change '
                  '| panel, no change | own, no change | Ansible alone |', '|---:|---|---:|---:|---:|---:|---:|---:|---:|']
        for row in rows:
            for form, report in LIST_FORMS.items():
                entry = row.get(form)
                if not entry:
                    continue
                command = entry['command_line']
                panel = entry['no_change']['seconds'] - entry['no_change']['module_seconds']
                lines.append('| %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |' % (
                    row['sites'], report, entry['change']['seconds'], entry['no_change']['seconds'],
                    command['change']['seconds'], command['no_change']['seconds'], panel,
                    entry['no_change']['module_seconds'], entry['ansible_floor_seconds']))
    over = results.get('overhead')
    if over:
        lines += ['', '## A task that changes nothing, against ping', '',
                  'A play of %d `ansible.builtin.ping` tasks and %d `plesk_mail_service` tasks on one site whose mail '
                  'is already as asked (one read packet, no write), alternating, so that they meet the same load of the '
                  'machine; %d runs. The medians of the tasks, and the median ratio of each task to the ping before it, '
                  'the first round left out (it builds the payloads the others reuse).'
                  ' Between them, as many tasks of a collection module that takes the same arguments and returns the '
                  'same result, and does nothing else: what Ansible alone costs such a task, so that the rest of the '
                  "difference is the module's own process." % (over['tasks'], over['tasks'], over['runs']), '',
                  '| task | seconds | ratio |', '|---|---:|---:|',
                  '| ansible.builtin.ping | %.3f | 1.000 |' % over['ping_seconds'],
                  '| a module of the same arguments and result that does nothing else | %.3f | %.3f |'
                  % (over['floor_seconds'], over['floor_ratio']),
                  '| plesk_mail_service, no change | %.3f | %.3f |' % (over['no_change_seconds'], over['ratio'])]
    steps = results.get('breakdown')
    if steps:
        lines += ['', "Where the module's own process spends it: CPU seconds from the interpreter's start (median of 5), "
                  'and wall seconds, which include starting the process and, for the whole run, the %g ms the request '
                  'waits:' % settings['latency_ms'], '', '| step | CPU seconds | wall seconds |', '|---|---:|---:|']
        for step in steps['steps']:
            lines.append('| %s | %s | %.3f |' % (step['step'], '%.3f' % step['cpu_seconds']
                                                 if step['cpu_seconds'] is not None else 'n/a', step['wall_seconds']))
        sizes = steps['payload_bytes']
        lines += ['', 'The file Ansible writes to run each task (AnsiballZ): ping %s bytes, plesk_mail_service %s bytes.'
                  % (sizes.get('ping'), sizes.get('plesk_mail_service'))]
    if results.get('fleet'):
        lines += ['', '## A fleet', '',
                  'One controller, one play, one `plesk_mail_service` task per panel; each panel is its own emulator '
                  "process with %d sites, all on this machine. A task's time runs from its start to the last panel's "
                  'result.' % results['fleet'][0]['sites_per_panel'], '',
                  '| panels | forks | seconds, change | seconds, no change | seconds per panel, change |',
                  '|---:|---:|---:|---:|---:|']
        for row in results['fleet']:
            lines.append('| %d | %d | %.2f | %.2f | %.3f |' % (row['panels'], row['forks'], row['change_seconds'],
                                                               row['no_change_seconds'], row['change_seconds'] / row['panels']))
    if results.get('capacity'):
        lines += ['', '## The emulator', '', 'Answering one packet in-process, without HTTP (median of %d):'
                  % settings['repeat'], '', '| packet | operations | bytes | seconds |', '|---|---:|---:|---:|']
        for row in results['capacity']:
            lines.append('| %s | %d | %d | %.3f |' % (row['packet'], row['operations'], row['bytes'], row['seconds']))
    lines += ['', 'Plot: [benchmark.png](benchmark.png); every figure: [benchmark.json](benchmark.json).', '']
    return '\n'.join(lines)


def plot(results, path):
    """Time and packets against sites for each form, and the fleet's time against panels."""
    try:
        import matplotlib  # pylint: disable=import-outside-toplevel
        matplotlib.use('Agg')
        from matplotlib import pyplot  # pylint: disable=import-outside-toplevel
    except ImportError:
        log('benchmark: matplotlib is not installed, so no plot (make bench installs it)')
        return False
    rows = results.get('forms')
    if not rows:
        return False
    fleet_rows = results.get('fleet') or []
    figure, axes = pyplot.subplots(1, 3 if fleet_rows else 2, figsize=(17 if fleet_rows else 12, 4.8))
    times_axis, packets_axis = axes[0], axes[1]
    for form, style in FORMS.items():
        label = style.words.replace('`', '')
        points = [(row['sites'], row[form]) for row in rows if form in row]
        for axis, value in ((times_axis, lambda entry: entry['change']['seconds']),
                            (packets_axis, lambda entry: entry['change']['read_packets'] + entry['change']['write_packets'])):
            measured = [(sites, value(entry)) for sites, entry in points if entry['measured']]
            guessed = [(sites, value(entry)) for sites, entry in points if not entry['measured']]
            if measured:
                axis.plot(*zip(*measured), marker=style.marker, color=style.colour, linewidth=style.width, label=label)
            if guessed:
                axis.plot(*zip(*(measured[-1:] + guessed)), linestyle='--', marker='x', color=style.colour, linewidth=style.width,
                          label=label + ' (extrapolated)')
    for axis, title in ((times_axis, 'seconds to turn mail off on every site'),
                        (packets_axis, 'Plesk requests (packets) to do it')):
        axis.set_xscale('log')
        axis.set_yscale('log')
        axis.set_xlabel('sites')
        axis.set_title(title)
        axis.grid(True, which='both', alpha=0.3)
        axis.legend(fontsize='small')
    if fleet_rows:
        fleet_axis = axes[2]
        for forks in sorted({row['forks'] for row in fleet_rows}):
            points = sorted((row['panels'], row['change_seconds']) for row in fleet_rows if row['forks'] == forks)
            fleet_axis.plot(*zip(*points), marker='o', label='%d forks' % forks)
        fleet_axis.set_xlabel('panels, %d sites each' % fleet_rows[0]['sites_per_panel'])
        fleet_axis.set_title('seconds to converge a fleet (one task)')
        fleet_axis.set_ylim(bottom=0)
        fleet_axis.grid(True, alpha=0.3)
        fleet_axis.legend(fontsize='small')
    figure.suptitle('hosting.panels.plesk_mail_service against the emulator, %g ms per request'
                    % results['settings']['latency_ms'])
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
    return True


# -- main ------------------------------------------------------------------------------------------------

SECTIONS = ('capacity', 'overhead', 'forms', 'fleet')


def numbers(text):
    return [int(item) for item in text.split(',') if item.strip()]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--latency', type=float, default=20, help='milliseconds added to every request (default: 20)')
    parser.add_argument('--sizes', type=numbers, default=[1, 10, 100, 1000, 10000],
                        help='numbers of sites (default: 1,10,100,1000,10000)')
    parser.add_argument('--loop-max', type=int, default=100,
                        help='measure the loop forms up to this many sites, extrapolate beyond (default: 100)')
    parser.add_argument('--repeat', type=int, default=3, help='runs per figure, the median is reported (default: 3)')
    parser.add_argument('--overhead-tasks', type=int, default=20, help='tasks per play against ping (default: 20)')
    parser.add_argument('--fleet', type=numbers, default=[1, 5, 20], help='numbers of panels (default: 1,5,20)')
    parser.add_argument('--forks', type=numbers, default=[5, 20], help='forks for the fleet (default: 5,20)')
    parser.add_argument('--fleet-sites', type=int, default=100, help='sites per panel of the fleet (default: 100)')
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs'), help='folder for the results (default: docs)')
    parser.add_argument('--only', type=lambda text: set(text.split(',')), default=set(SECTIONS),
                        help='run only these of %s (default: all)' % ','.join(SECTIONS))
    parser.add_argument('--quick', action='store_true',
                        help='a short run to try the benchmark: 1, 10 and 100 sites, one run each, fleets of 1 and 5')
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.fleet, args.forks = [1, 10, 100], 1, [1, 5], [5]
        args.loop_max = min(args.loop_max, 10)
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix='hosting-panels-bench-')
    results = {'settings': {
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'platform': platform.platform(terse=True), 'python': platform.python_version(),
        'ansible_core': _ansible_version(), 'cpus': os.cpu_count(),
        'load_average': ', '.join('%.1f' % value for value in os.getloadavg()), 'latency_ms': args.latency,
        'repeat': args.repeat, 'loop_max': args.loop_max, 'sizes': args.sizes}}
    try:
        if 'capacity' in args.only:
            log('The emulator answering packets of 10,000 operations')
            results['capacity'] = capacity(args.repeat)
        panels, pids = start_panels(1, os.path.join(workdir, 'main'), args.latency)
        try:
            runner = Runner(panels[0], os.path.join(workdir, 'runner'))
            if 'overhead' in args.only:
                log('A task that changes nothing, against ping')
                results['overhead'] = overhead(runner, args.overhead_tasks, args.repeat)
                results['breakdown'] = breakdown(runner, args.repeat)
            if 'forms' in args.only:
                log('List form, module loop and uri loop')
                results['forms'] = compare_forms(runner, args.sizes, args.loop_max, args.repeat, args.latency)
        finally:
            stop_panels(pids)
        if 'fleet' in args.only:
            log('A fleet')
            results['fleet'] = fleet(workdir, args.fleet, args.forks, args.fleet_sites, args.latency, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results['settings']['minutes'] = round((time.monotonic() - started) / 60, 1)
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, 'benchmark.json'), 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=1)
        handle.write('\n')
    text = markdown(results)
    with open(os.path.join(args.output, 'benchmark.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    plotted = plot(results, os.path.join(args.output, 'benchmark.png'))
    log('\n' + text)
    log('Written: %s/benchmark.md, benchmark.json%s (%.1f minutes)'
        % (args.output, ', benchmark.png' if plotted else ' (no plot)', results['settings']['minutes']))
    return 0


def _ansible_version():
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    return __version__


if __name__ == '__main__':
    sys.exit(main())

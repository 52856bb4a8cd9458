#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make ee``: the collection as an execution environment (EE) gets it, run the way AWX runs it.

1. Builds the collection tarball with ``ansible-galaxy collection build``, as users install it.
2. ``ansible-builder create`` on examples/execution-environment/execution-environment.yml, with
   that tarball beside it: the build context must install the collection and introspect it.  No
   image is built; no container engine is needed.
3. Does what the image build does with that context, without a container: installs the context's
   ``requirements.yml`` with ansible-galaxy (the galaxy stage) and runs the context's own
   introspection script over the result (the builder stage), and ``ansible-builder introspect``:
   both must find meta/ee-requirements.txt through meta/execution-environment.yml.
4. Starts the panel emulator with passwords and a secret key made up for this run, and runs
   tests/ee/all.yml and the demo playbook with ansible-runner, the engine of AWX, from the installed
   collection.  The credentials arrive as AWX credentials inject them: environment variables
   (``env/envvars``) and extra variables (``env/extravars``).
5. Looks for those secrets in every file the runs produced (see ``leaks``); any hit fails loudly.

Everything is kept in tests/output/ee/ for inspection.
"""

from __future__ import annotations

import glob
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import uuid

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo import PLAYBOOK as DEMO_PLAYBOOK  # noqa: E402 pylint: disable=wrong-import-position,import-error
from emulator import control  # noqa: E402 pylint: disable=wrong-import-position,import-error

try:
    import ansible_runner
except ImportError:
    raise SystemExit('tools/ee.py needs ansible-runner and ansible-builder: run `make ee`, which installs '
                     'tests/ee/requirements.txt into the virtualenv')

WORK = os.path.join(ROOT, 'tests', 'output', 'ee')
EXAMPLE = os.path.join(ROOT, 'examples', 'execution-environment', 'execution-environment.yml')
SMOKE_PLAYBOOK = os.path.join(ROOT, 'tests', 'ee', 'all.yml')
BIN = os.path.dirname(sys.executable)

# AWX shows a job's environment (the job_env field) with the values of these names hidden; see
# build_safe_env in awx/main/models/credential.py.  ANSIBLE_* names are shown as they are.
AWX_HIDDEN_NAMES = re.compile(r'API|TOKEN|KEY|SECRET|PASS', re.IGNORECASE)
AWX_HIDDEN_VALUE = '**********'


class Failure(Exception):
    pass


def phase(text):
    print('==> %s' % text, flush=True)


def run(command, **kwargs):
    """Run ``command``; on failure show its output and stop."""
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False, **kwargs)
    output = process.stdout.decode('utf-8', errors='replace')
    if process.returncode != 0:
        sys.stdout.write(output)
        raise Failure('%s failed with exit status %d' % (' '.join(command[:3]), process.returncode))
    return output


def tool_environment():
    """This process's environment without panel connections, and with Ansible's files kept in WORK."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(('PLESK_', 'BRAINYCP_', 'ANSIBLE_'))}
    env['PATH'] = os.pathsep.join([BIN, env.get('PATH', '')])
    env['ANSIBLE_HOME'] = os.path.join(WORK, 'ansible-home')
    return env


def build_collection(env):
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path',
         os.path.join(WORK, 'dist'), ROOT], env=env)
    tarballs = glob.glob(os.path.join(WORK, 'dist', 'hosting-panels-*.tar.gz'))
    if len(tarballs) != 1:
        raise Failure('expected one collection tarball in %s, found %s' % (os.path.join(WORK, 'dist'), tarballs))
    return tarballs[0]


def create_context(tarball, env):
    """``ansible-builder create`` on the example EE, with the tarball where the example expects it."""
    example = os.path.join(WORK, 'example')
    os.makedirs(example)
    definition = shutil.copy(EXAMPLE, example)
    shutil.copy(tarball, os.path.join(example, 'hosting-panels.tar.gz'))
    context = os.path.join(WORK, 'context')
    run([os.path.join(BIN, 'ansible-builder'), 'create', '--file', definition, '--context', context], env=env)

    instructions = [path for path in (os.path.join(context, name) for name in ('Containerfile', 'Dockerfile'))
                    if os.path.exists(path)]
    if not instructions:
        raise Failure('ansible-builder create wrote no Containerfile or Dockerfile in %s' % context)
    with open(instructions[0], encoding='utf-8') as handle:
        steps = handle.read()
    for expected in ('ansible-galaxy collection install', 'introspect.py introspect'):
        if expected not in steps:
            raise Failure('%s has no step with %r' % (instructions[0], expected))
    with open(os.path.join(context, '_build', 'requirements.yml'), encoding='utf-8') as handle:
        collections = yaml.safe_load(handle)['collections']
    for entry in collections:
        if not os.path.isfile(os.path.join(context, '_build', entry['name'])):
            raise Failure('the build context lacks %s, which its requirements.yml installs' % entry['name'])
    return context


def galaxy_stage(context, env):
    """The galaxy stage of the image build: ``ansible-galaxy collection install -r requirements.yml`` in _build."""
    collections = os.path.join(WORK, 'collections')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml',
         '--collections-path', collections], cwd=os.path.join(context, '_build'),
        env=dict(env, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1'))
    manifest = os.path.join(collections, 'ansible_collections', 'hosting', 'panels', 'MANIFEST.json')
    if not os.path.isfile(manifest):
        raise Failure('the galaxy stage did not install hosting.panels (no %s)' % manifest)
    return collections


def requirement_names(lines):
    names = set()
    for line in lines:
        match = re.match(r'\s*([A-Za-z0-9][A-Za-z0-9._-]*)', line.split('#', 1)[0])
        if match:
            names.add(match.group(1).lower().replace('_', '-'))
    return names


def introspect(context, collections, env):
    """The builder stage's introspection, and ``ansible-builder introspect``, over the installed collection."""
    with open(os.path.join(ROOT, 'meta', 'ee-requirements.txt'), encoding='utf-8') as handle:
        expected = requirement_names(handle)
    pip_file = os.path.join(WORK, 'introspected-requirements.txt')
    run([sys.executable, os.path.join(context, '_build', 'scripts', 'introspect.py'), 'introspect', collections,
         '--write-pip', pip_file], env=env)
    with open(pip_file, encoding='utf-8') as handle:
        written = handle.read().splitlines()
    found = run([os.path.join(BIN, 'ansible-builder'), 'introspect', '--sanitize', collections], env=env)
    listed = (yaml.safe_load(found) or {}).get('python') or []
    for label, lines in (("the build context's introspect.py", written), ('ansible-builder introspect', listed)):
        names = requirement_names(lines)
        if not expected <= names:
            raise Failure('%s found %s, not %s' % (label, sorted(names), sorted(expected)))
        if not any('hosting.panels' in line for line in lines):
            raise Failure('%s does not say the requirements come from hosting.panels: %s' % (label, lines))
    return sorted(line.strip() for line in written if line.strip())


def made_up_secrets():
    """Credentials of this run only, so that a hit in the artifacts cannot be a coincidence."""
    return {'PLESK_PASSWORD': 'plesk-pw-' + secrets.token_urlsafe(18),
            'PLESK_SECRET_KEY': str(uuid.uuid4()),
            'BRAINYCP_PASSWORD': 'brainy-pw-' + secrets.token_urlsafe(18)}


def emulator_seed(secret):
    seed = {'plesk': {'users': [{'login': control.PLESK_LOGIN, 'password': secret['PLESK_PASSWORD']}],
                      'secret_keys': [{'key': secret['PLESK_SECRET_KEY'], 'ip': '127.0.0.1',
                                       'login': control.PLESK_LOGIN}]},
            'brainycp': {'users': [{'username': control.BRAINYCP_USERNAME, 'password': secret['BRAINYCP_PASSWORD'],
                                    'modules': ['mailserver']}]}}
    path = os.path.join(WORK, 'emulator-seed.json')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(seed, handle)
    return path


def connection_without_secrets(ready, collections):
    variables = control.connection_variables(ready)
    for name in ('PLESK_PASSWORD', 'PLESK_SECRET_KEY', 'BRAINYCP_PASSWORD'):
        variables.pop(name, None)
    variables.update(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false',
                     ANSIBLE_HOME=os.path.join(WORK, 'ansible-home'), ANSIBLE_DEPRECATION_WARNINGS='false')
    return variables


def run_like_awx(name, playbook, envvars, extravars):
    """Run ``playbook`` with ansible-runner from a private data dir, credentials in env/envvars and env/extravars."""
    private = os.path.join(WORK, 'runner-%s' % name)
    for folder, file_name, content in (
            ('env', 'envvars', json.dumps(envvars)),
            ('env', 'extravars', json.dumps(extravars)),
            # localhost runs modules with the Python of ansible-playbook, which has lxml.
            ('inventory', 'hosts', 'localhost ansible_connection=local '
                                   'ansible_python_interpreter="{{ ansible_playbook_python }}"\n')):
        os.makedirs(os.path.join(private, folder), exist_ok=True)
        with open(os.path.join(private, folder, file_name), 'w', encoding='utf-8') as handle:
            handle.write(content)
    result = ansible_runner.run(private_data_dir=private, project_dir=os.path.dirname(playbook),
                                playbook=os.path.basename(playbook), ident=name, quiet=True)
    return private, result


def masked(text, secret):
    for value in secret.values():
        text = text.replace(value, AWX_HIDDEN_VALUE)
    return text


def awx_view_of_command(data):
    """The runner's ``command`` file as AWX shows it: ``env`` is runner's record of its input, shown hidden."""
    document = json.loads(data.decode('utf-8'))
    env = document.get('env') or {}
    for key in env:
        if key == 'AWS_ACCESS_KEY_ID' or (key.startswith('ANSIBLE_') and not key.startswith(('ANSIBLE_NET', 'ANSIBLE_GALAXY_SERVER'))):
            continue
        if AWX_HIDDEN_NAMES.search(key):
            env[key] = AWX_HIDDEN_VALUE
    return json.dumps(document).encode('utf-8')


def leaks(private, secret, as_environment, as_extra_variables):
    """Files of a run's private data dir, other than its input (env/), that contain a secret.

    What AWX keeps and shows of a job is what ansible-runner writes into ``artifacts/<ident>/``:
    the job events (``job_events/*.json``, the job's output and results), ``stdout``, ``stderr``,
    ``status``, ``rc``, ``fact_cache`` and ``command``.  ``env/`` is the job's input, written by AWX
    (or here, by this tool) before the run; AWX does not keep it.  ``command`` records the command,
    its folder and, under ``env``, the whole environment the runner was given, credentials
    included, because that is its input; AWX shows that environment only with the values of
    password, key, secret and token names hidden, so that member is checked as AWX shows it.
    Everything else must not contain any secret at all.
    """
    inputs = b''
    for file_name in ('envvars', 'extravars'):
        with open(os.path.join(private, 'env', file_name), 'rb') as handle:
            inputs += handle.read()
    for name in as_environment + as_extra_variables:
        if secret[name].encode('utf-8') not in inputs:  # the search itself would be broken
            raise Failure('self-check: %s is not in the input files of %s' % (name, private))

    checked, found = [], []
    for directory, folders, files in os.walk(private):
        if os.path.relpath(directory, private) == '.':
            folders[:] = [folder for folder in folders if folder != 'env']
        for file_name in files:
            path = os.path.join(directory, file_name)
            with open(path, 'rb') as handle:
                data = handle.read()
            relative = os.path.relpath(path, private)
            if file_name == 'command' and os.path.basename(os.path.dirname(os.path.dirname(path))) == 'artifacts':
                for name in as_environment:  # else the hiding below would be checked against nothing
                    if secret[name].encode('utf-8') not in data:
                        raise Failure("self-check: %s is not in the runner's record of its environment, %s"
                                      % (name, relative))
                data = awx_view_of_command(data)
            checked.append(relative)
            found.extend((relative, name) for name, value in secret.items() if value.encode('utf-8') in data)
    return checked, found


def describe(checked):
    events = [path for path in checked if os.sep + 'job_events' + os.sep in path]
    others = sorted(path for path in checked if path not in events)
    return '%s (%d files), %s' % (os.path.dirname(events[0]) if events else 'no job events', len(events),
                                  ', '.join(others))


def main():
    started = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    env = tool_environment()

    phase('building the collection tarball (ansible-galaxy collection build)')
    tarball = build_collection(env)
    print('    %s' % os.path.relpath(tarball, ROOT))

    phase('ansible-builder create on %s' % os.path.relpath(EXAMPLE, ROOT))
    context = create_context(tarball, env)
    print('    build context: %s' % os.path.relpath(context, ROOT))

    phase("the image build's galaxy stage, without a container: ansible-galaxy collection install -r requirements.yml")
    collections = galaxy_stage(context, env)

    phase("the image build's introspection, and ansible-builder introspect, over the installed collection")
    print('    Python requirements found: %s' % '; '.join(introspect(context, collections, env)))

    secret = made_up_secrets()
    seed = emulator_seed(secret)
    phase('starting the panel emulator with credentials made up for this run')
    os.environ.clear()
    os.environ.update(env)  # ansible-runner starts ansible-playbook with this environment plus env/envvars
    runs = [
        # An AWX credential that injects the Plesk secret key as an environment variable and the
        # BrainyCP password as an extra variable.
        ('smoke', SMOKE_PLAYBOOK, ('PLESK_SECRET_KEY',), ('BRAINYCP_PASSWORD',)),
        # The custom credential type of README.md: everything as environment variables.
        ('demo', DEMO_PLAYBOOK, ('PLESK_PASSWORD', 'BRAINYCP_PASSWORD'), ()),
    ]
    problems = []
    with control.running('--state', seed) as ready:
        base = connection_without_secrets(ready, collections)
        for name, playbook, as_environment, as_extra_variables in runs:
            phase('ansible-runner: %s, credentials in env/envvars (%s)%s' % (
                os.path.relpath(playbook, ROOT), ', '.join(as_environment),
                ' and env/extravars (%s)' % ', '.join(as_extra_variables) if as_extra_variables else ''))
            envvars = dict(base, **{variable: secret[variable] for variable in as_environment})
            extravars = {variable.lower(): secret[variable] for variable in as_extra_variables}
            private, result = run_like_awx(name, playbook, envvars, extravars)
            stats = result.stats or {}
            changed = sum((stats.get('changed') or {}).values())
            print('    status %s, rc %s, changed %d, failures %d' % (
                result.status, result.rc, changed, sum((stats.get('failures') or {}).values())))
            if result.status != 'successful' or result.rc != 0:
                with open(os.path.join(private, 'artifacts', name, 'stdout'), encoding='utf-8') as handle:
                    sys.stdout.write(masked(handle.read(), secret))
                problems.append('the %s run failed (status %s); its output is above' % (name, result.status))
            elif name == 'demo' and changed == 0:
                problems.append('the demo run changed nothing against a fresh emulator')

            checked, found = leaks(private, secret, as_environment, as_extra_variables)
            if found:
                for relative, variable in found:
                    print('    SECRET LEAKED: the value of %s is in %s' % (variable, os.path.join(private, relative)))
                problems.append('the %s run leaked a secret into its artifacts (see SECRET LEAKED above)' % name)
            else:
                print('    no secret in its %d files outside env/: %s' % (len(checked), describe(checked)))
        phase('stopping the emulator')

    if problems:
        for problem in problems:
            print('ee: FAILED: %s' % problem)
        return 1
    print('ee: passed in %.0f s: the example EE creates a build context that installs and introspects the '
          'collection, and no secret reached the artifacts of the ansible-runner runs.' % (time.monotonic() - started))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Failure as failure:
        sys.exit('ee: FAILED: %s' % failure)

#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make lint``: the checks a collection on Galaxy is held to, one summary line each.

- ansible-lint with the production profile (``.ansible-lint``), over the whole collection;
- antsibull-changelog lint, and no changelog fragment that announces a new module or plugin;
- license-check: ``reuse lint`` and antsibull-nox's licence header check;
- antsibull-nox's extra checks (unwanted files, action groups, trailing whitespace, tabs);
- yamllint (antsibull-nox's session: YAML files and the plugins' documentation);
- galaxy-importer on a tarball built now by ``ansible-galaxy collection build``, with its
  ansible-test step off (``tests/galaxy-importer.cfg``).

It runs from the tools virtualenv (``.venv-tools``, see the Makefile), with galaxy-importer in a
virtualenv of its own inside it (galaxy-importer caps ``attrs`` below what nox needs).  The
antsibull-nox sessions run with ``nox --no-venv``, so they use the tools installed here and
download nothing.  A check's output is shown when it fails, or always with ``--verbose``.

Usage: ``.venv-tools/bin/python tools/lint.py [--verbose] [--importer-python PATH] [CHECK ...]``.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS_BIN = os.path.dirname(os.path.abspath(sys.executable))

# A fragment must not announce a module or plugin: antsibull-changelog lists new ones itself.
ANNOUNCES_NEW_PLUGIN = re.compile(r'\bnew\s+(?:\w+\s+)?(?:module|plugin)s?\b', re.IGNORECASE)
LINT_SUMMARY = re.compile(r'^(?:Passed|Failed): .*$', re.MULTILINE)


class Outcome:
    def __init__(self, ok, detail, output=''):
        self.ok, self.detail, self.output = ok, detail, output


def run(command, env=None, cwd=ROOT):
    process = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             check=False)
    return process.returncode, process.stdout.decode('utf-8', errors='replace')


def tools_environment(**extra):
    """The environment of the tools: the tools' bin first on PATH (nox runs `python` from there)."""
    env = dict(os.environ, PATH=TOOLS_BIN + os.pathsep + os.environ.get('PATH', ''), NO_COLOR='1')
    env.update(extra)
    return env


def check_ansible_lint(workdir, options):
    # ansible-lint resolves hosting.panels.* through a collections path where the collection is
    # this checkout; --offline keeps it from installing anything or asking GitHub for a newer release.
    base = os.path.join(workdir, 'collections')
    link = os.path.join(base, 'ansible_collections', 'hosting', 'panels')
    os.makedirs(os.path.dirname(link))
    os.symlink(ROOT, link)
    status, output = run([os.path.join(TOOLS_BIN, 'ansible-lint'), '--offline', '--nocolor', '--profile', 'production'],
                         env=tools_environment(ANSIBLE_COLLECTIONS_PATH=base))
    summary = LINT_SUMMARY.findall(output)
    findings = re.search(r'(\d+) failure\(s\), (\d+) warning\(s\) in (\d+) files processed', summary[-1]) if summary else None
    if findings is None:
        return Outcome(False, 'no summary from ansible-lint (exit status %d)' % status, output)
    failures, warnings, files = findings.groups()
    detail = '%s failure(s), %s warning(s) in %s files' % (failures, warnings, files)
    return Outcome(status == 0 and failures == warnings == '0', detail, output)


def check_changelog(workdir, options):
    status, output = run([os.path.join(TOOLS_BIN, 'antsibull-changelog'), 'lint'], env=tools_environment())
    announcing = []
    for path in sorted(glob.glob(os.path.join(ROOT, 'changelogs', 'fragments', '*.y*ml'))):
        with open(path, encoding='utf-8') as handle:
            for number, line in enumerate(handle, 1):
                if ANNOUNCES_NEW_PLUGIN.search(line):
                    announcing.append('%s:%d: %s' % (os.path.relpath(path, ROOT), number, line.strip()))
    if announcing:
        output += '\nFragments must not announce new modules or plugins (antsibull-changelog lists them):\n'
        output += '\n'.join(announcing) + '\n'
    ok = status == 0 and not output.strip() and not announcing
    fragments = len(glob.glob(os.path.join(ROOT, 'changelogs', 'fragments', '*.y*ml')))
    detail = '%d fragment(s), none announces a new module' % fragments if ok else 'problems found'
    return Outcome(ok, detail, output)


def nox_session(name):
    def check(workdir, options):
        status, output = run([os.path.join(TOOLS_BIN, 'nox'), '--no-venv', '--no-color', '-e', name],
                             env=tools_environment())
        if name == 'license-check':
            reuse = re.search(r'Files with license information: (\d+ / \d+)', output)
            detail = 'reuse: %s files licensed' % reuse.group(1) if reuse else 'exit status %d' % status
        else:
            detail = 'nox session %s' % ('passed' if status == 0 else 'failed')
        return Outcome(status == 0, detail, output)
    return check


def check_galaxy_importer(workdir, options):
    build_dir = os.path.join(workdir, 'build')
    os.makedirs(build_dir)
    status, output = run([os.path.join(TOOLS_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', build_dir,
                          ROOT], env=tools_environment())
    tarballs = glob.glob(os.path.join(build_dir, '*.tar.gz'))
    if status != 0 or len(tarballs) != 1:
        return Outcome(False, 'ansible-galaxy collection build failed', output)
    tarball = tarballs[0]
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=os.path.join(ROOT, 'tests', 'galaxy-importer.cfg'), NO_COLOR='1')
    # The importer runs ansible-lint and ansible-doc from its own virtualenv.
    env['PATH'] = os.path.dirname(options.importer_python) + os.pathsep + env.get('PATH', '')
    status, log = run([options.importer_python, '-m', 'galaxy_importer.main', os.path.basename(tarball)],
                      env=env, cwd=build_dir)
    output += log
    problems = [line for line in log.splitlines() if line.startswith(('ERROR', 'WARNING'))]
    accepted = status == 0 and 'Importer processing completed successfully' in log
    ok = accepted and not problems
    if ok:
        detail = '%s accepted' % os.path.basename(tarball)
    elif accepted:
        detail = '%s accepted with %d warning(s)' % (os.path.basename(tarball), len(problems))
    else:
        detail = '%s rejected' % os.path.basename(tarball)
    return Outcome(ok, detail, output)


CHECKS = [
    ('ansible-lint', 'ansible-lint --profile production', check_ansible_lint),
    ('changelog', 'antsibull-changelog lint', check_changelog),
    ('license', 'reuse lint + license-check', nox_session('license-check')),
    ('extra', 'extra-checks (antsibull-nox)', nox_session('extra-checks')),
    ('yamllint', 'yamllint (antsibull-nox)', nox_session('yamllint')),
    ('galaxy-importer', 'galaxy-importer on a fresh build', check_galaxy_importer),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--verbose', action='store_true', help='show the output of every check')
    parser.add_argument('--importer-python', default=os.path.join(os.path.dirname(TOOLS_BIN), 'importer', 'bin', 'python'),
                        help='the Python of the galaxy-importer virtualenv (default: %(default)s)')
    names = [check[0] for check in CHECKS]
    parser.add_argument('checks', nargs='*', metavar='CHECK', help='run only these checks: %s' % ', '.join(names))
    options = parser.parse_args()
    unknown = sorted(set(options.checks) - set(names))
    if unknown:
        parser.error('unknown check(s): %s (choose from %s)' % (', '.join(unknown), ', '.join(names)))
    selected = [check for check in CHECKS if not options.checks or check[0] in options.checks]
    results = []
    started = time.monotonic()
    for _key, label, function in selected:
        begin = time.monotonic()
        with tempfile.TemporaryDirectory(prefix='hosting-panels-lint-') as workdir:
            outcome = function(workdir, options)
        elapsed = time.monotonic() - begin
        if options.verbose or not outcome.ok:
            print('\n==== %s ====\n%s' % (label, outcome.output.rstrip()), flush=True)
        results.append((label, outcome, elapsed))
    print('\nmake lint summary:')
    for label, outcome, elapsed in results:
        print('  %-4s  %-36s %6.1fs  %s' % ('ok' if outcome.ok else 'FAIL', label, elapsed, outcome.detail))
    failed = [result[0] for result in results if not result[1].ok]
    print('%d check(s) passed, %d failed in %.0fs' % (len(results) - len(failed), len(failed), time.monotonic() - started))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())

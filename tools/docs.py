#!/usr/bin/env python
# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``make docs``: lint the collection's documentation, then build the HTML docs site, offline.

1. ``antsibull-docs lint-collection-docs`` with the plugin docs and every reference checked
   (``--validate-collection-refs all --disallow-unknown-collection-refs --check-extra-docs-refs``,
   with rstcheck): module documentation, ``docs/docsite/extra-docs.yml``, ``links.yml`` and the
   guides in ``docs/docsite/rst/``.
2. ``antsibull-docs collection`` writes the RST of the module pages and the guides.
3. ``sphinx-build`` turns them into HTML under ``docs/build/html`` with ``docs/sphinx/conf.py``
   (no intersphinx, so nothing is downloaded), every warning an error.

It runs from the docs virtualenv (``.venv-docs``, see the Makefile), whose ``bin`` must come
first on PATH: antsibull-docs runs ``ansible-doc`` from there.  ``--lint-only`` stops after step 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'docs', 'build')
COLLECTION = 'hosting.panels'


def collection_tree(collections):
    """``collections/ansible_collections/hosting/panels``, a link to this checkout.

    The folder must be outside the checkout: inside, the link would lead into itself.
    """
    link = os.path.join(collections, 'ansible_collections', 'hosting', 'panels')
    os.makedirs(os.path.dirname(link))
    os.symlink(ROOT, link)
    return link


def environment(collections):
    tools = os.path.dirname(os.path.abspath(sys.executable))
    env = dict(os.environ, PATH=tools + os.pathsep + os.environ.get('PATH', ''), ANSIBLE_COLLECTIONS_PATH=collections,
               ANSIBLE_NOCOLOR='1', NO_COLOR='1')
    # A collections path or an ansible.cfg of the developer's must not change what is documented.
    env.pop('ANSIBLE_CONFIG', None)
    return env


def private_directory(path):
    """An empty directory only its owner may write to, as antsibull-docs requires of its output."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    os.chmod(path, 0o700)
    return path


# antsibull-docs lints a copy of the collection in a folder named antsibull-docs-XXXXXXXX, whose path the RST it
# checks shows; when the random part ends in "_", that path reads as an RST reference and every page fails with
# "Unknown target name" (a CI run met it). Not a fault of the docs: such a run is made again, once, in a folder of
# another name.
TEMP_FOLDER_AS_REFERENCE = re.compile(r'\(ERROR/3\) Unknown target name: "antsibull-docs-[a-z0-9_]+"\.$')


def step(label, command, env, harmless=None):
    """Run ``command``; a failure whose every error line matches ``harmless`` is run once more."""
    for attempt in (1, 2):
        started = time.monotonic()
        process = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 check=False)
        output = process.stdout.decode('utf-8', errors='replace')
        seconds = time.monotonic() - started
        if process.returncode == 0:
            break
        errors = [line for line in output.splitlines() if '(ERROR/' in line]
        if attempt == 1 and harmless is not None and errors and all(harmless.search(line) for line in errors):
            print('docs: %s failed only on the name of its temporary folder (%s); running it again'
                  % (label, errors[0].strip()), flush=True)
            continue
        sys.stdout.write(output)
        print('docs: %s FAILED (exit status %d, %.1f s)' % (label, process.returncode, seconds))
        raise SystemExit(1)
    print('docs: %s passed (%.1f s)' % (label, seconds), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--lint-only', action='store_true', help='only lint the documentation, build no site')
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix='hosting-panels-docs-') as collections:
        return build(options, collections)


def build(options, collections):
    env = environment(collections)
    tree = collection_tree(collections)
    step('lint-collection-docs (module docs, extra docs, links, references, rstcheck)',
         ['antsibull-docs', 'lint-collection-docs', '--plugin-docs', '--validate-collection-refs', 'all',
          '--disallow-unknown-collection-refs', '--check-extra-docs-refs', '--no-skip-rstcheck', tree], env,
         harmless=TEMP_FOLDER_AS_REFERENCE)
    if options.lint_only:
        return 0
    rst = private_directory(os.path.join(BUILD, 'rst'))
    step('antsibull-docs collection (RST of the modules and guides)',
         ['antsibull-docs', 'collection', '--use-current', '--squash-hierarchy', '--fail-on-error',
          '--cleanup', 'everything', '--dest-dir', rst, COLLECTION], env)
    html = os.path.join(BUILD, 'html')
    shutil.rmtree(html, ignore_errors=True)
    step('sphinx-build (HTML, warnings are errors)',
         [os.path.join(os.path.dirname(sys.executable), 'sphinx-build'), '-b', 'html', '-W', '--keep-going', '-q',
          '-c', os.path.join(ROOT, 'docs', 'sphinx'), '-d', os.path.join(BUILD, 'doctrees'), rst, html], env)
    print('docs: the site is in %s (open index.html)' % os.path.relpath(html, os.getcwd()))
    return 0


if __name__ == '__main__':
    sys.exit(main())

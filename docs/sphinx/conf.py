# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx configuration of the hosting.panels docs site, built by ``make docs`` (tools/docs.py).

It follows what ``antsibull-docs sphinx-init`` writes, with one difference: the build must work
offline, so there is no intersphinx.  The few labels of the Ansible docsite that the generated
module pages refer to are resolved to their published addresses by ``resolve_ansible_label`` below,
and any other unresolved reference still fails the build (warnings are errors).
"""

from __future__ import annotations

from docutils import nodes

project = 'hosting.panels'
copyright = '2026, hosting.panels contributors'  # pylint: disable=redefined-builtin
title = 'hosting.panels: Ansible modules for Plesk and BrainyCP'
html_short_title = 'hosting.panels'

extensions = ['sphinx_antsibull_ext']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

default_role = 'any'
nitpicky = True

ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/latest/'

# Labels of the Ansible docsite (docs.ansible.com) used by the pages antsibull-docs generates.
ANSIBLE_LABELS = {
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
}


def resolve_ansible_label(app, env, node, contnode):
    """Point a ``:ref:`` to one of ANSIBLE_LABELS at the published Ansible docs, as intersphinx would."""
    if node.get('refdomain') != 'std' or node.get('reftype') != 'ref':
        return None
    target = ANSIBLE_LABELS.get(node.get('reftarget'))
    if target is None:
        return None
    page, text = target
    reference = nodes.reference('', '', internal=False, refuri=ANSIBLE_DOCS + page)
    reference.append(contnode if node.get('refexplicit') else nodes.inline(text, text))
    return reference


def setup(app):
    app.connect('missing-reference', resolve_ansible_label)

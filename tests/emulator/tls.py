# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away certificate authority and server certificate for ``--tls``."""

from __future__ import annotations

import ssl

import trustme


def server_tls(host):
    """Return ``(ssl_context, ca_pem_bytes)`` for a fresh CA and a certificate for ``host`` and loopback."""
    authority = trustme.CA(organization_name='hosting.panels emulator')
    names = sorted({'127.0.0.1', '::1', 'localhost', host})
    certificate = authority.issue_cert(*names)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    return context, authority.cert_pem.bytes()

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reaching a panel through an ``http://`` proxy: the ``*_proxy`` variables, ``CONNECT`` tunnels for HTTPS.

PRIVATE to the hosting.panels collection: no compatibility promise for code outside it.

Apart from :mod:`._http` because few runs use a proxy, and a module run compiles every module_utils
it imports (AnsiballZ runs them from a zip, for which Python keeps no bytecode): :mod:`._http` imports
this only when a proxy variable is set.
"""

from __future__ import annotations

import base64
from urllib.parse import unquote, urlsplit

from ansible_collections.hosting.panels.plugins.module_utils._http import (
    _Connection,
    _bracketed,
    _header_line,
    _read_head,
)


def proxy_from_environment(scheme, host):
    """:func:`._http.proxy_for` once a proxy variable is set: ``urllib.request`` reads them as Python does
    everywhere (``no_proxy`` included), and costs more to import than the rest of the HTTP seam."""
    import urllib.request  # pylint: disable=import-outside-toplevel
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(scheme) or proxies.get('all')
    if not proxy or urllib.request.proxy_bypass_environment(host, proxies):
        return None
    return proxy if '://' in proxy else 'http://' + proxy


def proxied_connection(proxy, host, port, timeout, authority, context):
    """A connection to the panel at ``host``:``port`` through ``proxy``, an ``http://`` URL.

    HTTPS goes through a ``CONNECT`` tunnel, TLS running end to end with the panel; plain HTTP sends
    the proxy each request with the absolute URL and the proxy's credentials (``proxy_headers``).
    """
    parts = urlsplit(proxy)
    headers = {}
    if parts.username is not None:
        credentials = '%s:%s' % (unquote(parts.username), unquote(parts.password or ''))
        headers['Proxy-Authorization'] = 'Basic ' + base64.b64encode(credentials.encode('utf-8')).decode('ascii')
    proxy_host, proxy_port = parts.hostname, parts.port or 80
    if context is None:
        connection = _Connection(proxy_host, proxy_port, timeout, authority)
        connection.proxy_headers = headers
        return connection
    return _TunnelConnection(proxy_host, proxy_port, timeout, authority, context, host, port, headers)


class _TunnelConnection(_Connection):
    """A connection to a proxy that asks it with ``CONNECT`` for a tunnel to the panel, then speaks TLS."""

    def __init__(self, host, port, timeout, authority, context, tunnel_host, tunnel_port, tunnel_headers):
        super().__init__(host, port, timeout, authority, context=context)
        self._tunnel_host, self._tunnel_port = tunnel_host, tunnel_port
        self._tunnel_headers = tunnel_headers

    def _before_tls(self, sock):
        target = '%s:%d' % (_bracketed(self._tunnel_host), self._tunnel_port)
        head = [b'CONNECT ' + target.encode('ascii') + b' HTTP/1.1', b'Host: ' + target.encode('ascii')]
        head += [_header_line(name, value) for name, value in self._tunnel_headers.items()]
        sock.sendall(b'\r\n'.join(head) + b'\r\n\r\n')
        # The proxy says nothing after its answer until TLS starts, so this reader takes nothing of the panel's.
        with sock.makefile('rb') as reader:
            status, reason, dummy, dummy = _read_head(reader)
        if status != 200:
            raise OSError('Tunnel connection failed: %d %s' % (status, reason))

    def _tls_name(self):
        return self._tunnel_host

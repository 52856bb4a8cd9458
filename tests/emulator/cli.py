# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line of the panel emulator: ``python tests/emulator --help``."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time

from .faults import Faults
from .schema import PleskSchemas
from .server import InFlight, PanelApp, RequestLog, serve
from .profiles import DEFAULT_PROFILE, PROFILES
from .state import SeedError, Store, default_seed, dump, load_seed_file

DEFAULT_PORTS = {'plesk': 8443, 'brainycp': 8000}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='python tests/emulator',
        description='Stateful emulator of the Plesk XML API and the BrainyCP API, for trying and testing the '
                    'hosting.panels collection without a real panel. It listens on loopback only, unless told '
                    'otherwise with --host.')
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default: %(default)s)')
    parser.add_argument('--plesk-port', type=int, metavar='N',
                        help='serve Plesk on port N (0: any free port). Without either port option both '
                             'panels are served, Plesk on 8443 and BrainyCP on 8000')
    parser.add_argument('--brainycp-port', type=int, metavar='N', help='serve BrainyCP on port N (0: any free port)')
    parser.add_argument('--tls', action='store_true',
                        help='serve HTTPS with a certificate from a freshly generated CA (see --ca-file)')
    parser.add_argument('--ca-file', metavar='FILE',
                        help='with --tls: write the CA certificate (PEM) to FILE, for validate_certs with ca_path. '
                             'It is also served at /__emulator__/ca.pem')
    parser.add_argument('--profile', choices=sorted(PROFILES),
                        help='the Plesk version to play: obsidian (18.x, XML API 1.6.9.1) or onyx (17.x, the older '
                             'documentation); a profile key in the --state seed wins (default: %s)' % DEFAULT_PROFILE)
    parser.add_argument('--state', metavar='FILE',
                        help='YAML or JSON seed with the top-level keys plesk and/or brainycp; what it leaves out '
                             'comes from the built-in default seed (see --print-default-state)')
    parser.add_argument('--request-log', metavar='FILE',
                        help='append one JSON line per panel request: panel, method, path, status, request, '
                             'response, operations (BrainyCP passwords are masked)')
    parser.add_argument('--schema-dir', metavar='DIR', default=os.environ.get('PLESK_XSD_DIR') or None,
                        help='folder with the official agent_input.xsd and agent_output.xsd: invalid Plesk '
                             'requests get error 1014, and an answer that breaks the output schema becomes '
                             'HTTP 500 (default: $PLESK_XSD_DIR)')
    parser.add_argument('--latency', type=float, default=0, metavar='MS',
                        help='add MS milliseconds to every panel request, before the panel handles it; '
                             'POST /__emulator__/reset comes back to it (PUT /__emulator__/latency sets it per panel)')
    parser.add_argument('--ready-file', metavar='FILE',
                        help='once listening, write a JSON document with the URLs (and CA file) to FILE')
    parser.add_argument('--max-lifetime', type=float, metavar='SECONDS',
                        help='stop by itself after SECONDS, so a forgotten emulator does not linger')
    parser.add_argument('--stop-with', type=int, metavar='PID',
                        help='stop by itself once process PID has ended (the script that started it, killed before '
                             'it could stop the emulator)')
    parser.add_argument('--quiet', action='store_true', help='do not log each request to stderr')
    parser.add_argument('--print-default-state', action='store_true',
                        help='print the built-in default seed (of --profile) as YAML and exit')
    args = parser.parse_args(argv)
    if args.ca_file and not args.tls:
        parser.error('--ca-file needs --tls')
    if not 0 <= args.latency <= 600000:
        parser.error('--latency: expected 0 to 600000 milliseconds, got %s' % args.latency)
    return args


def write_atomically(path, data):
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    temporary = '%s.%d.tmp' % (path, os.getpid())
    with open(temporary, 'wb') as handle:
        handle.write(data)
    os.replace(temporary, path)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.print_default_state:
        sys.stdout.write(dump(default_seed(args.profile or DEFAULT_PROFILE)))
        return 0
    try:
        store = Store(load_seed_file(args.state) if args.state else None, profile=args.profile)
        schemas = PleskSchemas(args.schema_dir) if args.schema_dir else None
    except (OSError, SeedError) as exc:
        sys.stderr.write('emulator: %s\n' % exc)
        return 2

    ports = {panel: port for panel, port in (('plesk', args.plesk_port), ('brainycp', args.brainycp_port))
             if port is not None} or dict(DEFAULT_PORTS)
    ssl_context = ca_pem = None
    if args.tls:
        from .tls import server_tls  # only --tls needs trustme
        ssl_context, ca_pem = server_tls(args.host)

    request_log = RequestLog(args.request_log)
    faults = Faults(latency={'plesk': args.latency, 'brainycp': args.latency})
    in_flight = InFlight()
    scheme = 'https' if args.tls else 'http'
    url_host = '[%s]' % args.host if ':' in args.host else args.host
    servers, ready = [], {'ca_file': os.path.abspath(args.ca_file) if args.ca_file else None,
                          'schema_dir': schemas.directory if schemas else None}
    try:
        for panel, port in ports.items():
            app = PanelApp(panel, store, request_log, schemas=schemas, ca_pem=ca_pem, faults=faults, in_flight=in_flight)
            server = serve(app, args.host, port, ssl_context=ssl_context, quiet=args.quiet)
            servers.append(server)
            ready[panel] = {'url': '%s://%s:%d' % (scheme, url_host, server.server_port),
                            'host': args.host, 'port': server.server_port, 'scheme': scheme}
    except (OSError, SystemExit) as exc:  # werkzeug explains a busy port on stderr, then exits
        reason = '' if isinstance(exc, SystemExit) else ': %s' % exc
        sys.stderr.write('emulator: cannot listen on %s port %d for %s%s\n' % (args.host, port, panel, reason))
        for server in servers:
            server.shutdown()
        return 2

    # Only now that every port is ours: a start that fails must not replace the CA of a running emulator.
    if args.ca_file:
        write_atomically(args.ca_file, ca_pem)
    if args.ready_file:
        write_atomically(args.ready_file, json.dumps(ready, indent=2).encode('utf-8'))
    sys.stdout.write(json.dumps(ready) + '\n')
    sys.stdout.flush()

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *unused: stop.set())
    deadline = time.monotonic() + args.max_lifetime if args.max_lifetime else None
    while not stop.wait(0.2):
        if deadline is not None and time.monotonic() >= deadline:
            sys.stderr.write('emulator: --max-lifetime reached, stopping\n')
            break
        if args.stop_with and not _running(args.stop_with):
            sys.stderr.write('emulator: process %d (--stop-with) has ended, stopping\n' % args.stop_with)
            break
    for server in servers:
        server.shutdown()
    return 0


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process, which is running
        pass
    return True

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Connection options of every BrainyCP module."""

    DOCUMENTATION = r'''
options:
  host:
    description:
      - Host name or IP address of the BrainyCP server, without scheme, port or path.
      - If not set, the value of the E(BRAINYCP_HOST) environment variable is used.
    type: str
    required: true
  port:
    description:
      - TCP port of the panel. BrainyCP serves HTTPS on V(8000) and plain HTTP on V(8002) by default.
      - If not set, the value of the E(BRAINYCP_PORT) environment variable is used, else V(8000).
    type: int
    default: 8000
  scheme:
    description:
      - V(https) or V(http); it must match O(port).
      - If not set, the value of the E(BRAINYCP_SCHEME) environment variable is used, else V(https).
    type: str
    choices: [https, http]
    default: https
  username:
    description:
      - Panel login whose group has API access. Administrative operations, such as the mail queue,
        need a login with full API (administrator) rights, usually V(root).
      - If not set, the value of the E(BRAINYCP_USERNAME) environment variable is used.
    type: str
    required: true
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(BRAINYCP_PASSWORD) environment variable is used.
    type: str
    required: true
  validate_certs:
    description:
      - Verify the server's TLS certificate. BrainyCP installs a self-signed certificate; trust it with
        O(ca_path) rather than turning this off.
      - If not set, the value of the E(BRAINYCP_VALIDATE_CERTS) environment variable is used, else V(true).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the server's certificate with, instead of the system's.
      - If not set, the value of the E(BRAINYCP_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer. The panel often needs several seconds
        per request, hence the long default.
      - If not set, the value of the E(BRAINYCP_TIMEOUT) environment variable is used, else V(60).
    type: int
    default: 60
  retries:
    description:
      - How often a request that only reads is sent again after a connection failure, an answer cut short,
        a rate limit (HTTP 429) or a gateway error (HTTP 502, 503, 504), waiting 0.5 seconds, then twice as
        long each time (longer when the panel asks for it with Retry-After, up to 10 seconds).
      - A request that changes something is never sent again, because the panel may have acted on it.
      - Between V(0) and V(10). If not set, the value of the E(BRAINYCP_RETRIES) environment variable is used,
        else V(3).
    type: int
    default: 3
  request_style:
    description:
      - How each API call names its operation and the credentials.
      - V(documented) sends exactly what the BrainyCP documentation of its mail API shows,
        C(mailserver=mailserver&<operation>=<operation>) with C(username) and C(password).
      - V(module) sends C(module=mailserver&subdo=<operation>) with C(login) and C(pass), as the public
        BrainyCP clients call other modules, for a panel that does not answer the documented call.
      - V(combined) sends both at once, for a panel that needs it. A panel that honours both could run the
        operation twice, so use it only where the other styles fail. Such a panel would print two answers,
        which the module cannot read; a read fails, and a change fails saying it may have been made (where it
        reads the state back, it reports what that shows).
      - If not set, the value of the E(BRAINYCP_REQUEST_STYLE) environment variable is used, else V(documented).
    type: str
    choices: [documented, module, combined]
    default: documented
notes:
  - >-
    The module talks to the BrainyCP API (C(/api/api.php)) from the host that runs it. Run it on the
    controller (C(delegate_to: localhost) or a play on C(localhost)); environment variables are read there too.
  - Use C(module_defaults) with the action group C(group/hosting.panels.brainycp) to set the connection
    options once for all BrainyCP modules.
  - The credentials are sent in the POST body, never in the URL. HTTP redirects are never followed.
  - BrainyCP does not publish the exact shape of its answers. The module accepts the documented variants
    (status in C(error), C(code) or C(err), as a number or a string; text in C(mess) or C(message)) and
    fails with the raw answer when it meets anything else.
'''

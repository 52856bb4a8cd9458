# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Connection options of every Plesk module."""

    DOCUMENTATION = r'''
options:
  host:
    description:
      - Host name or IP address of the Plesk server, without scheme, port or path.
      - If not set, the value of the E(PLESK_HOST) environment variable is used.
    type: str
    required: true
  port:
    description:
      - TCP port of the Plesk XML API.
      - If not set, the value of the E(PLESK_PORT) environment variable is used, else V(8443).
    type: int
    default: 8443
  scheme:
    description:
      - V(https) for the panel's TLS port, V(http) for its plain port (usually 8880); O(port) stays V(8443)
        unless set too.
      - If not set, the value of the E(PLESK_SCHEME) environment variable is used, else V(https).
    type: str
    choices: [https, http]
    default: https
  login:
    description:
      - Login of the Plesk account used with O(password).
      - If not set, the value of the E(PLESK_LOGIN) environment variable is used, else V(admin).
    type: str
    default: admin
  password:
    description:
      - Password of O(login). Give either O(password) or O(secret_key).
      - When the task gives neither, the E(PLESK_PASSWORD) or E(PLESK_SECRET_KEY) environment variable is used;
        only one of them may be set then. A value in the task always wins over the environment, so a task can
        use its own secret key where an AWX credential sets E(PLESK_PASSWORD).
      - Sent in an HTTP header, so it must not contain line breaks or begin or end with blanks.
    type: str
  secret_key:
    description:
      - A Plesk secret key (API key), sent instead of O(login) and O(password).
      - Plesk binds each key to the IP address it may be used from.
      - When the task gives neither O(password) nor O(secret_key), see O(password) for the environment variables.
    type: str
  validate_certs:
    description:
      - Verify the server's TLS certificate. Turn off only for a server with a self-signed certificate
        that you cannot trust with O(ca_path).
      - If not set, the value of the E(PLESK_VALIDATE_CERTS) environment variable is used, else V(true).
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the server's certificate with, instead of the system's.
      - If not set, the value of the E(PLESK_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer.
      - If not set, the value of the E(PLESK_TIMEOUT) environment variable is used, else V(30).
    type: int
    default: 30
  retries:
    description:
      - How often a request that only reads is sent again after a connection failure, an answer cut short,
        a rate limit (HTTP 429) or a gateway error (HTTP 502, 503, 504), waiting 0.5 seconds, then twice as
        long each time (longer when the panel asks for it with Retry-After, up to 10 seconds).
      - A request that changes something is never sent again, because the panel may have acted on it.
      - Between V(0) and V(10). If not set, the value of the E(PLESK_RETRIES) environment variable is used,
        else V(3).
    type: int
    default: 3
  api_version:
    description:
      - Pin the XML API protocol version of each packet, for example V(1.6.7.0).
      - By default no version is sent and the server uses its newest protocol, which is what you want
        unless a server misbehaves with it.
      - If not set, the value of the E(PLESK_API_VERSION) environment variable is used.
    type: str
  max_packet_size:
    description:
      - The largest request, in bytes, sent to the XML API. What would make a larger packet is sent as several
        packets of at most this size, one after the other.
      - The default, V(8388608) (8 MiB), is PHP's own default C(post_max_size), the smallest limit the PHP that
        runs C(agent.php) is likely to have; the web server in front of Plesk (C(sw-cp-server), an nginx) also takes
        file uploads to C(agent.php), so its own limit is larger. Reading 10,000 sites by id takes about half a
        megabyte, so with the default they are read in one packet and changed in one more.
      - Lower it when Plesk, or a proxy in front of it, answers a large task with HTTP 413; the module then fails
        naming the size of the packet it refused, and nothing of that packet ran.
      - At least V(1024).
      - If not set, the value of the E(PLESK_MAX_PACKET_SIZE) environment variable is used, else V(8388608).
    type: int
    default: 8388608
notes:
  - >-
    The module talks to the Plesk XML API (C(/enterprise/control/agent.php)) from the host that runs it.
    Run it on the controller (C(delegate_to: localhost) or a play on C(localhost)); environment variables
    are read there too.
  - Use C(module_defaults) with the action group C(group/hosting.panels.plesk) to set the connection
    options once for all Plesk modules.
  - The module reads the current state in one packet, one more first when sites are named by domain (to find
    their ids) or when every site is listed (an C(_info) module without a filter), and for the modules that
    read the mail state of sites one more when Plesk answers a C(mail get_prefs) of several sites without
    naming each. It sends at most one packet of changes (more only
    when a packet would be larger than O(max_packet_size), and M(hosting.panels.plesk_mailbox) sends the few
    changes that must wait for others in packets of their own), and reads the state back once more only when the
    answer to the changes was lost or unreadable. A packet about
    thousands of sites takes the panel longer to answer; raise O(timeout) if it does not answer in time.
    Requests that only read are retried (O(retries)); changes are sent once.
  - HTTP redirects are never followed.
requirements:
  - lxml
'''

# Copyright (c) 2026, hosting.panels contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The BrainyCP API (``/api/api.php``) as the emulator answers it: the ``mailserver`` module.

It accepts what the documentation and the public clients send: GET or POST (urlencoded or
multipart), the documented constant-key style (``mailserver=mailserver&list_msg=list_msg``
with ``username``/``password``) and the ``module=mailserver&subdo=list_msg`` style of the
public clients (with ``login``/``pass``, or ``Login``/``pass``).  A request that mixes the two
styles is run by default, as a public client's mixed calls to another module show a panel doing;
``brainycp.mixed_styles: refuse`` plays a strict dispatcher instead, and ``twice`` one that runs such a call
in each of its branches.  The shape of the answers can be
switched (``brainycp.answers`` in the state) because the real shapes are not published.  Texts come in
the language the request asks for (``en`` or ``ru``, ``ru`` when it asks for neither, as documented), or
always in one language (``brainycp.language``).
"""

from __future__ import annotations

import json

from .state import EXIM_ID

API_PATH = '/api/api.php'
MODULE = 'mailserver'

# The key the documentation gives each operation's text.
DOCUMENTED_MESSAGE_KEY = {
    'list_msg': 'mess', 'delete_all_msg': 'message', 'controll_msg': 'mess', 'delete_frozen_msg': 'message',
    'count_msg': 'message', 'clamav': 'mess', 'spamassassin': 'mess',
}
OPERATIONS = tuple(DOCUMENTED_MESSAGE_KEY)
# The calls that ask for a change, whether or not one is needed; the filters' other command reads their status.
WRITES = ('delete_all_msg', 'delete_frozen_msg', 'controll_msg')
SWITCHES = {'clamav': ('on', 'off'), 'spamassassin': ('on', 'off')}
# The service behind each filter, as an init script names it in the console output of a switch.
SERVICES = {'clamav': 'clamd', 'spamassassin': 'spamd'}
SECRET_PARAMETERS = ('pass', 'password')

NOT_AVAILABLE = 'Unfortunately, the module is not available to you.'
COMPLETED = 'Request completed'
ENABLED, DISABLED = 'Enabled', 'Disabled'

# The languages the documentation lists for ``language``, and the one it names the default.
LANGUAGES = ('en', 'ru')
DEFAULT_LANGUAGE = 'ru'
# The panel's Russian texts, from the Russian API page and the panel's language file (research note,
# section 5).  A text missing here has no published Russian original and stays as it is in both.
RUSSIAN = {
    'Mail queue list': 'Список почтовой очереди',
    'The mail queue list is empty': 'Список почтовой очереди пуст',
    COMPLETED: 'Запрос выполнен',
    NOT_AVAILABLE: 'К сожалению, модуль вам не доступен',
    'The mail server does not support forced deletion': 'Почтовый сервер не поддерживает принудительное удаление',
    'The mail server does not support deleting frozen messages':
        'Почтовый сервер не поддерживает удаление замороженных писем',
    'Missing message id': 'Отсутствует id письма',
    'The server for sending letters is missing or incorrectly specified':
        'Отсутствует или не правильно указан сервер отправки писем',
    'Number of messages': 'Количество сообщений',
    ENABLED: 'Включен',
    DISABLED: 'Отключен',
}
# The panel's generic answer to parameters it cannot make sense of (research note, section 4).
MIXED_STYLES = {'error': 2, 'mess': 'Error in parameters!'}


def answer_language(brainy, params):
    """The language the panel answers ``params`` in: the one asked for, unless the state fixes one."""
    if brainy['language'] != 'requested':
        return brainy['language']
    asked = params.get('language')
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


def translated(text, language):
    return RUSSIAN.get(text, text) if language == 'ru' else text


def request_style(params):
    """How the request names its operation and credentials, e.g. ``constant+username``; ``mixed`` parts
    when it uses both ways of one."""
    constant = MODULE in params or any(name in params for name in OPERATIONS)
    module = 'module' in params or 'subdo' in params
    username = 'username' in params or 'password' in params
    login = 'login' in params or 'Login' in params or 'pass' in params
    operation = 'mixed' if constant and module else 'constant' if constant else 'module' if module else 'none'
    credentials = 'mixed' if username and login else 'username' if username else 'login' if login else 'none'
    return '%s+%s' % (operation, credentials)


class Answer:
    """An answer in the making: status, text, optional detail; shaped by the state's switches."""

    def __init__(self, operation, code, text, detail=None):
        self.operation = operation
        self.code = code
        self.text = text
        self.detail = detail


def asks_for_change(operation, params):
    """Whether a call of ``operation`` asks for a change: the stats count it as a write, and a fault for writes
    only acts on it, as on a Plesk packet with a write operation, whether or not the change was needed."""
    return operation in WRITES or dict(params).get('command') in SWITCHES.get(operation, ())


class BrainycpEmulator:
    """Answers API calls; ``handle`` is free of HTTP so tests can call it directly."""

    def __init__(self, store):
        self.store = store

    def handle(self, params):
        """Return ``(http_status, headers, body_bytes, info)`` for the merged request parameters."""
        info = {'operations': [], 'writes': False, 'style': request_style(params)}
        with self.store.lock:
            brainy = self.store.data['brainycp']
            if brainy['http_gate'] == 401:
                return 401, {'WWW-Authenticate': 'Basic realm="BrainyCP"'}, b'<h1>401 Unauthorized</h1>', info
            if brainy['http_gate'] == 403:
                return 403, {}, b'<h1>403 Forbidden</h1>', info
            if 'mixed' in info['style'] and brainy['mixed_styles'] == 'refuse':
                return 200, {}, _json(MIXED_STYLES), info
            user = self._user(brainy, params)
            if user is None:
                return 200, {}, _json({'code': 1, 'message': 'Not perm2'}), info
            if MODULE not in params and params.get('module') != MODULE:
                return 200, {}, b'', info
            operation = next((name for name in OPERATIONS if name in params), None)
            if operation is None and params.get('subdo') in OPERATIONS:
                operation = params['subdo']
            if operation is None:
                return 200, {}, _json({'error': 1002, 'mess': 'Wrong command'}), info
            info['writes'] = asks_for_change(operation, params)
            # mixed_styles: twice plays a dispatcher whose two branches each take a call naming its operation in
            # both styles: the operation runs twice, and each run prints its answer.
            runs = 2 if info['style'].startswith('mixed') and brainy['mixed_styles'] == 'twice' else 1
            bodies = []
            for dummy in range(runs):
                info['operations'].append('%s.%s' % (MODULE, operation))
                if MODULE not in user['modules']:
                    answer = Answer(operation, 400, NOT_AVAILABLE)
                else:
                    # On the live state: every operation checks all it needs before its one change, so a call
                    # that fails has changed nothing and there is nothing to undo.
                    answer = getattr(self, '_' + operation)(brainy['mailserver'], params)
                bodies.append(_json(self._shape(brainy['answers'], answer, answer_language(brainy, params))))
            return 200, {}, b''.join(bodies), info

    @staticmethod
    def _user(brainy, params):
        name = params.get('login') or params.get('Login') or params.get('username')
        password = params.get('pass') if params.get('pass') is not None else params.get('password')
        return next((user for user in brainy['users']
                     if user['username'] == name and user['password'] == password), None)

    # -- operations ----------------------------------------------------------------------------
    #
    # ``mailserver['queue']`` maps each message id to its message, in the queue's order (state._live).

    @staticmethod
    def _list_msg(mailserver, params):
        if not mailserver['queue']:
            return Answer('list_msg', 100, 'The mail queue list is empty')
        return Answer('list_msg', 0, 'Mail queue list', detail=('queue', list(mailserver['queue'].values())))

    @staticmethod
    def _count_msg(mailserver, params):
        return Answer('count_msg', 0, 'Number of messages', detail=('count', len(mailserver['queue'])))

    @staticmethod
    def _delete_all_msg(mailserver, params):
        if 'dellete_forse' in params and not mailserver['forced_delete']:
            return Answer('delete_all_msg', 100, 'The mail server does not support forced deletion')
        lines = ['Message %s has been removed' % message_id for message_id in mailserver['queue']]
        mailserver['queue'] = {}
        return Answer('delete_all_msg', 0, COMPLETED, detail=('console', lines))

    @staticmethod
    def _delete_frozen_msg(mailserver, params):
        if not mailserver['frozen_delete']:
            return Answer('delete_frozen_msg', 100, 'The mail server does not support deleting frozen messages')
        queue = mailserver['queue']
        lines = ['Message %s has been removed' % message_id for message_id, message in queue.items() if message['frozen']]
        mailserver['queue'] = {message_id: message for message_id, message in queue.items() if not message['frozen']}
        return Answer('delete_frozen_msg', 0, COMPLETED, detail=('console', lines))

    @staticmethod
    def _controll_msg(mailserver, params):
        command = params.get('command')
        if command not in ('delete', 'reship'):
            return Answer('controll_msg', 100, 'Invalid value command')
        message_id = (params.get('id') or '').strip()
        if not message_id:
            return Answer('controll_msg', 101, 'Missing message id')
        if command == 'reship' and not mailserver['outgoing_server']:
            return Answer('controll_msg', 102, 'The server for sending letters is missing or incorrectly specified')
        message = mailserver['queue'].get(message_id)
        if not EXIM_ID.match(message_id):
            lines = ['exim: malformed message id %s' % message_id]
        elif message is None:
            lines = ['Message %s has been removed or did not exist' % message_id if command == 'delete'
                     else 'Message %s was not found in the queue' % message_id]
        elif command == 'delete':
            del mailserver['queue'][message_id]
            lines = ['Message %s has been removed' % message_id]
        elif message['deliverable']:
            del mailserver['queue'][message_id]
            lines = ['Message %s delivered' % message_id]
        else:
            message['frozen'] = False
            lines = ['Message %s deferred: remote host did not accept the message' % message_id]
        return Answer('controll_msg', 0, COMPLETED, detail=('console', lines))

    @staticmethod
    def _filter(name, mailserver, params):
        command = params.get('command')
        if command not in ('status', 'on', 'off'):
            return Answer(name, 100, 'Invalid command')
        if command == 'status':
            return Answer(name, 0, 'Command completed', detail=('status', mailserver[name]))
        # A filter in stuck_filters is a service that fails to start or stop: the call still succeeds.
        switched = name not in mailserver['stuck_filters']
        if switched:
            mailserver[name] = command == 'on'
        return Answer(name, 0, 'Command completed', detail=('switch', (name, command == 'on', switched,
                                                                       mailserver[name])))

    def _clamav(self, mailserver, params):
        return self._filter('clamav', mailserver, params)

    def _spamassassin(self, mailserver, params):
        return self._filter('spamassassin', mailserver, params)

    # -- shaping -------------------------------------------------------------------------------

    @staticmethod
    def _shape(answers, answer, language):
        def number(value):
            # Flags stay JSON booleans with numbers: int (the documentation's proposal shows
            # ``"frozen": false``); with numbers: str they become "0"/"1", as PHP prints them.
            if answers['numbers'] != 'str':
                return value
            return str(int(value)) if isinstance(value, bool) else str(value)

        key = answers['message_key']
        if key == 'documented':
            key = DOCUMENTED_MESSAGE_KEY[answer.operation]
        body = {'error': number(answer.code), key: translated(answer.text, language)}
        if answer.detail is not None:
            kind, value = answer.detail
            as_dict = answers['detail'] == 'dict'
            if kind == 'queue' and answers['queue'] == 'exim_bp':
                lines = exim_bp(value)
                body['detail'] = {str(index): line for index, line in enumerate(lines)} if as_dict else lines
            elif kind == 'queue':
                messages = [{'id': message['id'], 'age': message['age'], 'size': message['size'],
                             'sender': message['sender'], 'recipients': list(message['recipients']),
                             'frozen': number(message['frozen'])} for message in value]
                body['detail'] = ({message.pop('id'): message for message in messages} if as_dict else messages)
            elif kind == 'count' and answers['count'] == 'documented':
                pass  # the documented answer names no number (seed: error 0, message 'Number of messages')
            elif kind == 'count':
                body['detail'] = {'count': number(value)} if as_dict else number(value)
            elif kind == 'switch' and answers['switch'] == 'console':
                name, on, switched, dummy = value
                lines = ['%s %s: [%s]' % ('Starting' if on else 'Stopping', SERVICES[name],
                                          '  OK  ' if switched else 'FAILED')]
                body['detail'] = {str(index): line for index, line in enumerate(lines)} if as_dict else lines
            elif kind in ('status', 'switch'):
                value = value[3] if kind == 'switch' else value
                text = translated(ENABLED if value else DISABLED, language)
                body['detail'] = {'status': text} if as_dict else [text]
            else:
                body['detail'] = {str(index): line for index, line in enumerate(value)} if as_dict else value
        return body


def exim_bp(queue):
    """The queue as ``exim -bp`` prints it: per message its age, size (blank when empty), id, sender (with the
    login of the untrusted user who set it) and a frozen mark, then its recipients, those delivered to marked
    D, and a blank line."""
    lines = []
    for message in queue:
        sender = message['sender'] if message['sender'].startswith('<') else '<%s>' % message['sender']
        if message['originator_login']:
            sender += ' (%s)' % message['originator_login']
        size = '' if message['size'] in ('0', '') else message['size']
        lines.append('%3s %5s %s %s%s' % (message['age'], size, message['id'], sender,
                                          ' *** frozen ***' if message['frozen'] else ''))
        lines.extend('        D %s' % address for address in message['delivered'])
        lines.extend('          %s' % address for address in message['recipients'])
        lines.append('')
    return lines


def masked(params):
    """The parameters with secrets replaced, for the request log."""
    return [(key, '********' if key in SECRET_PARAMETERS else value) for key, value in params]


def _json(document):
    return json.dumps(document, ensure_ascii=False).encode('utf-8')

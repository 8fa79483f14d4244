// The operator console (FEATURES 5.3): log in, watch the open alarms live, acknowledge, assign and close them.
// Plain browser JavaScript, no build step. The tokens stay in memory only (a reload asks for the password again).
// The list is read over REST once and then kept up to date by the `/alarms` socket (see README: "Operator console").
import { io } from '/socket.io/socket.io.esm.min.js';

const STATE_NEW = 1;
const STATE_IN_PROGRESS = 4;
const LIST_PAGE_SIZE = 200;
/** The console shows at most this many open alarms read over REST (newest first); live ones are added. */
const LIST_MAX = 1_000;
/** How often, and how long apart, the page asks for an alarm or an owner's name the alarm list does not show yet. */
const LOOKUP_ATTEMPTS = 8;
const LOOKUP_DELAY_MS = 500;
/** After the list is read, the newest alarms are read once more this much later (see `catchUp`). */
const CATCH_UP_MS = 2_000;

const $ = (selector) => {
  const element = document.querySelector(selector);
  if (!element) {
    throw new Error(`the page has no ${selector}`);
  }
  return element;
};

const element = (tag, properties = {}, children = []) => {
  const created = document.createElement(tag);
  Object.assign(created, properties);
  created.append(...children);
  return created;
};

/** An error answered by the API: its `code` is what the operator sees first. */
class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const errorOf = async (response) => {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message = typeof body.message === 'string' ? body.message : response.statusText;
  return new ApiError(response.status, code, message);
};

const describeError = (error) =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : `NETWORK_ERROR: ${String(error.message ?? error)}`;

// ---------------------------------------------------------------------------------------------------------------
// The session: tokens in memory, refreshed before the access token expires.

const session = {
  accessToken: undefined,
  refreshToken: undefined,
  expiresAt: 0,
  refreshTimer: undefined,
  /** The refresh in flight: a refresh token is used once, so two refreshes at once would end the session. */
  refreshing: undefined,
  me: undefined,
};

const useTokens = ({ accessToken, refreshToken, expiresIn }) => {
  session.accessToken = accessToken;
  session.refreshToken = refreshToken;
  session.expiresAt = Date.now() + expiresIn * 1_000;
  clearTimeout(session.refreshTimer);
  // A minute before expiry, or at 80% of a short lifetime.
  const lead = Math.min(60, expiresIn * 0.2);
  session.refreshTimer = setTimeout(
    () => {
      refresh().catch(() => endSession('Your session has ended: log in again.'));
    },
    Math.max(1, expiresIn - lead) * 1_000,
  );
};

const postJson = (path, body) =>
  fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const refresh = () => {
  session.refreshing ??= (async () => {
    try {
      const used = session.refreshToken;
      const response = await postJson('/api/auth/refresh', { refreshToken: used });
      if (!response.ok) {
        throw await errorOf(response);
      }
      const tokens = await response.json();
      // Logged out meanwhile: the new pair is not kept.
      if (session.refreshToken === used) {
        useTokens(tokens);
      }
    } finally {
      session.refreshing = undefined;
    }
  })();
  return session.refreshing;
};

/** A call to the API with the access token; a 401 is retried once after a refresh. */
const api = async (method, path, body, retry = true) => {
  const headers = { Authorization: `Bearer ${session.accessToken}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401 && retry && session.refreshToken) {
    try {
      await refresh();
    } catch {
      endSession('Your session has ended: log in again.');
      throw await errorOf(response);
    }
    return api(method, path, body, false);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response.status === 204 ? undefined : response.json();
};

// ---------------------------------------------------------------------------------------------------------------
// What the page shows: the open alarms, by id.

/** The page's state when no one is signed in (at load, and again at the end of a session). */
const freshView = () => ({
  settings: undefined,
  /** Open alarms by id: the fields of the REST list (AlarmView), kept up to date by the socket's messages. */
  alarms: new Map(),
  /**
   * The newest revision shown per alarm, closed and expired ones included. REST rows (AlarmView.revision) and socket
   * messages number an alarm's events alike: a row or a message not newer than what is shown is ignored, so a row
   * read over REST never undoes a message already applied, nor an old message a newer row.
   */
  revisions: new Map(),
  /** User names by id: the operator, the users list when they may read it, the owners the list names. */
  userNames: new Map(),
  /** Users the operator may read (users.view); undefined without that permission. */
  users: undefined,
  /** The last feed position seen: a reconnecting socket asks for everything after it. */
  position: undefined,
  /** False until the REST list is loaded; messages wait in `pending` until then. */
  synced: false,
  pending: [],
  /** Owner names being looked up, so that each is asked for once. */
  lookingUp: new Set(),
  /** Alarms being read because a message named them (see `fetchAlarm`), with the messages received meanwhile. */
  fetching: new Map(),
  catchUpTimer: undefined,
});
const view = freshView();

let socket;
/** Why the server ended the socket (`session-ended`), read when it disconnects. */
let endedBecause;
let reconnectTimer;

const levelName = (levels, level) => levels?.find((entry) => entry.level === level)?.name;

const showError = (text) => {
  $('#error').textContent = text;
};

const showNotice = (text) => {
  $('#notice').textContent = text;
};

const setConnection = (state, text) => {
  const badge = $('#connection');
  badge.dataset.state = state;
  badge.textContent = text;
};

// ---------------------------------------------------------------------------------------------------------------
// Loading and live updates.

const rememberOwner = (alarm) => {
  if (alarm.ownerId && alarm.ownerName) {
    view.userNames.set(alarm.ownerId, alarm.ownerName);
  }
};

/** Whether a REST row or a message with this revision is newer than what the page shows of the alarm. */
const isNewer = (alarmId, revision) => revision > (view.revisions.get(alarmId) ?? -1);

/**
 * The open alarms, newest first, over REST (cursor paging). A row not newer than what the page shows (a message
 * applied while the list was read) leaves the page's version in place.
 */
const loadList = async () => {
  const alarms = new Map();
  let cursor;
  do {
    const query = new URLSearchParams({ closed: 'false', limit: String(LIST_PAGE_SIZE) });
    if (cursor) {
      query.set('cursor', cursor);
    }
    const page = await api('GET', `/api/alarms?${query.toString()}`);
    for (const alarm of page.alarms) {
      rememberOwner(alarm);
      if (isNewer(alarm.alarmId, alarm.revision)) {
        alarms.set(alarm.alarmId, alarm);
        view.revisions.set(alarm.alarmId, alarm.revision);
      } else if (view.alarms.has(alarm.alarmId)) {
        alarms.set(alarm.alarmId, view.alarms.get(alarm.alarmId));
      }
    }
    cursor = page.nextCursor;
  } while (cursor && alarms.size < LIST_MAX);
  view.alarms = alarms;
};

/**
 * An alarm a message names but the page does not have (older than the list read, or not in it yet when it was read):
 * read it, retrying while the alarm list has not caught up with it (404), then apply over it the messages received
 * meanwhile, and keep it while open.
 */
const fetchAlarm = async (alarmId, attempt = 1, fetching = view.fetching) => {
  if (view.fetching !== fetching) {
    return; // logged out meanwhile
  }
  let alarm;
  try {
    alarm = await api('GET', `/api/alarms/${encodeURIComponent(alarmId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && attempt < LOOKUP_ATTEMPTS) {
      setTimeout(() => void fetchAlarm(alarmId, attempt + 1, fetching), Math.min(attempt * LOOKUP_DELAY_MS, 3_000));
      return;
    }
    fetching.delete(alarmId);
    if (!(error instanceof ApiError && error.status === 404)) {
      showError(describeError(error));
    }
    return;
  }
  const received = fetching.get(alarmId) ?? [];
  fetching.delete(alarmId);
  rememberOwner(alarm);
  if (view.fetching !== fetching || view.alarms.has(alarmId)) {
    return; // logged out meanwhile, or raised meanwhile
  }
  const ended = received.some((message) => message.type === 'AlarmClosed' || message.type === 'AlarmExpired');
  if (alarm.closedAt === undefined && !ended) {
    // The row already shows the events up to its revision: only the messages after it are applied over it.
    for (const message of received) {
      if (message.revision > alarm.revision) {
        evolve(alarm, message);
      }
    }
    if (isNewer(alarmId, alarm.revision)) {
      view.revisions.set(alarmId, alarm.revision);
    }
    view.alarms.set(alarmId, alarm);
  }
  render();
};

/**
 * The name of an owner the page has not met: the alarm's REST view names it once the alarm list has caught up with
 * the message (it may answer 404, or name the previous owner, a moment before). Until then the page shows the id.
 */
const lookUpOwner = (alarmId, ownerId) => {
  if (view.userNames.has(ownerId) || view.lookingUp.has(ownerId)) {
    return;
  }
  const lookingUp = view.lookingUp;
  lookingUp.add(ownerId);
  const retry = (attempt) => {
    if (attempt < LOOKUP_ATTEMPTS) {
      setTimeout(() => void ask(attempt + 1), Math.min(attempt * LOOKUP_DELAY_MS, 3_000));
    } else {
      lookingUp.delete(ownerId);
    }
  };
  const ask = async (attempt) => {
    if (view.lookingUp !== lookingUp) {
      return; // logged out meanwhile
    }
    try {
      rememberOwner(await api('GET', `/api/alarms/${encodeURIComponent(alarmId)}`));
    } catch {
      // not in the list yet, or the network: asked again below
    }
    if (view.userNames.has(ownerId)) {
      lookingUp.delete(ownerId);
      render();
    } else {
      retry(attempt);
    }
  };
  void ask(1);
};

/** What a change to an open alarm does to its row (each message sets what its event says). */
const evolve = (alarm, { type, data }) => {
  switch (type) {
    case 'AlarmAcknowledged':
      alarm.stateLevel = STATE_IN_PROGRESS;
      delete alarm.stateName;
      alarm.ownerId ??= data.byUserId;
      break;
    case 'AlarmAssigned':
      alarm.ownerId = data.ownerId;
      break;
    case 'AlarmPriorityChanged':
      alarm.priority = data.priority;
      delete alarm.priorityName;
      break;
    case 'AlarmStateChanged':
      alarm.stateLevel = data.stateLevel;
      delete alarm.stateName;
      break;
    case 'AlarmCommented':
      alarm.commentCount = (alarm.commentCount ?? 0) + 1;
      break;
    default:
      break;
  }
};

/** Applies one AlarmFeedMessage to the list; older or repeated revisions are ignored. */
const apply = (message) => {
  const { alarmId, revision, type, data } = message;
  if (!isNewer(alarmId, revision)) {
    return;
  }
  view.revisions.set(alarmId, revision);
  const alarm = view.alarms.get(alarmId);
  if (type === 'AlarmRaised') {
    if (!alarm) {
      view.alarms.set(alarmId, {
        alarmId,
        alarmDefinitionId: data.alarmDefinitionId,
        name: data.name,
        priority: data.priority,
        stateLevel: STATE_NEW,
        ...(data.categoryLevel === undefined ? {} : { categoryLevel: data.categoryLevel }),
        ...(data.sourceDeviceId === undefined ? {} : { sourceDeviceId: data.sourceDeviceId }),
        ...(data.ownerId === undefined ? {} : { ownerId: data.ownerId }),
        raisedAt: new Date(data.at).toISOString(),
      });
    }
    return;
  }
  if (!alarm) {
    const received = view.fetching.get(alarmId);
    if (received) {
      received.push(message);
    } else if (type !== 'AlarmClosed' && type !== 'AlarmExpired') {
      view.fetching.set(alarmId, [message]);
      void fetchAlarm(alarmId);
    }
    return;
  }
  if (type === 'AlarmClosed') {
    view.alarms.delete(alarmId);
    showNotice(`Closed “${alarm.name}”${data.reason ? `: ${data.reason}` : ''}.`);
    return;
  }
  if (type === 'AlarmExpired') {
    // Its retention passed (FEATURES 5.3.8): the alarm is gone from the system, not only from the open list.
    view.alarms.delete(alarmId);
    showNotice(`Removed “${alarm.name}”: kept ${data.retentionDays} day(s), its retention.`);
    return;
  }
  evolve(alarm, message);
};

/**
 * The list read over REST shows what the alarm list had projected then, which may be a moment behind the socket: an
 * alarm raised just before the socket opened could be in neither. So the newest alarms are read once more a little
 * later, and each row newer than what the page shows (an alarm it has heard nothing about, or a later version) is
 * taken.
 */
const catchUp = async () => {
  const alarms = view.alarms;
  try {
    const page = await api('GET', `/api/alarms?closed=false&limit=${LIST_PAGE_SIZE}`);
    if (view.alarms !== alarms) {
      return; // read again or logged out meanwhile
    }
    for (const alarm of page.alarms) {
      rememberOwner(alarm);
      if (isNewer(alarm.alarmId, alarm.revision)) {
        alarms.set(alarm.alarmId, alarm);
        view.revisions.set(alarm.alarmId, alarm.revision);
      }
    }
    render();
  } catch {
    // the next reconnection reads the list again when it has to
  }
};

const onAlarm = (message) => {
  view.position = message.position;
  if (!view.synced) {
    view.pending.push(message);
    return;
  }
  apply(message);
  render();
};

const onReady = async ({ position }) => {
  if (position !== null) {
    view.position = position;
  }
  if (!view.synced) {
    try {
      await loadList();
    } catch (error) {
      showError(describeError(error));
      setConnection('offline', 'Offline');
      socket?.disconnect();
      reconnectTimer = setTimeout(connect, 3_000);
      return;
    }
    for (const message of view.pending.splice(0)) {
      apply(message);
    }
    view.synced = true;
    render();
    clearTimeout(view.catchUpTimer);
    view.catchUpTimer = setTimeout(() => void catchUp(), CATCH_UP_MS);
  }
  setConnection('live', 'Live');
};

const reconnect = async () => {
  // A token about to expire would be refused, or ended again at once.
  if (session.expiresAt - Date.now() < 10_000) {
    try {
      await refresh();
    } catch {
      endSession('Your session has ended: log in again.');
      return;
    }
  }
  socket?.connect();
};

const onDisconnect = (reason) => {
  const ended = endedBecause;
  endedBecause = undefined;
  if (reason === 'io client disconnect') {
    return;
  }
  if (ended === 'SESSION_ENDED') {
    endSession('Your session has ended: log in again.');
    return;
  }
  // Without a position to resume from, the list is read again once connected.
  if (view.position === undefined) {
    view.synced = false;
  }
  setConnection('reconnecting', 'Reconnecting…');
  if (!socket.active) {
    // The server ended the connection (token expired, too many messages): socket.io does not retry by itself.
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => void reconnect(), ended === 'RATE_LIMITED' ? 5_000 : 500);
  }
};

let refusedAfterRefresh = false;

const onConnectError = (error) => {
  if (socket.active) {
    // The network or the server is away: socket.io retries with back-off.
    setConnection('reconnecting', 'Reconnecting…');
    return;
  }
  const code = error.data?.code;
  if (code === 'UNAUTHENTICATED' && !refusedAfterRefresh) {
    refusedAfterRefresh = true;
    refresh().then(
      () => socket?.connect(),
      () => endSession('Your session has ended: log in again.'),
    );
    return;
  }
  if (code === 'INVALID_POSITION') {
    view.position = undefined;
    view.synced = false;
    socket.connect();
    return;
  }
  setConnection('offline', 'Offline');
  showError(`${code ?? 'CONNECTION_REFUSED'}: ${error.message}`);
  if (code === 'UNAUTHENTICATED') {
    endSession('Your session has ended: log in again.');
  } else if (code !== 'FORBIDDEN') {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => void reconnect(), 5_000);
  }
};

const connect = () => {
  clearTimeout(reconnectTimer);
  socket?.off();
  socket?.disconnect();
  // A fresh start: the list is read again, with what arrives meanwhile applied over it.
  view.position = undefined;
  view.synced = false;
  view.pending = [];
  setConnection('connecting', 'Connecting…');
  socket = io('/alarms', {
    // Read at every (re)connection: the current token, and where to resume from.
    auth: (callback) =>
      callback(
        view.position === undefined
          ? { token: session.accessToken }
          : { token: session.accessToken, since: view.position },
      ),
  });
  socket.on('connect', () => {
    refusedAfterRefresh = false;
  });
  // One frame per batch of alarm events, in the event store's order.
  socket.on('alarms', (messages) => messages.forEach(onAlarm));
  socket.on('ready', (ready) => void onReady(ready));
  socket.on('session-ended', ({ code }) => {
    endedBecause = code;
  });
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
};

// ---------------------------------------------------------------------------------------------------------------
// Commands.

/** Runs one command from a button: the button waits, the API's error code is shown when it refuses. */
const command = async (button, path, body) => {
  button.disabled = true;
  showError('');
  try {
    await api('POST', path, body);
  } catch (error) {
    showError(describeError(error));
  } finally {
    button.disabled = false;
    render();
  }
};

const alarmPath = (alarmId, verb) => `/api/alarms/${encodeURIComponent(alarmId)}/${verb}`;

/** Who an alarm can be assigned to: the enabled users when the operator may list them, else themself and the owners met. */
const assignees = () => {
  const me = session.me;
  const candidates = view.users
    ? view.users
        .filter((user) => user.status === 'enabled')
        .map((user) => [user.userId, user.displayName || user.userName])
    : [...view.userNames.entries()];
  const others = candidates.filter(([userId]) => userId !== me.userId).sort(([, a], [, b]) => a.localeCompare(b));
  return [[me.userId, `${me.userName} (me)`], ...others];
};

const setOptions = (select, options) => {
  const current = select.value;
  const wanted = options.map(([value, label]) => `${value}\u0000${label}`).join('\u0001');
  if (select.dataset.options === wanted) {
    return;
  }
  select.dataset.options = wanted;
  select.replaceChildren(...options.map(([value, label]) => element('option', { value, textContent: label })));
  if (options.some(([value]) => value === current)) {
    select.value = current;
  }
};

const actionsOf = (alarmId) => {
  const acknowledge = element('button', { type: 'button', className: 'acknowledge', textContent: 'Acknowledge' });
  acknowledge.addEventListener('click', () => void command(acknowledge, alarmPath(alarmId, 'acknowledge')));

  const owner = element('select', { className: 'owner-choice', name: 'ownerId' });
  owner.setAttribute('aria-label', 'Assign to');
  const assign = element('button', { type: 'button', className: 'assign', textContent: 'Assign' });
  assign.addEventListener('click', () => void command(assign, alarmPath(alarmId, 'assign'), { ownerId: owner.value }));

  const reason = element('select', { className: 'reason-choice', name: 'reason' });
  reason.setAttribute('aria-label', 'Reason for closing');
  const close = element('button', { type: 'button', className: 'close', textContent: 'Close' });
  close.addEventListener('click', () => {
    const body = view.settings?.reasonsForClosing?.enabled && reason.value ? { reason: reason.value } : {};
    void command(close, alarmPath(alarmId, 'close'), body);
  });

  return element('td', { className: 'actions' }, [
    element('div', { className: 'buttons' }, [
      acknowledge,
      element('span', { className: 'group' }, [owner, assign]),
      element('span', { className: 'group' }, [reason, close]),
    ]),
  ]);
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering: one row per alarm, kept (with what the operator picked in it) while the alarm is open.

const cells = ['priority', 'state', 'name', 'source', 'raised', 'owner'];

/** The table row of each alarm shown. */
const rows = new Map();

const rowOf = (alarmId) => {
  const existing = rows.get(alarmId);
  if (existing) {
    return existing;
  }
  const row = element(
    'tr',
    {},
    cells.map((name) => element('td', { className: name })),
  );
  row.dataset.alarmId = alarmId;
  row.append(actionsOf(alarmId));
  rows.set(alarmId, row);
  return row;
};

const fillRow = (row, alarm) => {
  const settings = view.settings;
  const cell = (name) => row.querySelector(`td.${name}`);
  const priorityName = levelName(settings?.priorities, alarm.priority) ?? alarm.priorityName ?? String(alarm.priority);
  cell('priority').textContent = priorityName;
  cell('priority').dataset.level = String(alarm.priority);
  cell('state').textContent =
    levelName(settings?.states, alarm.stateLevel) ?? alarm.stateName ?? String(alarm.stateLevel);
  cell('state').dataset.level = String(alarm.stateLevel);
  cell('name').textContent = alarm.name;
  cell('source').textContent = alarm.sourceDeviceId ?? '—';
  if (cell('raised').dataset.at !== alarm.raisedAt) {
    cell('raised').dataset.at = alarm.raisedAt;
    const raised = new Date(alarm.raisedAt);
    cell('raised').replaceChildren(
      element('time', { dateTime: alarm.raisedAt, textContent: raised.toLocaleString(), title: alarm.raisedAt }),
    );
  }
  let owner = '—';
  if (alarm.ownerId) {
    owner = view.userNames.get(alarm.ownerId) ?? alarm.ownerId;
    if (!view.userNames.has(alarm.ownerId)) {
      lookUpOwner(alarm.alarmId, alarm.ownerId);
    }
  }
  cell('owner').textContent = owner;
  row.dataset.revision = String(view.revisions.get(alarm.alarmId) ?? '');

  row.querySelector('button.acknowledge').disabled = alarm.stateLevel !== STATE_NEW;
  setOptions(row.querySelector('select.owner-choice'), assignees());
  const reasons = settings?.reasonsForClosing;
  const reason = row.querySelector('select.reason-choice');
  reason.hidden = !reasons?.enabled;
  setOptions(reason, reasons?.enabled ? [['', 'Reason…'], ...reasons.reasons.map((text) => [text, text])] : []);
};

const render = () => {
  const body = $('#alarm-list tbody');
  const alarms = [...view.alarms.values()].sort(
    (a, b) => b.raisedAt.localeCompare(a.raisedAt) || a.alarmId.localeCompare(b.alarmId),
  );
  const keep = new Set(alarms.map((alarm) => alarm.alarmId));
  for (const [alarmId, row] of rows) {
    if (!keep.has(alarmId)) {
      row.remove();
      rows.delete(alarmId);
    }
  }
  let previous = null;
  for (const alarm of alarms) {
    const row = rowOf(alarm.alarmId);
    fillRow(row, alarm);
    const expected = previous ? previous.nextSibling : body.firstChild;
    if (row !== expected) {
      body.insertBefore(row, expected);
    }
    previous = row;
  }
  $('#alarm-count').textContent = String(alarms.length);
  $('#empty').hidden = alarms.length > 0;
};

// ---------------------------------------------------------------------------------------------------------------
// Logging in and out.

const start = async () => {
  session.me = await api('GET', '/api/auth/me');
  view.userNames.set(session.me.userId, session.me.userName);
  view.settings = await api('GET', '/api/alarm-settings');
  if (session.me.permissions.includes('users.view')) {
    view.users = await api('GET', '/api/users');
    for (const user of view.users) {
      view.userNames.set(user.userId, user.displayName || user.userName);
    }
  }
  $('#user-name').textContent = session.me.userName;
  $('#login').hidden = true;
  $('#session').hidden = false;
  $('#alarms').hidden = false;
  render();
  connect();
};

function endSession(message) {
  clearTimeout(session.refreshTimer);
  clearTimeout(view.catchUpTimer);
  clearTimeout(reconnectTimer);
  socket?.off();
  socket?.disconnect();
  socket = undefined;
  Object.assign(session, { accessToken: undefined, refreshToken: undefined, expiresAt: 0, me: undefined });
  Object.assign(view, freshView());
  rows.clear();
  $('#alarm-list tbody').replaceChildren();
  showError('');
  showNotice('');
  setConnection('offline', 'Offline');
  $('#session').hidden = true;
  $('#alarms').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message;
}

const onLogin = async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector('button[type=submit]');
  const fields = new FormData(form);
  $('#login-error').textContent = '';
  button.disabled = true;
  try {
    const response = await postJson('/api/auth/login', {
      userName: String(fields.get('userName') ?? ''),
      password: String(fields.get('password') ?? ''),
    });
    if (!response.ok) {
      throw await errorOf(response);
    }
    const tokens = await response.json();
    useTokens(tokens);
    form.reset();
    await start();
    if (tokens.mustChangePassword) {
      showNotice('This account must change its password (POST /api/auth/password).');
    }
  } catch (error) {
    const text = describeError(error);
    endSession(text);
  } finally {
    button.disabled = false;
  }
};

const onLogout = async () => {
  try {
    await api('POST', '/api/auth/logout', undefined, false);
  } catch {
    // the session ends here in any case
  }
  endSession('');
};

$('#login-form').addEventListener('submit', (event) => void onLogin(event));
$('#logout').addEventListener('click', () => void onLogout());

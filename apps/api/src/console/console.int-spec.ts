import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { alarmDecider, alarmStream, OPERATOR_ROLE_ID } from '@vigil/domain';
import { handleCommand, PostgresEventStore } from '@vigil/infrastructure';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { raiseAlarm } from '../testing/raise-alarm';
import { CONSOLE_CONTENT_SECURITY_POLICY } from './console.controller';

/** Debian's chromium, installed by `npm test` when missing (scripts/lib/browser.mjs); playwright-core brings none. */
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'Str0ng-Passw0rd!';

/** The API listening on a free port, with its own database, reasons for closing enabled and two operators. */
type ConsoleApi = Readonly<{
  api: ApiTestApp;
  baseUrl: string;
  owner: Session;
  store: PostgresEventStore;
  users: Readonly<Record<string, string>>;
  raise: (alarm: { name: string; ownerId?: string; sourceDeviceId?: string }) => Promise<string>;
  /** Cuts every connection to the API and refuses new ones, as a network failure would, until `restore`. */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}>;

const startConsoleApi = async (env: Record<string, string> = {}): Promise<ConsoleApi> => {
  const api = await startApiTestApp(env);
  const connections = new Set<Socket>();
  let refusing = false;
  const server = api.app.getHttpServer() as Server;
  server.on('connection', (socket: Socket) => {
    if (refusing) {
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  await api.app.listen(0, '127.0.0.1');
  const store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
  const owner = await login(api, 'owner', OWNER_PASSWORD);
  const as = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
    call.set('Authorization', bearer(owner));
  const definition = await as(api.http().post('/api/alarm-definitions'))
    .send({
      name: 'Lobby motion',
      triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['cameras'] } },
    })
    .expect(201);
  const { alarmDefinitionId } = definition.body as { alarmDefinitionId: string };
  await as(api.http().put('/api/alarm-settings/reasons-for-closing'))
    .send({ enabled: true, reasons: ['Solved-Trespasser', 'False alarm'] })
    .expect(204);
  const users: Record<string, string> = {};
  for (const userName of ['olga', 'otto']) {
    const created = await as(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    users[userName] = (created.body as { userId: string }).userId;
  }
  return {
    api,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    owner,
    store,
    users,
    raise: async (alarm) => (await raiseAlarm(store, { alarmDefinitionId, ...alarm })).alarmId,
    cut: () => {
      refusing = true;
      for (const socket of connections) {
        socket.destroy();
      }
    },
    restore: () => {
      refusing = false;
    },
    close: async () => {
      await store.close();
      await api.close();
    },
  };
};

/** A fresh browser page on the console, with the page's own errors (a CSP violation, say) collected. */
const openConsole = async (browser: Browser, baseUrl: string): Promise<{ page: Page; errors: string[] }> => {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  await page.goto(`${baseUrl}/console`);
  return { page, errors };
};

const logIn = async (page: Page, userName: string): Promise<void> => {
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#connection[data-state="live"]').waitFor();
};

const row = (page: Page, alarmId: string): Locator => page.locator(`tr[data-alarm-id="${alarmId}"]`);

const cellShows = (alarmRow: Locator, cell: string, text: string): Promise<void> =>
  alarmRow.locator(`td.${cell}`, { hasText: text }).waitFor();

const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

/**
 * The operator console in a real browser against the real API (in-process, on a free port, with its own database):
 * what an operator sees and does, waiting only on what the page shows.
 */
describe('the operator console', () => {
  let sut: ConsoleApi;
  let api: ApiTestApp;
  let browser: Browser;

  beforeAll(async () => {
    sut = await startConsoleApi();
    api = sut.api;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('is served without a token, with a Content-Security-Policy that allows only its own scripts', async () => {
    const page = await api.http().get('/console').expect(200);
    const script = await api.http().get('/console/console.js').expect(200);
    await api.http().get('/console/console.css').expect(200);
    await api.http().get('/console/secrets.json').expect(404);

    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('given an operator logged in, when an alarm is raised, then it appears live and they acknowledge, assign and close it', async () => {
    // Given an operator logged in to the console (a wrong password first: the API's code is shown)
    const { page, errors } = await openConsole(browser, sut.baseUrl);
    await page.getByLabel('User name').fill('olga');
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#login-error', { hasText: 'INVALID_CREDENTIALS' }).waitFor();
    await logIn(page, 'olga');

    // When an alarm is raised, owned by a colleague
    const alarmId = await sut.raise({
      name: 'Motion in the lobby',
      ownerId: sut.users['otto'],
      sourceDeviceId: 'cam-lobby',
    });

    // Then it appears in the list without a reload, New, with its priority, source and owner
    const alarm = row(page, alarmId);
    await cellShows(alarm, 'name', 'Motion in the lobby');
    await cellShows(alarm, 'state', 'New');
    await cellShows(alarm, 'priority', 'High');
    await cellShows(alarm, 'source', 'cam-lobby');
    await cellShows(alarm, 'owner', 'otto');

    // When they acknowledge it, then it is In progress
    await alarm.getByRole('button', { name: 'Acknowledge' }).click();
    await cellShows(alarm, 'state', 'In progress');
    await alarm.getByRole('button', { name: 'Acknowledge', disabled: true }).waitFor();

    // When they assign it to themselves (chosen from the list), then they own it
    await alarm.getByLabel('Assign to').selectOption({ label: 'olga (me)' });
    await alarm.getByRole('button', { name: 'Assign' }).click();
    await cellShows(alarm, 'owner', 'olga');

    // When they close it without a reason, then the API's code is shown; with one, it leaves the open list
    await alarm.getByRole('button', { name: 'Close' }).click();
    await page.locator('#error', { hasText: 'ALARM_CLOSING_REASON_REQUIRED' }).waitFor();
    await alarm.getByLabel('Reason for closing').selectOption('False alarm');
    await alarm.getByRole('button', { name: 'Close' }).click();
    await alarm.waitFor({ state: 'detached' });
    await page.locator('#notice', { hasText: 'Closed “Motion in the lobby”: False alarm.' }).waitFor();
    await page.locator('#empty').waitFor();

    const stored = await api.http().get(`/api/alarms/${alarmId}`).set('Authorization', bearer(sut.owner)).expect(200);
    expect(stored.body).toMatchObject({ stateLevel: 11, closedReason: 'False alarm', ownerId: sut.users['olga'] });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('given the connection cut, when an alarm is raised meanwhile, then it appears once the console has reconnected', async () => {
    // Given an operator watching an alarm
    const { page, errors } = await openConsole(browser, sut.baseUrl);
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await logIn(page, 'olga');
    const first = await sut.raise({ name: 'Door forced' });
    await cellShows(row(page, first), 'name', 'Door forced');

    // When the network drops (every connection to the API cut, new ones refused) and an alarm is raised meanwhile
    sut.cut();
    await page.locator('#connection[data-state="reconnecting"]').waitFor();
    const missed = await sut.raise({ name: 'Glass break' });
    await row(page, first).waitFor();
    sut.restore();

    // Then the console reconnects by itself, resumes from the last message it saw, and shows the alarm it missed
    await cellShows(row(page, missed), 'name', 'Glass break');
    await page.locator('#connection[data-state="live"]').waitFor();
    await cellShows(row(page, first), 'state', 'New');
    expect(await row(page, missed).count()).toBe(1);
    expect(await row(page, first).count()).toBe(1);
    expect(navigations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('given an alarm changed before the console opened, when its retention expires it, then its row leaves the list', async () => {
    // Given an alarm given another priority and a comment before the operator opens the console (revision 2)
    const alarmId = await sut.raise({ name: 'Loitering' });
    const asOwner = <T extends { set: (name: string, value: string) => T }>(call: T): T =>
      call.set('Authorization', bearer(sut.owner));
    await asOwner(api.http().post(`/api/alarms/${alarmId}/priority`))
      .send({ priority: 2 })
      .expect(204);
    await asOwner(api.http().post(`/api/alarms/${alarmId}/comments`))
      .send({ text: 'Seen on the car park camera.' })
      .expect(204);
    const { page, errors } = await openConsole(browser, sut.baseUrl);
    await logIn(page, 'olga');

    // Then its row is the REST row, at the revision the alarm list gave it
    const alarm = row(page, alarmId);
    await cellShows(alarm, 'priority', 'Medium');
    expect(await alarm.getAttribute('data-revision')).toBe('2');

    // When its retention expires it (as the retention job does: ExpireAlarm through the alarm decider)
    await handleCommand(sut.store, alarmStream(alarmId), alarmDecider, {
      type: 'ExpireAlarm',
      data: { alarmId, reason: 'openAlarmsRetention', retentionDays: 0, byUserId: 'system', now: Date.now() },
    });

    // Then it leaves the list live, with a notice saying why, and the API no longer knows it
    await alarm.waitFor({ state: 'detached' });
    await page.locator('#notice', { hasText: 'Removed “Loitering”: kept 0 day(s), its retention.' }).waitFor();
    await asOwner(api.http().get(`/api/alarms/${alarmId}`)).expect(404);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the operator console with short-lived access tokens', () => {
  /** The shortest lifetime the API accepts: the console refreshes at 80% of it. */
  const TOKEN_SECONDS = 30;
  let sut: ConsoleApi;
  let browser: Browser;

  beforeAll(async () => {
    sut = await startConsoleApi({ ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_SECONDS) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('given an operator logged in, when their first access token expires, then the console has refreshed it and stays live', async () => {
    // Given an operator logged in, and every answer the page gets watched
    const { page, errors } = await openConsole(browser, sut.baseUrl);
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 401) {
        refused.push(response.url());
      }
    });
    await logIn(page, 'olga');
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'), {
      timeout: TOKEN_SECONDS * 1_000,
    });

    // When the token is refreshed before it expires, and the socket opened with the first token is ended at its expiry
    expect((await refreshed).status()).toBe(200);
    await page.waitForEvent('websocket', { timeout: TOKEN_SECONDS * 1_000 });
    await page.locator('#connection[data-state="live"]').waitFor();

    // Then an alarm raised now appears, and the operator acts on it with the new token, without a 401 on the way
    const alarmId = await sut.raise({ name: 'Fence cut' });
    const alarm = row(page, alarmId);
    await cellShows(alarm, 'name', 'Fence cut');
    await alarm.getByRole('button', { name: 'Acknowledge' }).click();
    await cellShows(alarm, 'state', 'In progress');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});

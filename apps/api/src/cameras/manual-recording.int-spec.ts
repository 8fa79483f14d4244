// Manual recording through the API (FEATURES 6.1.3) against a simulated ONVIF camera, real PostgreSQL and Redis, with
// no recorder consuming the queue: what the API decides, answers, enqueues and audits. The recording itself is proved
// with the recorder in apps/recorder-worker/src/manual-recording.int-spec.ts.
import {
  manualRecordingJobId,
  OPERATOR_ROLE_ID,
  recorderQueueName,
  VIEWER_ROLE_ID,
  type ManualRecordingView,
} from '@vigil/domain';
import { createBullMqConnection } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { AuditRow } from '../audit/audit.dto';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

const CREDENTIALS = { username: 'admin', password: 'Cam-s3cret-Pass!' };
const PASSWORD = 'Str0ng-Passw0rd!';
const FIVE_MINUTES_MS = 300_000;

type User = Readonly<{ userId: string; session: Session }>;

describe('manual recording API', () => {
  let api: ApiTestApp;
  let owner: Session;
  let operator: User;
  let viewer: User;
  let blind: User;
  let camera: SimulatedCamera;
  let cameraId: string;
  let queue: Queue;
  let connection: ReturnType<typeof createBullMqConnection>;
  const prefix = `t${randomUUID().replace(/-/g, '')}`;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));
  const path = (id = cameraId): string => `/api/cameras/${id}/manual-recording`;

  const userWith = async (userName: string, roleIds: string[]): Promise<User> => {
    const created = await as(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return { userId: (created.body as { userId: string }).userId, session: await login(api, userName, PASSWORD) };
  };

  const jobState = async (name: 'StartManualRecording' | 'StopManualRecording', sessionId: string, reason?: string) => {
    const job = await queue.getJob(manualRecordingJobId({ name, data: { sessionId, ...(reason ? { reason } : {}) } }));
    return job === undefined ? 'absent' : await job.getState();
  };

  /** The audit rows of the query once `complete` says they all arrived (the audit log is projected asynchronously). */
  const auditRows = async (query: string, complete: (rows: AuditRow[]) => boolean): Promise<AuditRow[]> =>
    await eventually(async () => {
      const rows = (await as(api.http().get(`/api/audit?${query}`)).expect(200)).body as AuditRow[];
      return complete(rows) ? rows : undefined;
    }, `audit rows for ${query}`);

  beforeAll(async () => {
    camera = await SimulatedCamera.start({
      name: 'dock-cam',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:8554/dock-cam',
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      digitalInputs: 0,
      relayOutputs: 0,
    });
    api = await startApiTestApp({ QUEUE_PREFIX: prefix });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const added = await as(api.http().post('/api/cameras'))
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS })
      .expect(201);
    cameraId = (added.body as { cameraId: string }).cameraId;
    const blindRole = await as(api.http().post('/api/roles'))
      .send({
        name: 'Elsewhere',
        description: 'Records another camera only',
        grants: { 'alarms.view': 'allow' },
        cameraGrants: [
          {
            scope: { kind: 'camera', cameraId: randomUUID() },
            permissions: { viewLive: 'allow', manualRecording: 'allow' },
          },
        ],
      })
      .expect(201);
    operator = await userWith('oscar', [OPERATOR_ROLE_ID]);
    viewer = await userWith('vera', [VIEWER_ROLE_ID]);
    blind = await userWith('bill', [(blindRole.body as { roleId: string }).roleId]);
    connection = createBullMqConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // the camera is on no recorder: its jobs go to the default recorder's queue
    queue = new Queue(recorderQueueName('recorder-1'), { connection, prefix });
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await connection?.quit();
    await api?.close();
    await camera?.close();
  });

  it('given an operator, when they start, start again, stop and stop again, then one session is issued, answered idempotently, stopped once and audited', async () => {
    // When the operator starts a manual recording
    const before = Date.now();
    const started = await as(api.http().post(path()), operator.session).send({}).expect(202);
    const view = started.body as ManualRecordingView;

    // Then the recorder is asked to start it, with an auto-stop delayed by the default 5 minutes
    expect(view).toMatchObject({ cameraId, recording: true, state: 'starting', startedBy: operator.userId });
    const sessionId = view.sessionId!;
    expect(view.autoStopAt).toBeGreaterThanOrEqual(before + FIVE_MINUTES_MS);
    expect(view.autoStopAt).toBeLessThanOrEqual(Date.now() + FIVE_MINUTES_MS);
    expect(await jobState('StartManualRecording', sessionId)).toBe('waiting');
    expect(await jobState('StopManualRecording', sessionId, 'auto-stop')).toBe('delayed');

    // When they (or anyone allowed) start again, then the answer is the same session and nothing more is issued
    const again = await as(api.http().post(path()), owner).send({}).expect(200);
    expect(again.body).toEqual(view);
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 1, delayed: 1 });
    expect((await as(api.http().get(path()), operator.session).expect(200)).body).toEqual(view);

    // When they stop it, then the recorder is asked to stop it and the auto-stop is cancelled
    const stopped = await as(api.http().delete(path()), operator.session).expect(202);
    expect(stopped.body).toEqual({ cameraId, recording: false, state: 'idle' });
    expect(await jobState('StopManualRecording', sessionId, 'user')).toBe('waiting');
    expect(await jobState('StopManualRecording', sessionId, 'auto-stop')).toBe('absent');
    expect((await as(api.http().get(path()), operator.session).expect(200)).body).toMatchObject({ recording: false });

    // When they stop again, then nothing is issued
    await as(api.http().delete(path()), operator.session).expect(200);
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual({ waiting: 2, delayed: 0 });

    // When they start once more, then it is a new session
    const next = (await as(api.http().post(path()), operator.session).send({}).expect(202)).body as ManualRecordingView;
    expect(next.sessionId).not.toBe(sessionId);
    await as(api.http().delete(path()), operator.session).expect(202);

    // And the audit log has each request, with who, which camera and what came of it
    const audit = await auditRows(`category=recordings&userId=${operator.userId}`, (rows) => rows.length >= 5);
    expect(audit.map((row) => [row.details['request'], row.details['outcome']]).reverse()).toEqual([
      ['start', 'started'],
      ['stop', 'stopped'],
      ['stop', 'not-recording'],
      ['start', 'started'],
      ['stop', 'stopped'],
    ]);
    expect(audit[0]).toMatchObject({ action: 'ManualRecordingRequested', targetId: cameraId, permitted: true });
  });

  it('given a duration, then the auto-stop comes after it; more than the camera allows or not a number is refused', async () => {
    const before = Date.now();
    const short = (await as(api.http().post(path()), operator.session).send({ durationSeconds: 30 }).expect(202))
      .body as ManualRecordingView;
    expect(short.autoStopAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(short.autoStopAt).toBeLessThan(before + 60_000);
    const autoStop = await queue.getJob(
      manualRecordingJobId({ name: 'StopManualRecording', data: { sessionId: short.sessionId!, reason: 'auto-stop' } }),
    );
    expect(autoStop?.opts.delay).toBe(30_000);
    await as(api.http().delete(path()), operator.session).expect(202);

    const tooLong = await as(api.http().post(path()), operator.session).send({ durationSeconds: 301 }).expect(422);
    expect(tooLong.body).toMatchObject({ code: 'MANUAL_RECORDING_DURATION_INVALID' });
    for (const body of [{ durationSeconds: 'soon' }, { durationSeconds: 1.5 }, { minutes: 2 }]) {
      const refused = await as(api.http().post(path()), operator.session).send(body).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it("given the camera's 'Stop manual recording after', then it is the default and the limit; off, the recording lasts until stopped", async () => {
    // Given 10 minutes on the camera
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ stopManualRecordingAfter: { minutes: 10 } })
      .expect(204);
    const before = Date.now();
    const ten = (await as(api.http().post(path()), operator.session).send({}).expect(202)).body as ManualRecordingView;
    expect(ten.autoStopAt).toBeGreaterThanOrEqual(before + 600_000);
    await as(api.http().delete(path()), operator.session).expect(202);
    await as(api.http().post(path()), operator.session).send({ durationSeconds: 601 }).expect(422);

    // Given the auto-stop off: no auto-stop is issued
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ stopManualRecordingAfter: { enabled: false } })
      .expect(204);
    const endless = (await as(api.http().post(path()), operator.session).send({}).expect(202))
      .body as ManualRecordingView;
    expect(endless.autoStopAt).toBeUndefined();
    expect(await jobState('StopManualRecording', endless.sessionId!, 'auto-stop')).toBe('absent');
    await as(api.http().delete(path()), operator.session).expect(202);

    // And an invalid setting is refused
    const invalid = await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ stopManualRecordingAfter: { minutes: 0 } })
      .expect(422);
    expect(invalid.body).toMatchObject({ code: 'CAMERA_INVALID' });
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ stopManualRecordingAfter: { enabled: true, minutes: 5 } })
      .expect(204);
  });

  it('given a user who may not see the camera, then it answers as an unknown camera; one who sees it without the right gets 403; both audited', async () => {
    const unknown = await as(api.http().post(path(randomUUID())), operator.session)
      .send({})
      .expect(404);
    for (const call of [api.http().get(path()), api.http().post(path()).send({}), api.http().delete(path())]) {
      const hidden = await as(call, blind.session).expect(404);
      expect(hidden.body).toEqual(unknown.body);
    }
    expect(unknown.body).toMatchObject({ code: 'CAMERA_NOT_FOUND' });
    const forbidden = await as(api.http().post(path()), viewer.session).send({}).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN' });
    await api.http().post(path()).send({}).expect(401);

    const denials = await auditRows(
      'category=access',
      (rows) => rows.filter((row) => row.actorId === blind.userId || row.actorId === viewer.userId).length >= 4,
    );
    expect(denials.filter((row) => row.actorId === blind.userId)).toHaveLength(3);
    expect(denials.find((row) => row.actorId === viewer.userId)).toMatchObject({
      permitted: false,
      details: { method: 'POST', path: path(), required: 'camera:manualRecording' },
    });
  });

  it('given a disabled camera or recording off, then starting is refused with its code', async () => {
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ enabled: false })
      .expect(204);
    const off = await as(api.http().post(path()), operator.session).send({}).expect(409);
    expect(off.body).toMatchObject({ code: 'CAMERA_RECORDING_DISABLED' });
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ enabled: true })
      .expect(204);

    await as(api.http().put(`/api/cameras/${cameraId}`))
      .send({ enabled: false })
      .expect(204);
    const disabled = await as(api.http().post(path()), operator.session).send({}).expect(409);
    expect(disabled.body).toMatchObject({ code: 'CAMERA_DISABLED' });
    await as(api.http().put(`/api/cameras/${cameraId}`))
      .send({ enabled: true })
      .expect(204);
  });
});

// Recordings through the API, end to end in one process: a simulated camera (real RTSP, real ONVIF) added through the
// cameras API, recorded by the recorder worker as it runs in production (real ffmpeg), the recording listed from the
// read model and played back and exported as MP4 through the API, checked with ffprobe. Waits on signals, never time.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  communicationStream,
  recordingStream,
  VIEWER_ROLE_ID,
  type RecordingGapDetected,
  type RecordingMediaDeleted,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { CameraFleet, readRecordingIndex } from '@vigil/media';
import type { Response } from 'supertest';
import { startRecorderTestApp } from '../../../recorder-worker/src/testing/recorder-test-app';
import { RecordingService } from '../../../recorder-worker/src/recording/recording.service';
import { readAllOf } from '../../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import type { AuditRow } from '../audit/audit.dto';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { RecordingPage, RecordingView } from './recordings.dto';

const CACHE_DIR = join(__dirname, '../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'Pl4yback-Pass' };
const PASSWORD = 'Str0ng-Passw0rd!';
const GOP_MS = 1_000; // the simulator's stream: an IDR every second
const SLACK_MS = 250; // arrival jitter of a keyframe
const FRAME_MS = 100; // 10 fps

/** ffprobe's view of a file: its video streams and duration (seconds). */
const probe = (file: string): { streams: { codec_name: string; width: number }[]; format: { duration: string } } =>
  JSON.parse(
    spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' })
      .stdout,
  ) as { streams: { codec_name: string; width: number }[]; format: { duration: string } };

/** The MD5 of every decoded frame, in order: equal only when the pictures are the very same (no re-encoding). */
const frameHashes = (args: readonly string[]): string[] =>
  spawnSync('ffmpeg', ['-v', 'error', ...args, '-map', '0:v', '-f', 'framemd5', '-'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());

/** The frames of the segment files played one after the other. */
const segmentHashes = (files: readonly string[], work: string): string[] => {
  const list = join(work, `segments-${randomUUID()}.txt`);
  writeFileSync(list, files.map((file) => `file '${file}'\n`).join(''));
  return frameHashes(['-f', 'concat', '-safe', '0', '-i', list]);
};

/** supertest buffers binary bodies only when asked to. */
const binary = (response: Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('recordings API: index, playback and export of a simulated camera recorded by the worker', () => {
  let api: ApiTestApp;
  let recorder: INestApplication;
  let fleet: CameraFleet;
  let store: PostgresEventStore;
  let storage: string;
  let work: string;
  let owner: Session;
  let cameraId: string;
  let started: RecordingStarted['data'];
  let stopped: RecordingStopped['data'];
  /** When the recording was triggered (3 s pre-buffer): the ranges below are around it. */
  let T: number;

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(store.readStream(stream));
  const waitFor = <T>(stream: string, type: string, matches: (data: T) => boolean = () => true): Promise<T> =>
    eventually(
      async () =>
        (await eventsOf(stream)).find((event) => event.type === type && matches(event.data as T))?.data as
          T | undefined,
      `${type} on ${stream}`,
      60_000,
    );
  const get = (path: string, session: Session) => api.http().get(path).set('Authorization', bearer(session));
  const iso = (at: number): string => new Date(at).toISOString();
  const range = (from: number, to: number): string => `from=${iso(from)}&to=${iso(to)}`;
  const mp4 = async (path: string, session: Session): Promise<{ response: Response; file: string }> => {
    const response = await get(path, session).buffer(true).parse(binary);
    const file = join(work, `${randomUUID()}.mp4`);
    if (response.status === 200) {
      writeFileSync(file, response.body as Buffer);
    }
    return { response, file };
  };
  const newUser = async (userName: string, roleIds: string[]): Promise<Session> => {
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return login(api, userName, PASSWORD);
  };
  const listed = async (session: Session, query = ''): Promise<RecordingPage> =>
    (await get(`/api/cameras/${cameraId}/recordings${query}`, session).expect(200)).body as RecordingPage;

  beforeAll(async () => {
    fleet = await CameraFleet.start({
      count: 1,
      width: 320,
      height: 180,
      fps: 10,
      loopSeconds: 2,
      cacheDir: CACHE_DIR,
      credentials: CREDENTIALS,
    });
    storage = mkdtempSync(join(tmpdir(), 'vigil-api-recordings-'));
    work = mkdtempSync(join(tmpdir(), 'vigil-api-playback-'));
    api = await startApiTestApp({ RECORDINGS_DIR: storage });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const camera = fleet.cameras[0]!;
    const added = await api
      .http()
      .post('/api/cameras')
      .set('Authorization', bearer(owner))
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS, name: 'Gate 1' })
      .expect(201);
    cameraId = (added.body as { cameraId: string }).cameraId;
    // the default recorder records the cameras assigned to none
    recorder = await startRecorderTestApp(
      {
        databaseUrl: api.databaseUrl,
        queuePrefix: `t${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        recordingsDir: storage,
      },
      { PRE_BUFFER_SECONDS: '6', COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1' },
    );

    // Given a recording of the camera from T − 3 s to at least T + 3 s
    const recordings = recorder.get(RecordingService);
    await waitFor(communicationStream(cameraId), 'CommunicationStarted');
    await eventually(() => {
      const since = recordings.recorderOf(cameraId)?.bufferedSince;
      return since !== undefined && since < Date.now() - 4_500;
    }, 'a 4.5 s pre-buffer');
    T = Date.now();
    const sessionId = randomUUID();
    const job = { causationId: randomUUID(), correlationId: randomUUID() };
    await recordings.startRecording({ deviceId: cameraId, sessionId, triggeredAt: T, preBufferSeconds: 3 }, job);
    started = await waitFor<RecordingStarted['data']>(recordingStream(cameraId), 'RecordingStarted');
    await eventually(() => {
      try {
        return readRecordingIndex(started.directory!).some((segment) => segment.end > T + 3_000);
      } catch {
        return false;
      }
    }, 'media past T + 3 s');
    await recordings.stopRecording({ deviceId: cameraId, sessionId, stopAt: Date.now() });
    stopped = await waitFor<RecordingStopped['data']>(recordingStream(cameraId), 'RecordingStopped');
  }, 120_000);

  afterAll(async () => {
    await recorder?.close();
    await store?.close();
    await api?.close();
    await fleet?.close();
    for (const directory of [storage, work]) {
      if (directory !== undefined) {
        rmSync(directory, { recursive: true, force: true });
      }
    }
  });

  it('given a recorded camera, then the worker reported where the media is, and the list shows the recording', async () => {
    // then the worker reported its id and the recording's folder
    expect(started).toMatchObject({
      recorderId: 'recorder-1',
      directory: join(storage, cameraId, started.recordingId),
    });

    // and the list shows the completed recording with its media, once the read model has it
    const page = await eventually(async () => {
      const body = await listed(owner, `?${range(T - 10_000, T + 60_000)}`);
      return body.recordings.some((each) => each.state === 'completed') ? body : undefined;
    }, 'the completed recording listed');
    expect(page.nextCursor).toBeUndefined();
    expect(page.recordings).toEqual([
      {
        recordingId: started.recordingId,
        cameraId,
        recorderId: 'recorder-1',
        state: 'completed',
        from: iso(T - 3_000),
        to: iso(stopped.to),
        triggeredAt: iso(T),
        media: { from: iso(stopped.media!.from), to: iso(stopped.media!.to), segments: stopped.media!.segments },
        gaps: [],
        sessionIds: stopped.sessionIds,
        startedAt: iso(started.at),
        stoppedAt: iso(stopped.at),
      } satisfies RecordingView,
    ]);

    // and a range before it lists nothing
    expect((await listed(owner, `?${range(T - 3_600_000, T - 60_000)}`)).recordings).toEqual([]);
  });

  it('plays back a range as one H.264 MP4, copied (not re-encoded), from the keyframe at or before from to to', async () => {
    // when the owner plays back [T − 2 s, T + 2 s)
    const { response, file } = await mp4(`/api/cameras/${cameraId}/playback?${range(T - 2_000, T + 2_000)}`, owner);

    // then it is an inline MP4 starting at most one GOP before the range, ending with it
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('video/mp4');
    expect(response.headers['content-disposition']).toMatch(/^inline; filename="Gate-1_.+\.mp4"$/);
    const mediaFrom = Date.parse(response.headers['x-vigil-media-from'] as string);
    expect(mediaFrom).toBeLessThanOrEqual(T - 2_000);
    expect(mediaFrom).toBeGreaterThan(T - 2_000 - GOP_MS - SLACK_MS);
    expect(response.headers['x-vigil-media-to']).toBe(iso(T + 2_000));

    // and ffprobe sees one H.264 stream lasting from that keyframe to the end of the range
    const probed = probe(file);
    expect(probed.streams).toHaveLength(1);
    expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', width: 320 });
    const duration = Number(probed.format.duration) * 1000;
    expect(duration).toBeGreaterThanOrEqual(T + 2_000 - mediaFrom - FRAME_MS - SLACK_MS);
    expect(duration).toBeLessThanOrEqual(T + 2_000 - mediaFrom + FRAME_MS + SLACK_MS);
    expect(duration).toBeLessThan(4_000 + GOP_MS + SLACK_MS);

    // and its pictures are the recorded ones, bit for bit: the first frames of the segments overlapping the range
    const segments = readRecordingIndex(started.directory!).filter(
      (segment) => segment.end > T - 2_000 && segment.start < T + 2_000,
    );
    const played = frameHashes(['-i', file]);
    const recorded = segmentHashes(
      segments.map((segment) => segment.file),
      work,
    );
    expect(played.length).toBeGreaterThan(30);
    expect(played.length).toBeLessThanOrEqual(recorded.length);
    expect(played).toEqual(recorded.slice(0, played.length));
  });

  it('exports a range as an MP4 download, in the audit log with who, the camera and the range', async () => {
    // when the owner exports [T − 1 s, T + 1 s)
    const { response, file } = await mp4(`/api/cameras/${cameraId}/export?${range(T - 1_000, T + 1_000)}`, owner);

    // then it is an attachment holding H.264
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="Gate-1_.+\.mp4"$/);
    expect(probe(file).streams[0]).toMatchObject({ codec_name: 'h264' });

    // and the audit log has the export
    const entry = await eventually(async () => {
      const rows = (await get('/api/audit?category=recordings', owner).expect(200)).body as AuditRow[];
      return rows.find((row) => row.action === 'RecordingExported');
    }, 'the export in the audit log');
    expect(entry).toMatchObject({
      targetId: cameraId,
      permitted: true,
      details: { from: iso(T - 1_000), to: iso(T + 1_000), mediaTo: iso(T + 1_000), format: 'mp4' },
    });
  });

  it('answers bad ranges, unknown cameras and ranges without media with a 4xx and a code', async () => {
    const playback = (query: string, id = cameraId) => get(`/api/cameras/${id}/playback?${query}`, owner);

    const reversed = await playback(range(T, T - 1_000)).expect(400);
    const empty = await playback(range(T, T)).expect(400);
    const tooLong = await playback(range(T - 3_600_001, T)).expect(400);
    const missing = await playback(`from=${iso(T)}`).expect(400);
    const unknown = await playback(range(T - 1_000, T), randomUUID()).expect(404);
    const notAnId = await get(`/api/cameras/not-a-camera/playback?${range(T - 1_000, T)}`, owner).expect(400);
    const nothing = await playback(range(T - 3_600_000, T - 3_000_000)).expect(404);
    const listReversed = await get(`/api/cameras/${cameraId}/recordings?${range(T, T - 1)}`, owner).expect(400);
    const badCursor = await get(`/api/cameras/${cameraId}/recordings?cursor=nope`, owner).expect(400);

    expect(reversed.body).toMatchObject({ code: 'RECORDING_RANGE_INVALID' });
    expect(empty.body).toMatchObject({ code: 'RECORDING_RANGE_INVALID' });
    expect(tooLong.body).toMatchObject({ code: 'RECORDING_RANGE_TOO_LONG' });
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body).toMatchObject({ code: 'CAMERA_NOT_FOUND' });
    expect(notAnId.body).toHaveProperty('code');
    expect(nothing.body).toMatchObject({ code: 'NO_MEDIA_IN_RANGE' });
    expect(listReversed.body).toMatchObject({ code: 'RECORDING_RANGE_INVALID' });
    expect(badCursor.body).toMatchObject({ code: 'CURSOR_INVALID' });
  });

  it('follows the camera rights: a Viewer plays back but may not export; a role that cannot see the camera gets the answer of an unknown one', async () => {
    // given a Viewer (playback on all cameras) and a user whose role sees no camera
    const viewer = await newUser('vera', [VIEWER_ROLE_ID]);
    const blindRole = await api
      .http()
      .post('/api/roles')
      .set('Authorization', bearer(owner))
      .send({ name: 'Alarms only', description: 'no cameras', grants: { 'alarms.view': 'allow' }, cameraGrants: [] })
      .expect(201);
    const blind = await newUser('bob', [(blindRole.body as { roleId: string }).roleId]);
    const window = range(T - 1_000, T + 1_000);

    // when they list, play back and export
    const viewerList = await listed(viewer);
    const viewerPlayback = await mp4(`/api/cameras/${cameraId}/playback?${window}`, viewer);
    const viewerExport = await get(`/api/cameras/${cameraId}/export?${window}`, viewer).expect(403);
    const blindAnswers = await Promise.all(
      [`recordings`, `playback?${window}`, `export?${window}`].map((path) =>
        get(`/api/cameras/${cameraId}/${path}`, blind).expect(404),
      ),
    );

    // then the Viewer sees and plays back, and is refused the export
    expect(viewerList.recordings.map((each) => each.recordingId)).toContain(started.recordingId);
    expect(viewerPlayback.response.status).toBe(200);
    expect(viewerExport.body).toMatchObject({ code: 'FORBIDDEN' });
    // and the blind user gets exactly the answer of a camera that does not exist, each denial audited
    const unknownCamera = (await get(`/api/cameras/${randomUUID()}/recordings`, blind).expect(404)).body as object;
    blindAnswers.forEach((answer) => expect(answer.body).toEqual(unknownCamera));
    const denials = await eventually(async () => {
      const rows = (await get('/api/audit?category=access', owner).expect(200)).body as AuditRow[];
      const mine = rows.filter((row) => row.details['required'] === 'visibility of the camera');
      return mine.length === 3 ? mine : undefined;
    }, 'three audited denials');
    expect(denials.map((row) => row.details['path'])).toEqual(
      expect.arrayContaining([`/api/cameras/${cameraId}/export`, `/api/cameras/${cameraId}/playback`]),
    );
  });

  it('indexes gaps, pages by cursor, and plays back a recording of a worker that did not report its folder from RECORDINGS_DIR', async () => {
    // given two recordings of 2020 appended as an older worker did (no folder, no recorder id), the first with a
    // gap, and the first one's media in <RECORDINGS_DIR>/<cameraId>/<recordingId>/ (copies of recorded segments)
    const day = Date.UTC(2020, 0, 1, 12);
    const legacy = [randomUUID(), randomUUID()];
    const copied = readRecordingIndex(started.directory!).slice(0, 3);
    const folder = join(storage, cameraId, legacy[0]!);
    mkdirSync(folder, { recursive: true });
    copied.forEach((segment, n) => copyFileSync(segment.file, join(folder, `${day + n * 1_000}.ts`)));
    writeFileSync(
      join(folder, 'index.csv'),
      'file,start,end\n' +
        copied
          .map(
            (segment, n) =>
              `${day + n * 1_000}.ts,${day + n * 1_000},${day + n * 1_000 + (segment.end - segment.start)}\n`,
          )
          .join(''),
    );
    const gap: RecordingGapDetected['data'] = {
      cameraId,
      recordingIds: [legacy[0]!],
      from: day + 3_000,
      to: day + 5_000,
      reason: 'stream-stalled',
      restarts: 1,
      at: day + 5_000,
    };
    for (const [n, recordingId] of legacy.entries()) {
      const from = day + n * 10_000;
      await store.append(
        recordingStream(cameraId),
        [
          {
            id: randomUUID(),
            type: 'RecordingStarted',
            data: { cameraId, recordingId, sessionIds: ['s'], from, triggeredAt: from, at: from },
          },
          ...(n === 0 ? [{ id: randomUUID(), type: 'RecordingGapDetected', data: gap }] : []),
          {
            id: randomUUID(),
            type: 'RecordingStopped',
            data: { cameraId, recordingId, sessionIds: ['s'], from, to: from + 8_000, at: from + 8_000 },
          },
        ],
        'any',
      );
    }

    // when the day is listed one recording a page
    const first = await eventually(async () => {
      const body = await listed(owner, `?${range(day - 60_000, day + 60_000)}&limit=1`);
      return body.nextCursor === undefined ? undefined : body;
    }, 'the 2020 recordings listed');
    const second = await listed(owner, `?${range(day - 60_000, day + 60_000)}&limit=1&cursor=${first.nextCursor}`);

    // then the pages hold each recording once, in time order, the first with its gap
    expect([...first.recordings, ...second.recordings].map((each) => each.recordingId)).toEqual(legacy);
    expect(second.nextCursor).toBeUndefined();
    expect(first.recordings[0]).toMatchObject({
      recorderId: null,
      state: 'completed',
      media: null,
      gaps: [{ from: iso(gap.from), to: iso(gap.to), reason: 'stream-stalled' }],
    });

    // and the first plays back from RECORDINGS_DIR, the second (no media anywhere) has nothing to play
    const played = await mp4(`/api/cameras/${cameraId}/playback?${range(day, day + 8_000)}`, owner);
    expect(played.response.status).toBe(200);
    expect(played.response.headers['x-vigil-segments']).toBe('3');
    expect(probe(played.file).streams[0]).toMatchObject({ codec_name: 'h264' });
    const none = await get(`/api/cameras/${cameraId}/playback?${range(day + 10_000, day + 18_000)}`, owner).expect(404);
    expect(none.body).toMatchObject({ code: 'NO_MEDIA_IN_RANGE' });
  });

  it('forgets a recording the storage deleted wholly, and moves the media start of one deleted in part', async () => {
    // given two completed recordings of 2019 with media
    const day = Date.UTC(2019, 5, 1, 12);
    const [whole, part] = [randomUUID(), randomUUID()];
    for (const [n, recordingId] of [whole, part].entries()) {
      const from = day + n * 10_000;
      await store.append(
        recordingStream(cameraId),
        [
          {
            id: randomUUID(),
            type: 'RecordingStarted',
            data: { cameraId, recordingId, sessionIds: ['s'], from, triggeredAt: from, at: from },
          },
          {
            id: randomUUID(),
            type: 'RecordingStopped',
            data: {
              cameraId,
              recordingId,
              sessionIds: ['s'],
              from,
              to: from + 8_000,
              at: from + 8_000,
              media: { from, to: from + 8_000, segments: 8 },
            },
          },
        ],
        'any',
      );
    }

    // when the storage's retention deletes the first wholly and the second's first 3 seconds
    const deleted = (recordingId: string, through: number, wholly: boolean): RecordingMediaDeleted => ({
      type: 'RecordingMediaDeleted',
      data: { cameraId, recordingId, through, whole: wholly, reason: 'retention', bytes: 1_000, at: day + 60_000 },
    });
    for (const event of [deleted(whole, day + 8_000, true), deleted(part, day + 13_000, false)]) {
      await store.append(recordingStream(cameraId), [{ id: randomUUID(), ...event }], 'any');
    }

    // then only the second is listed, its media starting where the deletion stopped
    const body = await eventually(async () => {
      const listedNow = await listed(owner, `?${range(day - 60_000, day + 60_000)}`);
      const second = listedNow.recordings.find((each) => each.recordingId === part);
      return second?.media?.from === iso(day + 13_000) ? listedNow : undefined;
    }, 'the deletions indexed');
    expect(body.recordings.map((each) => each.recordingId)).toEqual([part]);
  });
});

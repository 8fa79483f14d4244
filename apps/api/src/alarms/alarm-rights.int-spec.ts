// Per-definition alarm rights and device groups (FEATURES 5.3.2, 5.3.6) through the REST API, with a simulated ONVIF
// camera for the device group (a group names only devices that exist).
import { auditStream, OPERATOR_ROLE_ID, type GlobalPosition } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { randomUUID } from 'node:crypto';
import type { AuditRow } from '../audit/audit.dto';
import { AuditReadModel } from '../audit/audit-read-model';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import { raiseAlarm } from '../testing/raise-alarm';
import { AlarmsReadModel } from './alarms-read-model';
import type { AlarmCounts, AlarmPage, BulkAlarmResponse } from './alarms.dto';

const PASSWORD = 'Str0ng-Passw0rd!';
const CREDENTIALS = { username: 'admin', password: 'Cam-s3cret-Pass!' };
const allCameras = { kind: 'all', deviceKinds: ['cameras'] };
const everyCamera = [{ scope: { kind: 'all' }, permissions: { viewLive: 'allow' } }];
const handling = { 'alarms.view': 'allow', 'alarms.manage': 'allow' };

type User = Readonly<{ userId: string; session: Session }>;

describe('alarm rights: per-definition permissions and device groups', () => {
  let api: ApiTestApp;
  let store: PostgresEventStore;
  let owner: Session;
  let camera: SimulatedCamera;
  let gateCameraId: string;
  let perimeterId: string;
  let intrusionId: string;
  let fireId: string;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));

  const createRole = async (name: string, role: object): Promise<string> => {
    const created = await as(api.http().post('/api/roles'))
      .send({ name, description: '', grants: handling, cameraGrants: everyCamera, ...role })
      .expect(201);
    return (created.body as { roleId: string }).roleId;
  };

  const userWith = async (userName: string, roleIds: string[]): Promise<User> => {
    const created = await as(api.http().post('/api/users'))
      .send({ userName, displayName: userName, password: PASSWORD, roleIds })
      .expect(201);
    return { userId: (created.body as { userId: string }).userId, session: await login(api, userName, PASSWORD) };
  };

  const definition = async (name: string): Promise<string> => {
    const created = await as(api.http().post('/api/alarm-definitions'))
      .send({ name, triggeringEvent: { eventType: 'MotionStarted', sources: allCameras } })
      .expect(201);
    return (created.body as { alarmDefinitionId: string }).alarmDefinitionId;
  };

  /** Given an alarm raised as the alarm engine raises it, visible in the alarm list. */
  const raise = async (alarmDefinitionId: string, sourceDeviceId: string): Promise<string> => {
    const { alarmId, position } = await raiseAlarm(store, { alarmDefinitionId, sourceDeviceId });
    await api.app.get(AlarmsReadModel).caughtUp(position);
    return alarmId;
  };

  const listed = async (session: Session): Promise<string[]> =>
    ((await as(api.http().get('/api/alarms?limit=500'), session).expect(200)).body as AlarmPage).alarms.map(
      (entry) => entry.alarmId,
    );

  const total = async (session: Session): Promise<number> =>
    ((await as(api.http().get('/api/alarms/counts'), session).expect(200)).body as AlarmCounts).total;

  const lastPosition = async (streamId: string): Promise<GlobalPosition | undefined> => {
    for await (const stored of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      return stored.position;
    }
    return undefined;
  };

  beforeAll(async () => {
    camera = await SimulatedCamera.start({
      name: 'gate-cam',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:8554/gate-cam',
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    api = await startApiTestApp({ VIGIL_SECRETS_KEY: 's'.repeat(40) });
    store = new PostgresEventStore({ connectionString: api.databaseUrl, poolSize: 2 });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    const added = await as(api.http().post('/api/cameras'))
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS, name: 'Gate' })
      .expect(201);
    gateCameraId = (added.body as { cameraId: string }).cameraId;
    const group = await as(api.http().post('/api/device-groups'))
      .send({ name: 'Perimeter', memberIds: [gateCameraId] })
      .expect(201);
    perimeterId = (group.body as { deviceGroupId: string }).deviceGroupId;
    intrusionId = await definition('Intrusion');
    fireId = await definition('Fire');
  });
  afterAll(async () => {
    await store.close();
    await api.close();
    await camera.close();
  });

  it('given no View on a definition, then its alarms are in neither list nor counts, and answer 404 like unknown ones', async () => {
    // Given a fire watcher who sees every camera but has View on the Fire definition only
    const roleId = await createRole('Fire watch', {
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { write: 'allow' } },
      ],
    });
    const watcher = await userWith('fiona', [roleId]);
    const intrusion = await raise(intrusionId, 'cam-hall');
    const fire = await raise(fireId, 'cam-hall');
    const missing = randomUUID();

    // When they list, count, read and act on the alarms
    const seen = await listed(watcher.session);
    const counted = await total(watcher.session);
    const hidden = await as(api.http().get(`/api/alarms/${intrusion}`), watcher.session);
    const unknown = await as(api.http().get(`/api/alarms/${missing}`), watcher.session);
    const history = await as(api.http().get(`/api/alarms/${intrusion}/history`), watcher.session);
    const acknowledged = await as(api.http().post(`/api/alarms/${intrusion}/acknowledge`), watcher.session);
    const bulk = await as(api.http().post('/api/alarms/bulk/acknowledge'), watcher.session)
      .send({ alarmIds: [intrusion, fire] })
      .expect(200);

    // Then the intrusion alarm is not there for them, and the fire alarm is theirs to handle
    expect(seen).toContain(fire);
    expect(seen).not.toContain(intrusion);
    expect(counted).toBe(seen.length);
    expect(await total(owner)).toBeGreaterThan(counted);
    expect([hidden.status, history.status, acknowledged.status]).toEqual([404, 404, 404]);
    expect({ ...(hidden.body as object), message: '' }).toEqual({ ...(unknown.body as object), message: '' });
    expect((bulk.body as BulkAlarmResponse).results).toEqual([
      expect.objectContaining({ alarmId: intrusion, ok: false, statusCode: 404, code: 'ALARM_NOT_FOUND' }),
      { alarmId: fire, ok: true, changed: true },
    ]);
  });

  it('given View only on a definition, then its alarms are read but every command is refused with 403', async () => {
    // Given an operator who may view Intrusion alarms but not handle them (alarms.manage is theirs)
    const roleId = await createRole('Intrusion viewers', {
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: intrusionId }, permissions: { view: 'allow' } },
      ],
    });
    const viewer = await userWith('ivan', [roleId]);
    const colleague = await userWith('olga', [OPERATOR_ROLE_ID]);
    const alarmId = await raise(intrusionId, 'cam-hall');

    // When they read it and try to handle it
    const read = await as(api.http().get(`/api/alarms/${alarmId}`), viewer.session);
    const refusals = [
      await as(api.http().post(`/api/alarms/${alarmId}/acknowledge`), viewer.session),
      await as(api.http().post(`/api/alarms/${alarmId}/assign`), viewer.session).send({ ownerId: colleague.userId }),
      await as(api.http().post(`/api/alarms/${alarmId}/close`), viewer.session).send({}),
      await as(api.http().post(`/api/alarms/${alarmId}/comments`), viewer.session).send({ text: 'mine' }),
    ];

    // Then they see it, every change is a 403 with a code, the alarm is untouched, and the refusals are audited
    expect(read.status).toBe(200);
    expect(refusals.map((refusal) => [refusal.status, (refusal.body as { code: string }).code])).toEqual(
      Array.from({ length: 4 }, () => [403, 'FORBIDDEN']),
    );
    expect((await as(api.http().get(`/api/alarms/${alarmId}`)).expect(200)).body).toMatchObject({
      stateLevel: 1,
      commentCount: 0,
    });
    await api.app.get(AuditReadModel).caughtUp(await lastPosition(auditStream(Date.now())));
    const denials = (await as(api.http().get(`/api/audit?category=access&userId=${viewer.userId}`)).expect(200))
      .body as AuditRow[];
    expect(denials.filter((row) => (row.details['path'] as string).includes(alarmId))).toHaveLength(4);
    expect(denials[0]).toMatchObject({ permitted: false, details: { required: 'write on the alarm definition' } });
  });

  it('given a deny of View in one role, then it wins over the Operator role, and such a user cannot be made owner', async () => {
    // Given an operator whose second role denies View on Intrusion
    const denyingId = await createRole('No intrusions', {
      grants: {},
      cameraGrants: [],
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: intrusionId }, permissions: { view: 'deny' } },
      ],
    });
    const restricted = await userWith('rita', [OPERATOR_ROLE_ID, denyingId]);
    const intrusion = await raise(intrusionId, 'cam-hall');
    const fire = await raise(fireId, 'cam-hall');

    // When they list, and someone assigns the intrusion alarm to them
    const seen = await listed(restricted.session);
    const assigned = await as(api.http().post(`/api/alarms/${intrusion}/assign`)).send({ ownerId: restricted.userId });

    // Then the deny wins, and the assignment is refused
    expect(seen).toContain(fire);
    expect(seen).not.toContain(intrusion);
    expect(assigned.status).toBe(422);
    expect(assigned.body).toMatchObject({ code: 'ALARM_OWNER_INVALID' });
    await as(api.http().post(`/api/alarms/${fire}/assign`))
      .send({ ownerId: restricted.userId })
      .expect(204);
  });

  it('given a grant on a device group, then the alarms of its cameras show, follow its membership as it is now, and no others', async () => {
    // Given a perimeter guard who may watch the cameras of the Perimeter group only
    const roleId = await createRole('Perimeter guards', {
      cameraGrants: [{ scope: { kind: 'group', groupId: perimeterId }, permissions: { viewLive: 'allow' } }],
    });
    const guard = await userWith('gus', [roleId]);
    const atGate = await raise(intrusionId, gateCameraId);
    const elsewhere = await raise(intrusionId, 'cam-hall');

    // When they list the alarms and handle the gate's
    const seen = await listed(guard.session);
    await as(api.http().post(`/api/alarms/${atGate}/acknowledge`), guard.session).expect(204);
    await as(api.http().get(`/api/alarms/${elsewhere}`), guard.session).expect(404);

    // Then they see the gate camera's alarm only
    expect(seen).toContain(atGate);
    expect(seen).not.toContain(elsewhere);

    // When the gate camera leaves the group, then its alarms leave their sight at once (current rights apply)
    await as(api.http().put(`/api/device-groups/${perimeterId}`))
      .send({ name: 'Perimeter', memberIds: [] })
      .expect(204);
    expect(await listed(guard.session)).not.toContain(atGate);
    await as(api.http().get(`/api/alarms/${atGate}`), guard.session).expect(404);
    await as(api.http().put(`/api/device-groups/${perimeterId}`))
      .send({ name: 'Perimeter', memberIds: [gateCameraId] })
      .expect(204);
    expect(await listed(guard.session)).toContain(atGate);
  });

  it('edits alarm definition rights through the roles API: validated, shown, within the editor’s rights, and audited', async () => {
    // Given a role that grants View on Fire
    const roleId = await createRole('Fire viewers', {
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { view: 'allow' } },
      ],
    });
    const base = { name: 'Fire viewers', description: '', grants: handling, cameraGrants: everyCamera };
    const put = (alarmDefinitionGrants: unknown, session = owner) =>
      as(api.http().put(`/api/roles/${roleId}`), session).send({ ...base, alarmDefinitionGrants });

    // When it is changed to unknown definitions, rights or scopes, by a user with fewer rights, by one without Manage
    // security on the definition and by one with it, and then by the owner
    const unknownDefinition = await put([
      { scope: { kind: 'definition', alarmDefinitionId: randomUUID() }, permissions: { view: 'allow' } },
    ]);
    const unknownRight = await put([{ scope: { kind: 'all' }, permissions: { delete: 'allow' } }]);
    const unknownScope = await put([{ scope: { kind: 'site' }, permissions: { view: 'allow' } }]);
    const adminRoleId = await createRole('Role admins (fire only)', {
      grants: { ...handling, 'roles.manage': 'allow', 'users.view': 'allow' },
      alarmDefinitionGrants: [
        { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { view: 'allow' } },
      ],
    });
    const roleAdmin = await userWith('rob', [adminRoleId]);
    const escalation = await put([{ scope: { kind: 'all' }, permissions: { write: 'allow' } }], roleAdmin.session);
    const withoutSecurity = await put([], roleAdmin.session);
    const securityRoleId = await createRole('Fire security', {
      grants: { ...handling, 'roles.manage': 'allow', 'users.view': 'allow' },
      alarmDefinitionGrants: [
        {
          scope: { kind: 'definition', alarmDefinitionId: fireId },
          permissions: { view: 'allow', manageSecurity: 'allow' },
        },
      ],
    });
    const fireSecurity = await userWith('sam', [securityRoleId]);
    await put(
      [{ scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { view: 'deny' } }],
      fireSecurity.session,
    ).expect(204);
    const grants = [
      { scope: { kind: 'definition', alarmDefinitionId: fireId }, permissions: { write: 'allow' } },
      { scope: { kind: 'definition', alarmDefinitionId: intrusionId }, permissions: { view: 'deny' } },
    ];
    await put(grants).expect(204);

    // Then the refusals carry their codes, and the role and the audit log show the grants
    expect([unknownDefinition.status, (unknownDefinition.body as { code: string }).code]).toEqual([
      400,
      'ALARM_DEFINITION_NOT_FOUND',
    ]);
    expect(unknownRight.body).toMatchObject({ statusCode: 400, code: 'ROLE_INVALID' });
    expect(unknownScope.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(escalation.body).toMatchObject({ statusCode: 403, code: 'PRIVILEGE_ESCALATION' });
    expect(withoutSecurity.body).toMatchObject({
      statusCode: 403,
      code: 'ALARM_SECURITY_DENIED',
      details: [`definition=${fireId}`],
    });
    const roles = (await as(api.http().get('/api/roles')).expect(200)).body as {
      id: string;
      alarmDefinitionGrants: unknown;
    }[];
    expect(roles.find((role) => role.id === roleId)?.alarmDefinitionGrants).toEqual(grants);
    expect(roles.find((role) => role.id === OPERATOR_ROLE_ID)?.alarmDefinitionGrants).toEqual([
      { scope: { kind: 'all' }, permissions: { view: 'allow', write: 'allow' } },
    ]);
    await api.app.get(AuditReadModel).caughtUp(await lastPosition(`role-${roleId}`));
    const audit = (await as(api.http().get('/api/audit?category=roles')).expect(200)).body as AuditRow[];
    expect(audit.find((row) => row.action === 'RoleUpdated' && row.targetId === roleId)?.details).toMatchObject({
      alarmDefinitionGrants: grants,
    });
  });
});

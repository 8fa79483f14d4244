import { auditStream } from './audit.events';
import { isAuditedEventType, toAuditEntry } from './audit-entry';

const context = { actorId: 'admin-1', address: '10.0.0.5', recordedAt: 1_700_000_000_000 };

describe('audit entries', () => {
  it('records who created a user, from where, without the password hash', () => {
    const entry = toAuditEntry(
      {
        type: 'UserCreated',
        data: {
          userId: 'u-1',
          userName: 'alice',
          displayName: 'Alice',
          passwordHash: '$argon2id$secret-hash',
          roleIds: ['role-operator'],
          isOwner: false,
          mustChangePassword: true,
          byUserId: 'admin-1',
          at: 1_700_000_000_000,
        },
      },
      context,
    );

    expect(entry).toEqual({
      at: 1_700_000_000_000,
      category: 'users',
      action: 'UserCreated',
      actorId: 'admin-1',
      address: '10.0.0.5',
      targetId: 'u-1',
      permitted: true,
      details: { userName: 'alice', roleIds: ['role-operator'], isOwner: false },
    });
    expect(JSON.stringify(entry)).not.toContain('argon2id');
  });

  it('records password changes without the hash', () => {
    const entry = toAuditEntry(
      {
        type: 'UserPasswordChanged',
        data: { userId: 'u-1', passwordHash: '$argon2id$x', mustChangePassword: true, byUserId: 'admin-1', at: 1 },
      },
      context,
    );

    expect(JSON.stringify(entry)).not.toContain('argon2id');
    expect(entry).toMatchObject({ category: 'users', action: 'UserPasswordChanged', permitted: true });
  });

  it.each([
    [{ type: 'UserLoginFailed' as const, data: { userId: 'u', at: 1, address: 'a', consecutiveFailures: 2 } }, 'login'],
    [{ type: 'UserLockedOut' as const, data: { userId: 'u', at: 1, until: 2 } }, 'login'],
    [
      { type: 'LoginRefused' as const, data: { userName: 'x', reason: 'unknown' as const, address: 'a', at: 1 } },
      'login',
    ],
    [
      {
        type: 'PermissionDenied' as const,
        data: { userId: 'u', method: 'GET', path: '/api/users', required: 'users.view', address: 'a', at: 1 },
      },
      'access',
    ],
  ])('marks %j as not permitted, in its category', (event, category) => {
    expect(toAuditEntry(event, context)).toMatchObject({ category, permitted: false });
  });

  it('records an export of recordings: who, which camera, the range asked and the media served', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0);
    const entry = toAuditEntry(
      {
        type: 'RecordingExported',
        data: {
          userId: 'u-1',
          cameraId: 'cam-1',
          from: at - 10_000,
          to: at - 5_000,
          mediaFrom: at - 10_400,
          mediaTo: at - 5_000,
          segments: 6,
          format: 'mp4',
          address: '10.0.0.5',
          at,
        },
      },
      context,
    );

    expect(entry).toEqual({
      at,
      category: 'recordings',
      action: 'RecordingExported',
      actorId: 'u-1',
      targetId: 'cam-1',
      address: '10.0.0.5',
      permitted: true,
      details: {
        from: '2026-11-23T11:59:50.000Z',
        to: '2026-11-23T11:59:55.000Z',
        mediaFrom: '2026-11-23T11:59:49.600Z',
        mediaTo: '2026-11-23T11:59:55.000Z',
        segments: 6,
        format: 'mp4',
      },
    });
  });

  it('puts a manual recording request under recordings: who, which camera, what came of it', () => {
    expect(
      toAuditEntry(
        {
          type: 'ManualRecordingRequested',
          data: {
            userId: 'u',
            cameraId: 'cam',
            request: 'start',
            outcome: 'started',
            sessionId: 'manual-cam-1',
            autoStopAt: 9,
            address: 'a',
            at: 1,
          },
        },
        context,
      ),
    ).toEqual({
      at: 1,
      category: 'recordings',
      action: 'ManualRecordingRequested',
      actorId: 'u',
      targetId: 'cam',
      address: 'a',
      permitted: true,
      details: { request: 'start', outcome: 'started', sessionId: 'manual-cam-1', autoStopAt: 9 },
    });
    expect(isAuditedEventType('ManualRecordingRequested')).toBe(true);
  });

  it('audits access events and its own, and nothing else', () => {
    expect(isAuditedEventType('UserDisabled')).toBe(true);
    expect(isAuditedEventType('PermissionDenied')).toBe(true);
    expect(isAuditedEventType('RecordingPlayedBack')).toBe(true);
    expect(isAuditedEventType('UserNameReserved')).toBe(false);
  });

  it('keeps one audit stream per UTC day', () => {
    expect(auditStream(Date.UTC(2026, 10, 23, 23, 59))).toBe('audit-2026-11-23');
    expect(auditStream(Date.UTC(2026, 10, 24, 0, 0))).toBe('audit-2026-11-24');
  });
});

import { assertNever } from '../shared';
import { isAccessEventType, type AccessEvent } from '../access/access.events';
import type { EpochMs } from '../access/access.types';
import type { AuditEvent } from './audit.events';

export const AUDIT_CATEGORIES = ['login', 'users', 'roles', 'access', 'apiKeys', 'alarms', 'recordings'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/** A line of the audit log: who did what to whom, when, from where, and whether it was permitted (FEATURES 11.4). */
export type AuditEntry = Readonly<{
  at: EpochMs;
  category: AuditCategory;
  action: string;
  actorId?: string;
  targetId?: string;
  address?: string;
  permitted: boolean;
  details: Readonly<Record<string, unknown>>;
}>;

/** What the event's metadata says about who caused it. */
export type AuditContext = Readonly<{ actorId?: string; address?: string; recordedAt: EpochMs }>;

const AUDIT_EVENT_TYPES: readonly string[] = [
  'LoginRefused',
  'PermissionDenied',
  'ApiKeyUsed',
  'RecordingPlayedBack',
  'RecordingExported',
  'ManualRecordingRequested',
] satisfies AuditEvent['type'][];

export const isAuditedEventType = (type: string): boolean =>
  isAccessEventType(type) || AUDIT_EVENT_TYPES.includes(type);

/** A user's access to a camera's recordings (played back, exported, recorded manually): permitted, on the camera. */
const recordingsEntry = (
  action: string,
  access: Readonly<{ userId: string; cameraId: string; address: string; at: EpochMs }>,
  details: Readonly<Record<string, unknown>>,
): AuditEntry => ({
  at: access.at,
  category: 'recordings',
  action,
  actorId: access.userId,
  targetId: access.cameraId,
  address: access.address,
  permitted: true,
  details,
});

/**
 * The audit entry of an event, or undefined for events that are not audited. Password hashes and other secrets
 * never reach `details`.
 */
export const toAuditEntry = (event: AccessEvent | AuditEvent, context: AuditContext): AuditEntry | undefined => {
  const by = {
    ...(context.actorId ? { actorId: context.actorId } : {}),
    ...(context.address ? { address: context.address } : {}),
  };
  switch (event.type) {
    case 'UserLoginSucceeded':
      return {
        at: event.data.at,
        category: 'login',
        action: event.type,
        actorId: event.data.userId,
        targetId: event.data.userId,
        address: event.data.address,
        permitted: true,
        details: {},
      };
    case 'UserLoginFailed':
      return {
        at: event.data.at,
        category: 'login',
        action: event.type,
        targetId: event.data.userId,
        address: event.data.address,
        permitted: false,
        details: { consecutiveFailures: event.data.consecutiveFailures },
      };
    case 'UserLockedOut':
      return {
        at: event.data.at,
        category: 'login',
        action: event.type,
        targetId: event.data.userId,
        ...by,
        permitted: false,
        details: { until: new Date(event.data.until).toISOString() },
      };
    case 'LoginRefused':
      return {
        at: event.data.at,
        category: 'login',
        action: event.type,
        ...(event.data.userId ? { targetId: event.data.userId } : {}),
        address: event.data.address,
        permitted: false,
        details: { userName: event.data.userName, reason: event.data.reason },
      };
    case 'PermissionDenied':
      return {
        at: event.data.at,
        category: 'access',
        action: event.type,
        actorId: event.data.userId,
        address: event.data.address,
        permitted: false,
        details: { method: event.data.method, path: event.data.path, required: event.data.required },
      };
    case 'UserCreated':
      return {
        at: event.data.at,
        category: 'users',
        action: event.type,
        ...by,
        targetId: event.data.userId,
        permitted: true,
        details: { userName: event.data.userName, roleIds: event.data.roleIds, isOwner: event.data.isOwner },
      };
    case 'UserPasswordChanged':
      return {
        at: event.data.at,
        category: 'users',
        action: event.type,
        ...by,
        targetId: event.data.userId,
        permitted: true,
        details: { mustChangePassword: event.data.mustChangePassword },
      };
    case 'UserDisabled':
    case 'UserEnabled':
    case 'UserDeleted':
      return {
        at: event.data.at,
        category: 'users',
        action: event.type,
        ...by,
        targetId: event.data.userId,
        permitted: true,
        details: {},
      };
    case 'UserRolesChanged':
      return {
        at: event.data.at,
        category: 'users',
        action: event.type,
        ...by,
        targetId: event.data.userId,
        permitted: true,
        details: { roleIds: event.data.roleIds },
      };
    case 'OwnershipTransferred':
      return {
        at: event.data.at,
        category: 'users',
        action: event.type,
        ...by,
        targetId: event.data.toUserId,
        permitted: true,
        details: { fromUserId: event.data.fromUserId },
      };
    case 'RoleCreated':
    case 'RoleUpdated':
      return {
        at: event.data.at,
        category: 'roles',
        action: event.type,
        ...by,
        targetId: event.data.roleId,
        permitted: true,
        details: {
          name: event.data.name,
          grants: event.data.grants,
          ...(event.data.alarmDefinitionGrants === undefined
            ? {}
            : { alarmDefinitionGrants: event.data.alarmDefinitionGrants }),
        },
      };
    case 'RoleDeleted':
      return {
        at: event.data.at,
        category: 'roles',
        action: event.type,
        ...by,
        targetId: event.data.roleId,
        permitted: true,
        details: {},
      };
    case 'ApiKeyCreated':
      return {
        at: event.data.at,
        category: 'apiKeys',
        action: event.type,
        ...by,
        targetId: event.data.keyId,
        permitted: true,
        details: { name: event.data.name, scopes: event.data.scopes },
      };
    case 'ApiKeyRevoked':
      return {
        at: event.data.at,
        category: 'apiKeys',
        action: event.type,
        ...by,
        targetId: event.data.keyId,
        permitted: true,
        details: {},
      };
    case 'ApiKeyUsed':
      return {
        at: event.data.at,
        category: 'apiKeys',
        action: event.type,
        actorId: `apikey-${event.data.keyId}`,
        targetId: event.data.keyId,
        address: event.data.address,
        permitted: true,
        details: { method: event.data.method, path: event.data.path },
      };
    case 'RecordingPlayedBack':
    case 'RecordingExported': {
      const { userId, cameraId, address, at, ...range } = event.data;
      return recordingsEntry(
        event.type,
        { userId, cameraId, address, at },
        {
          ...range,
          from: new Date(range.from).toISOString(),
          to: new Date(range.to).toISOString(),
          mediaFrom: new Date(range.mediaFrom).toISOString(),
          mediaTo: new Date(range.mediaTo).toISOString(),
        },
      );
    }
    case 'ManualRecordingRequested': {
      const { userId, cameraId, address, at, ...details } = event.data;
      return recordingsEntry(event.type, { userId, cameraId, address, at }, details);
    }
    default:
      return assertNever(event);
  }
};

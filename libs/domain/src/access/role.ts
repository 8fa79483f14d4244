import type { AlarmDefinitionPermission, CameraPermission, GrantEffect, Permission } from './permissions';
import { ALARM_DEFINITION_PERMISSIONS, CAMERA_PERMISSIONS, PERMISSIONS } from './permissions';

/** PTZ priority range (FEATURES 8.6): 1 is the lowest; the highest number controls the camera. */
export const PTZ_PRIORITY_MIN = 1;
export const PTZ_PRIORITY_MAX = 32_000;
/** Used when an allowing grant gives PTZ without a priority (Milestone's role default, FEATURES 8.6). */
export const DEFAULT_PTZ_PRIORITY = 3_000;

// persisted: do not rename
export const BUILT_IN_ROLE_NAMES = ['Owner', 'Administrator', 'Operator', 'Viewer'] as const;
export type BuiltInRoleName = (typeof BUILT_IN_ROLE_NAMES)[number];

// persisted: do not rename (role ids are stored in user events)
export const OWNER_ROLE_ID = 'role-owner';
export const ADMINISTRATOR_ROLE_ID = 'role-administrator';
export const OPERATOR_ROLE_ID = 'role-operator';
export const VIEWER_ROLE_ID = 'role-viewer';

export type CameraScope =
  | Readonly<{ kind: 'all' }>
  | Readonly<{ kind: 'camera'; cameraId: string }>
  | Readonly<{ kind: 'group'; groupId: string }>;

export type CameraGrant = Readonly<{
  scope: CameraScope;
  permissions: Readonly<Partial<Record<CameraPermission, GrantEffect>>>;
  /** 1-32000; only meaningful when the grant allows 'ptz'. Defaults to DEFAULT_PTZ_PRIORITY. */
  ptzPriority?: number;
}>;

export type AlarmDefinitionScope =
  Readonly<{ kind: 'all' }> | Readonly<{ kind: 'definition'; alarmDefinitionId: string }>;

/** Rights on one alarm definition or on all of them (FEATURES 5.3.6); Deny wins across roles, like camera grants. */
export type AlarmDefinitionGrant = Readonly<{
  scope: AlarmDefinitionScope;
  permissions: Readonly<Partial<Record<AlarmDefinitionPermission, GrantEffect>>>;
}>;

/**
 * What a role holds on alarm definitions when its stored definition names none: roles created before per-definition
 * rights existed keep what they had then (every alarm seen and handled as alarms.view and alarms.manage allow).
 */
export const EVERY_ALARM_DEFINITION_VIEW_WRITE: readonly AlarmDefinitionGrant[] = [
  { scope: { kind: 'all' }, permissions: { view: 'allow', write: 'allow' } },
];

export type Role = Readonly<{
  id: string;
  name: string;
  description: string;
  /** Set only on the constants of BUILT_IN_ROLES; custom roles never carry it. */
  builtIn?: BuiltInRoleName;
  grants: Readonly<Partial<Record<Permission, GrantEffect>>>;
  cameraGrants: readonly CameraGrant[];
  alarmDefinitionGrants: readonly AlarmDefinitionGrant[];
  /** Login is allowed only within this time profile (FEATURES 9.1.2); checked by the caller. */
  loginTimeProfileId?: string;
}>;

const allow = <K extends string>(keys: readonly K[]): Partial<Record<K, GrantEffect>> =>
  Object.fromEntries(keys.map((key) => [key, 'allow'])) as Partial<Record<K, GrantEffect>>;

const ALL_CAMERAS: CameraScope = { kind: 'all' };
const ALL_DEFINITIONS: AlarmDefinitionScope = { kind: 'all' };

/**
 * The four built-in roles (Milesight, FEATURES 9.3.1). They are code constants, never stored as events, and cannot be
 * created, changed, renamed or deleted through the role decider: a customised variant is a custom role.
 * Ownership transfer is not a permission: it is an action only the Owner *user* may take (see ownership-transfer.ts).
 */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRoleName, Role>> = {
  Owner: {
    id: OWNER_ROLE_ID,
    name: 'Owner',
    description: 'The one user created with the system. Has every permission; nothing can deny it.',
    builtIn: 'Owner',
    grants: allow(PERMISSIONS),
    cameraGrants: [{ scope: ALL_CAMERAS, permissions: allow(CAMERA_PERMISSIONS), ptzPriority: PTZ_PRIORITY_MAX }],
    alarmDefinitionGrants: [{ scope: ALL_DEFINITIONS, permissions: allow(ALARM_DEFINITION_PERMISSIONS) }],
  },
  Administrator: {
    id: ADMINISTRATOR_ROLE_ID,
    name: 'Administrator',
    description: 'Full access to every function and camera, except transferring ownership.',
    builtIn: 'Administrator',
    grants: allow(PERMISSIONS),
    cameraGrants: [{ scope: ALL_CAMERAS, permissions: allow(CAMERA_PERMISSIONS), ptzPriority: PTZ_PRIORITY_MAX }],
    alarmDefinitionGrants: [{ scope: ALL_DEFINITIONS, permissions: allow(ALARM_DEFINITION_PERMISSIONS) }],
  },
  Operator: {
    id: OPERATOR_ROLE_ID,
    name: 'Operator',
    description: 'Handles alarms, triggers events and operates all cameras.',
    builtIn: 'Operator',
    grants: allow([
      'alarms.view',
      'alarms.manage',
      'userDefinedEvents.trigger',
      'genericEvents.trigger',
      'logs.readRuleTriggered',
    ]),
    cameraGrants: [
      {
        scope: ALL_CAMERAS,
        permissions: allow(['viewLive', 'playback', 'ptz', 'manualRecording', 'export', 'outputActivation']),
        ptzPriority: DEFAULT_PTZ_PRIORITY,
      },
    ],
    alarmDefinitionGrants: [{ scope: ALL_DEFINITIONS, permissions: allow(['view', 'write']) }],
  },
  Viewer: {
    id: VIEWER_ROLE_ID,
    name: 'Viewer',
    description: 'Sees alarms and watches live and recorded video of all cameras.',
    builtIn: 'Viewer',
    grants: allow(['alarms.view']),
    cameraGrants: [{ scope: ALL_CAMERAS, permissions: allow(['viewLive', 'playback']) }],
    alarmDefinitionGrants: [{ scope: ALL_DEFINITIONS, permissions: allow(['view']) }],
  },
};

export const BUILT_IN_ROLE_LIST: readonly Role[] = BUILT_IN_ROLE_NAMES.map((name) => BUILT_IN_ROLES[name]);

export const isBuiltInRoleId = (roleId: string): boolean => BUILT_IN_ROLE_LIST.some((role) => role.id === roleId);

export const builtInRoleById = (roleId: string): Role | undefined =>
  BUILT_IN_ROLE_LIST.find((role) => role.id === roleId);

/** The Owner role cannot be denied anything. Only the constant carries `builtIn: 'Owner'`. */
export const isOwnerRole = (role: Role): boolean => role.builtIn === 'Owner' && role.id === OWNER_ROLE_ID;

/**
 * The permission catalogue (FEATURES 9.1.3-9.1.5, 5.3, 11.7). The strings are stored in role events and in tokens.
 */

// persisted: do not rename (stored in RoleCreated/RoleUpdated events and in token claims)
export const PERMISSIONS = [
  'users.view',
  'users.manage',
  'roles.manage',
  'apiKeys.manage',
  'rules.view',
  'rules.manage',
  'timeProfiles.manage',
  'notificationProfiles.manage',
  'alarmDefinitions.manage',
  'alarmSettings.manage',
  'alarms.view',
  'alarms.manage',
  'genericEvents.edit',
  'genericEvents.trigger',
  'analyticsEvents.edit',
  'analyticsEvents.trigger',
  'userDefinedEvents.edit',
  'userDefinedEvents.trigger',
  'webhooks.manage',
  'cameras.view',
  'cameras.manage',
  'logs.readSystem',
  'logs.readAudit',
  'logs.readRuleTriggered',
  'settings.manage',
] as const;

/** A component (overall security) permission. */
export type Permission = (typeof PERMISSIONS)[number];

// persisted: do not rename (stored in camera grants of role events)
export const CAMERA_PERMISSIONS = [
  'viewLive',
  'playback',
  'manualRecording',
  'ptz',
  'export',
  'evidenceLock',
  'outputActivation',
] as const;

/** A permission on a camera (or on every camera of a group, or on all cameras). */
export type CameraPermission = (typeof CAMERA_PERMISSIONS)[number];

// persisted: do not rename (stored in alarm-definition grants of role events)
/**
 * The rights on one alarm definition (FEATURES 5.3.6, S2:13244-13250, S2:13664-13668): View receives and reads its
 * alarms, Write handles them (and enables View), Full control enables every right on it, Manage security edits who
 * has them. The component permissions alarms.view and alarms.manage still gate the routes themselves.
 */
export const ALARM_DEFINITION_PERMISSIONS = ['view', 'write', 'fullControl', 'manageSecurity'] as const;

/** A permission on an alarm definition (or on all of them). */
export type AlarmDefinitionPermission = (typeof ALARM_DEFINITION_PERMISSIONS)[number];

// persisted: do not rename
export const GRANT_EFFECTS = ['allow', 'deny'] as const;

/** 'deny' overrules 'allow' across all the roles of a user (FEATURES 9.1.3); no entry means "not granted". */
export type GrantEffect = (typeof GRANT_EFFECTS)[number];

export const isPermission = (value: string): value is Permission => (PERMISSIONS as readonly string[]).includes(value);

export const isCameraPermission = (value: string): value is CameraPermission =>
  (CAMERA_PERMISSIONS as readonly string[]).includes(value);

export const isAlarmDefinitionPermission = (value: string): value is AlarmDefinitionPermission =>
  (ALARM_DEFINITION_PERMISSIONS as readonly string[]).includes(value);

export const isGrantEffect = (value: unknown): value is GrantEffect =>
  typeof value === 'string' && (GRANT_EFFECTS as readonly string[]).includes(value);

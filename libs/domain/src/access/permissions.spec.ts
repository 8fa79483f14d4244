import { CAMERA_PERMISSIONS, PERMISSIONS, isCameraPermission, isGrantEffect, isPermission } from './permissions';

describe('permission catalogue', () => {
  it('lists each permission once', () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    expect(new Set(CAMERA_PERMISSIONS).size).toBe(CAMERA_PERMISSIONS.length);
  });

  it('keeps the persisted strings', () => {
    expect(PERMISSIONS).toEqual(
      expect.arrayContaining(['users.manage', 'alarms.manage', 'userDefinedEvents.trigger', 'logs.readAudit']),
    );
    expect(CAMERA_PERMISSIONS).toEqual([
      'viewLive',
      'playback',
      'manualRecording',
      'ptz',
      'export',
      'evidenceLock',
      'outputActivation',
    ]);
  });

  it.each([
    ['alarms.view', true],
    ['rules.manage', true],
    ['alarms.delete', false],
    ['ALARMS.VIEW', false],
    ['viewLive', false],
    ['', false],
  ])('isPermission(%p) is %p', (value, expected) => expect(isPermission(value)).toBe(expected));

  it.each([
    ['ptz', true],
    ['evidenceLock', true],
    ['alarms.view', false],
    ['PTZ', false],
  ])('isCameraPermission(%p) is %p', (value, expected) => expect(isCameraPermission(value)).toBe(expected));

  it('recognises grant effects', () => {
    expect(isGrantEffect('allow')).toBe(true);
    expect(isGrantEffect('deny')).toBe(true);
    expect(isGrantEffect('maybe')).toBe(false);
    expect(isGrantEffect(undefined)).toBe(false);
  });
});

import { toAlarmAuditEntry } from './alarm-audit-entry';

const context = { actorId: 'u-1', address: '10.0.0.7', recordedAt: 1_000 };
const by = { alarmId: 'a-1', byUserId: 'u-1', at: 900 };

describe('audit entries of alarm handling', () => {
  it('records who did what to which alarm, when and from where', () => {
    expect(toAlarmAuditEntry({ type: 'AlarmClosed', data: { ...by, reason: 'False Alarm' } }, context)).toEqual({
      at: 900,
      category: 'alarms',
      action: 'AlarmClosed',
      actorId: 'u-1',
      targetId: 'a-1',
      address: '10.0.0.7',
      permitted: true,
      details: { reason: 'False Alarm' },
    });
    expect(
      toAlarmAuditEntry({ type: 'AlarmAssigned', data: { ...by, ownerId: 'u-2', previousOwnerId: 'u-3' } }, context),
    ).toMatchObject({ action: 'AlarmAssigned', details: { ownerId: 'u-2', previousOwnerId: 'u-3' } });
  });

  it('leaves the raising of an alarm (the engine, not a person) to the alarm history', () => {
    const raised = {
      type: 'AlarmRaised',
      data: {
        alarmId: 'a-1',
        alarmDefinitionId: 'ad-1',
        name: 'Motion',
        priority: 1,
        relatedCameraIds: [],
        triggeringEventId: 'e-1',
        at: 900,
      },
    } as const;
    expect(toAlarmAuditEntry(raised, context)).toBeUndefined();
  });
});

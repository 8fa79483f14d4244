import { deciderSpec } from '../access/testing/decider-spec';
import { alarmDefinitionDecider, type AlarmDefinitionCommand } from './alarm-definition.decider';
import type { AlarmDefinitionCreated, AlarmDefinitionDeleted, AlarmDefinitionUpdated } from './alarm-definition.events';
import { anAlarmDefinition, cameraIds, someAlarmReferences } from './testing/alarm.fixtures';

const given = deciderSpec(alarmDefinitionDecider);
const byUserId = 'admin';
const references = someAlarmReferences();
const definition = anAlarmDefinition();

const created: AlarmDefinitionCreated = {
  type: 'AlarmDefinitionCreated',
  data: { definition, version: 1, byUserId, at: 1 },
};
const deleted: AlarmDefinitionDeleted = {
  type: 'AlarmDefinitionDeleted',
  data: { alarmDefinitionId: definition.id, byUserId, at: 3 },
};
const create = (changes = {}): AlarmDefinitionCommand => ({
  type: 'CreateAlarmDefinition',
  data: { definition: anAlarmDefinition(changes), references, byUserId, now: 1 },
});
const update = (changes = {}): AlarmDefinitionCommand => ({
  type: 'UpdateAlarmDefinition',
  data: { definition: anAlarmDefinition(changes), references, byUserId, now: 2 },
});
const remove: AlarmDefinitionCommand = {
  type: 'DeleteAlarmDefinition',
  data: { alarmDefinitionId: definition.id, byUserId, now: 3 },
};

describe('alarm definition decider', () => {
  describe('given nothing', () => {
    it('creates a definition at version 1, its name trimmed', () =>
      given([])
        .when(create({ name: ' Motion in the lobby ' }))
        .then([created]));

    it('refuses an invalid definition, listing every problem', () => {
      let thrown: unknown;
      try {
        alarmDefinitionDecider.decide(create({ relatedCameraIds: cameraIds(16), initialPriority: 9 }), {
          status: 'None',
        });
      } catch (error: unknown) {
        thrown = error;
      }

      expect(thrown).toMatchObject({
        code: 'ALARM_DEFINITION_INVALID',
        details: {
          problems: [
            'RELATED_CAMERAS_TOO_MANY: at most 15 related cameras, not 16',
            ...cameraIds(16).map((id) => `UNKNOWN_DEVICE: device ${id} does not exist`),
            'UNKNOWN_PRIORITY: priority level 9 does not exist',
          ],
        },
      });
    });

    it('refuses to update or delete what does not exist', () => {
      given([]).when(update()).thenThrows('ALARM_DEFINITION_NOT_FOUND');
      given([]).when(remove).thenThrows('ALARM_DEFINITION_NOT_FOUND');
    });
  });

  describe('given a definition', () => {
    it('updates it with the next version', () => {
      const expected: AlarmDefinitionUpdated = {
        type: 'AlarmDefinitionUpdated',
        data: { definition: anAlarmDefinition({ enabled: false }), version: 2, byUserId, at: 2 },
      };
      given([created])
        .when(update({ enabled: false }))
        .then([expected]);
    });

    it('records nothing when the update changes nothing', () => given([created]).when(update()).then([]));

    it('refuses a definition whose id is not the stream', () =>
      given([created])
        .when(update({ id: 'ad-2' }))
        .thenThrows('ALARM_DEFINITION_INVALID'));

    it('refuses to create it twice', () =>
      given([created]).when(create()).thenThrows('ALARM_DEFINITION_ALREADY_EXISTS'));

    it('deletes it', () => given([created]).when(remove).then([deleted]));
  });

  describe('given a deleted definition', () => {
    it('never reuses its id', () =>
      given([created, deleted]).when(create()).thenThrows('ALARM_DEFINITION_ALREADY_EXISTS'));

    it('refuses to update or delete it again', () => {
      given([created, deleted]).when(update()).thenThrows('ALARM_DEFINITION_NOT_FOUND');
      given([created, deleted]).when(remove).thenThrows('ALARM_DEFINITION_NOT_FOUND');
    });
  });
});

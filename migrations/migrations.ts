import { CreateEventStore1763800000000 } from './1763800000000-CreateEventStore';
import { CreateAccessControl1763900000000 } from './1763900000000-CreateAccessControl';
import { CreateAuditLog1764000000000 } from './1764000000000-CreateAuditLog';
import { CreateApiKeys1764100000000 } from './1764100000000-CreateApiKeys';
import { CreateTimeProfiles1764200000000 } from './1764200000000-CreateTimeProfiles';
import { CreateUserDefinedEvents1764300000000 } from './1764300000000-CreateUserDefinedEvents';
import { CreateRules1764400000000 } from './1764400000000-CreateRules';
import { CreateWebhooks1764500000000 } from './1764500000000-CreateWebhooks';
import { CreateNotificationProfiles1764600000000 } from './1764600000000-CreateNotificationProfiles';
import { CreateRuleEngine1764800000000 } from './1764800000000-CreateRuleEngine';
import { CreateEventIndex1764900000000 } from './1764900000000-CreateEventIndex';
import { CreateAlarmDefinitions1765000000000 } from './1765000000000-CreateAlarmDefinitions';
import { CreateAlarmList1765120000000 } from './1765120000000-CreateAlarmList';
import { CreateCameras1765200000000 } from './1765200000000-CreateCameras';
import { CreateRecordings1765300000000 } from './1765300000000-CreateRecordings';
import { CreateRecorders1765330000000 } from './1765330000000-CreateRecorders';
import { AddAlarmListRevision1765370000000 } from './1765370000000-AddAlarmListRevision';

/** Every migration, in order. Listed explicitly so the same list works compiled (dist/) and under jest. */
export const MIGRATIONS = [
  CreateEventStore1763800000000,
  CreateAccessControl1763900000000,
  CreateAuditLog1764000000000,
  CreateApiKeys1764100000000,
  CreateTimeProfiles1764200000000,
  CreateUserDefinedEvents1764300000000,
  CreateRules1764400000000,
  CreateWebhooks1764500000000,
  CreateNotificationProfiles1764600000000,
  CreateRuleEngine1764800000000,
  CreateEventIndex1764900000000,
  CreateAlarmDefinitions1765000000000,
  CreateAlarmList1765120000000,
  CreateCameras1765200000000,
  CreateRecordings1765300000000,
  CreateRecorders1765330000000,
  AddAlarmListRevision1765370000000,
];

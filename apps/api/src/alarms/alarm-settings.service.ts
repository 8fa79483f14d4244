import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ALARM_SETTINGS_STREAM,
  alarmSettingsDecider,
  allAlarmStates,
  isBuiltInAlarmStateLevel,
  type AlarmDataSettings,
  type AlarmSettingsCommand,
  type EventStore,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import type {
  AlarmCategoriesRequest,
  AlarmClosingReasonsRequest,
  AlarmPrioritiesRequest,
  AlarmRetentionRequest,
  AlarmSettingsView,
  AlarmStatesRequest,
} from './alarm-settings.dto';
import { AlarmDefinitionsReadModel } from './alarm-definitions-read-model';
import { AlarmSettingsReadModel } from './alarm-settings-read-model';

const SYSTEM = 'system';

/**
 * Alarm data settings (FEATURES 5.2): decided by the domain; the defaults (priorities High 1, Medium 2, Low 3, the
 * built-in states, reasons for closing disabled) are written at the first start. A priority or category that an
 * alarm definition uses cannot be removed (409 naming the definitions).
 */
@Injectable()
export class AlarmSettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AlarmSettings');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: AlarmSettingsReadModel,
    private readonly definitions: AlarmDefinitionsReadModel,
  ) {}

  /** The defaults, once (a no-op when any process already wrote them). */
  async onApplicationBootstrap(): Promise<void> {
    const outcome = await handleCommand(this.store, ALARM_SETTINGS_STREAM, alarmSettingsDecider, {
      type: 'InitializeAlarmDataSettings',
      data: { byUserId: SYSTEM, now: Date.now() },
    });
    if (outcome.events.length > 0) {
      this.logger.log('default alarm data settings written');
    }
    await this.readModel.caughtUp(outcome.position);
  }

  async get(): Promise<AlarmSettingsView> {
    return view(await this.readModel.get());
  }

  /** The settings as the domain sees them (for the alarm definitions' references). */
  settings(): Promise<AlarmDataSettings> {
    return this.readModel.get();
  }

  async setPriorities(actor: Actor, request: AlarmPrioritiesRequest): Promise<void> {
    const priorities = request.priorities.map((priority) => ({
      level: priority.level,
      name: priority.name,
      ...(priority.sound === undefined ? {} : { sound: priority.sound }),
      repeatSound: priority.repeatSound ?? false,
      desktopNotifications: priority.desktopNotifications ?? false,
    }));
    const inUse = await this.definitions.levelsInUse('initialPriority');
    await this.command(actor, { type: 'SetAlarmPriorities', data: { priorities, inUse, ...by(actor) } });
  }

  async setStates(actor: Actor, request: AlarmStatesRequest): Promise<void> {
    const states = request.states.map(({ level, name }) => ({ level, name }));
    await this.command(actor, { type: 'SetAlarmStates', data: { states, ...by(actor) } });
  }

  async setCategories(actor: Actor, request: AlarmCategoriesRequest): Promise<void> {
    const categories = request.categories.map(({ level, name }) => ({ level, name }));
    const inUse = await this.definitions.levelsInUse('categoryLevel');
    await this.command(actor, { type: 'SetAlarmCategories', data: { categories, inUse, ...by(actor) } });
  }

  async setReasonsForClosing(actor: Actor, request: AlarmClosingReasonsRequest): Promise<void> {
    const reasonsForClosing = { enabled: request.enabled, reasons: request.reasons };
    await this.command(actor, { type: 'SetAlarmClosingReasons', data: { reasonsForClosing, ...by(actor) } });
  }

  async setRetention(actor: Actor, request: AlarmRetentionRequest): Promise<void> {
    const retention = { closedAlarmsDays: request.closedAlarmsDays, openAlarmsDays: request.openAlarmsDays };
    await this.command(actor, { type: 'SetAlarmRetention', data: { retention, ...by(actor) } });
  }

  private async command(actor: Actor, command: AlarmSettingsCommand): Promise<void> {
    const outcome = await handleCommand(this.store, ALARM_SETTINGS_STREAM, alarmSettingsDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const by = (actor: Actor) => ({ byUserId: actor.userId, now: Date.now() });

const view = (settings: AlarmDataSettings): AlarmSettingsView => ({
  priorities: settings.priorities,
  states: allAlarmStates(settings).map((state) => ({ ...state, builtIn: isBuiltInAlarmStateLevel(state.level) })),
  categories: settings.categories,
  reasonsForClosing: settings.reasonsForClosing,
  retention: settings.retention,
});

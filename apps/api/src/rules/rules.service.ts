import {
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_RULES,
  describeRule,
  isDomainError,
  ruleDecider,
  ruleProblems,
  ruleStream,
  type EventStore,
  type RuleCommand,
  type RuleDefinition,
  type RuleNames,
  type RuleReferences,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, readState } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import { CamerasReadModel } from '../cameras/cameras-read-model';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import { GenericEventsCatalog } from '../generic-events/generic-events.catalog';
import { NotificationProfilesReadModel } from '../notification-profiles/notification-profiles-read-model';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { UserDefinedEventsReadModel } from '../user-defined-events/user-defined-events-read-model';
import { WebhooksReadModel } from '../webhooks/webhooks-read-model';
import type { RuleRequest, RuleValidation, RuleView } from './rules.dto';
import { RulesReadModel, type StoredRule } from './rules-read-model';

const SYSTEM = 'system';

/**
 * Rules: definitions decided by the domain (validated against what exists now), described in the seeds' wording,
 * and the default rules of FEATURES 1.8 created at the first start.
 */
@Injectable()
export class RulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rules');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: RulesReadModel,
    private readonly timeProfiles: TimeProfilesReadModel,
    private readonly userDefinedEvents: UserDefinedEventsReadModel,
    private readonly genericEvents: GenericEventsCatalog,
    private readonly webhooks: WebhooksReadModel,
    private readonly notificationProfiles: NotificationProfilesReadModel,
    private readonly cameras: CamerasReadModel,
    private readonly deviceGroups: DeviceGroupsReadModel,
  ) {}

  /** The default rules, once: a default rule an administrator deleted stays deleted. */
  async onApplicationBootstrap(): Promise<void> {
    const references = await this.references();
    for (const rule of DEFAULT_RULES) {
      if ((await readState(this.store, ruleStream(rule.id), ruleDecider)).state.status !== 'None') {
        continue;
      }
      try {
        const outcome = await handleCommand(this.store, ruleStream(rule.id), ruleDecider, {
          type: 'CreateRule',
          data: { rule, references, byUserId: SYSTEM, now: Date.now() },
        });
        await this.rules.caughtUp(outcome.position);
      } catch (error) {
        if (!(isDomainError(error) && error.code === 'RULE_ALREADY_EXISTS')) {
          throw error; // else another API process created it at the same moment
        }
      }
    }
  }

  async list(): Promise<RuleView[]> {
    const names = await this.names();
    return (await this.rules.list()).map((stored) => view(stored, names));
  }

  async get(ruleId: string): Promise<RuleView> {
    return view(await this.stored(ruleId), await this.names());
  }

  async create(actor: Actor, request: RuleRequest): Promise<{ ruleId: string }> {
    const rule = { ...request, id: randomUUID() } as unknown as RuleDefinition;
    await this.command(actor, rule.id, {
      type: 'CreateRule',
      data: { rule, references: await this.references(), ...by(actor) },
    });
    return { ruleId: rule.id };
  }

  async update(actor: Actor, ruleId: string, request: RuleRequest): Promise<void> {
    const rule = { ...request, id: ruleId } as unknown as RuleDefinition;
    await this.command(actor, ruleId, {
      type: 'UpdateRule',
      data: { rule, references: await this.references(), ...by(actor) },
    });
  }

  async copy(actor: Actor, ruleId: string, name: string | undefined): Promise<{ ruleId: string }> {
    const source = (await this.stored(ruleId)).rule;
    const copyId = randomUUID();
    await this.command(actor, copyId, {
      type: 'CopyRule',
      data: { ruleId: copyId, source, ...(name ? { name } : {}), references: await this.references(), ...by(actor) },
    });
    return { ruleId: copyId };
  }

  async setActive(actor: Actor, ruleId: string, active: boolean): Promise<void> {
    await this.command(actor, ruleId, {
      type: active ? 'ActivateRule' : 'DeactivateRule',
      data: { ruleId, ...by(actor) },
    });
  }

  async delete(actor: Actor, ruleId: string): Promise<void> {
    await this.command(actor, ruleId, { type: 'DeleteRule', data: { ruleId, ...by(actor) } });
  }

  /** FEATURES 1.9: every rule checked against what exists now; broken references are reported by rule name. */
  async validateAll(): Promise<RuleValidation[]> {
    const references = await this.references();
    return (await this.rules.list()).map(({ rule }) => ({
      ruleId: rule.id,
      name: rule.name,
      problems: ruleProblems(rule, references),
    }));
  }

  async validate(ruleId: string): Promise<RuleValidation> {
    const { rule } = await this.stored(ruleId);
    return { ruleId, name: rule.name, problems: ruleProblems(rule, await this.references()) };
  }

  private async stored(ruleId: string): Promise<StoredRule> {
    const stored = await this.rules.get(ruleId);
    if (!stored) {
      throw new NotFoundException({ code: 'RULE_NOT_FOUND', message: 'no such rule' });
    }
    return stored;
  }

  /**
   * What a rule may refer to today: devices are the cameras, their inputs and outputs; presets are the tokens of the
   * cameras' discovered presets (any camera's: the domain checks the set, not the preset's camera).
   */
  private async references(): Promise<RuleReferences> {
    const cameras = await this.cameras.list();
    return {
      timeProfileIds: new Set((await this.timeProfiles.list()).map((profile) => profile.id)),
      userDefinedEventIds: new Set((await this.userDefinedEvents.list()).map((event) => event.userDefinedEventId)),
      genericEventIds: new Set(this.genericEvents.definitions().map((definition) => definition.id)),
      deviceIds: await this.cameras.deviceIds(),
      deviceGroupIds: new Set((await this.deviceGroups.list()).map((group) => group.id)),
      notificationProfileIds: new Set((await this.notificationProfiles.list()).map((profile) => profile.id)),
      webhookIds: new Set((await this.webhooks.list()).map((webhook) => webhook.webhookId)),
      presetIds: new Set(cameras.flatMap((camera) => camera.capabilities.ptz.presets.map((preset) => preset.token))),
    };
  }

  private async names(): Promise<RuleNames> {
    return Object.fromEntries([
      ...(await this.timeProfiles.list()).map((profile) => [profile.id, profile.name]),
      ...(await this.userDefinedEvents.list()).map((event) => [event.userDefinedEventId, event.name]),
      ...this.genericEvents.definitions().map((definition) => [definition.id, definition.name]),
      ...(await this.webhooks.list()).map((webhook) => [webhook.webhookId, webhook.name]),
      ...(await this.notificationProfiles.list()).map((profile) => [profile.id, profile.name]),
    ]) as RuleNames;
  }

  private async command(actor: Actor, ruleId: string, command: RuleCommand): Promise<void> {
    try {
      const outcome = await handleCommand(this.store, ruleStream(ruleId), ruleDecider, command, {
        actorId: actor.userId,
        address: actor.address,
      });
      await this.rules.caughtUp(outcome.position);
    } catch (error) {
      if (error instanceof TypeError) {
        // A shape the DTO let through (nested garbage): the domain could not even read it.
        this.logger.warn(`malformed rule: ${error.message}`);
        throw new UnprocessableEntityException({
          code: 'RULE_INVALID',
          message: 'the rule is malformed',
          details: { problems: [`RULE_MALFORMED: ${error.message}`] },
        });
      }
      throw error;
    }
  }
}

const by = (actor: Actor) => ({ byUserId: actor.userId, now: Date.now() });

const view = (stored: StoredRule, names: RuleNames): RuleView => ({
  rule: stored.rule,
  version: stored.version,
  description: describeRule(stored.rule, names),
});

import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PG_POOL } from '@vigil/infrastructure';
import { DEFAULT_PASSWORD_POLICY, validatePasswordPolicy, type PasswordPolicy } from '@vigil/domain';
import type { Pool } from 'pg';
import { AccessGuard } from '../auth/access.guard';
import { AccessTokenService } from '../auth/access-token.service';
import { BearerAuthenticator } from '../auth/bearer.authenticator';
import { AUTH_RATE_LIMIT, AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { AuthController } from '../auth/auth.controller';
import { ACCESS_TOKEN_TTL, AuthService, LOCKOUT_SETTINGS, PASSWORD_POLICY } from '../auth/auth.service';
import { loadJwtSecret } from '../auth/jwt-secret.provider';
import { PasswordHasher } from '../auth/password.hasher';
import { SessionStore } from '../auth/session.store';
import { AlarmFeed } from '../alarms/alarm-feed.service';
import { ALARM_SOCKET_SETTINGS, AlarmsGateway, type AlarmSocketSettings } from '../alarms/alarms.gateway';
import { AlarmDefinitionsController } from '../alarms/alarm-definitions.controller';
import { AlarmDefinitionsService } from '../alarms/alarm-definitions.service';
import { AlarmDefinitionsReadModel } from '../alarms/alarm-definitions-read-model';
import { AlarmSettingsController } from '../alarms/alarm-settings.controller';
import { AlarmSettingsService } from '../alarms/alarm-settings.service';
import { AlarmSettingsReadModel } from '../alarms/alarm-settings-read-model';
import { AlarmsController } from '../alarms/alarms.controller';
import { AlarmsService } from '../alarms/alarms.service';
import { AlarmsReadModel } from '../alarms/alarms-read-model';
import { AUDIT_RETENTION_DAYS, AuditReadModel } from '../audit/audit-read-model';
import { AuditController } from '../audit/audit.controller';
import { AuditRecorder } from '../audit/audit.recorder';
import { PtzController } from '../ptz/ptz.controller';
import { PTZ_SETTINGS, PtzControlService, type PtzSettings } from '../ptz/ptz-control.service';
import { RECORDER_QUEUE_CONNECTION, RecorderCommandsClient } from '../ptz/recorder-commands.client';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { ApiEnv } from '../config/api.env';
import { RuleLogController } from '../rule-log/rule-log.controller';
import { RuleLogReadModel } from '../rule-log/rule-log-read-model';
import { RulesController } from '../rules/rules.controller';
import { RulesService } from '../rules/rules.service';
import { RuleSimulationService } from '../rules/rule-simulation.service';
import { RulesReadModel } from '../rules/rules-read-model';
import { DataSourcesController } from '../generic-events/data-sources.controller';
import { DataSourcesService } from '../generic-events/data-sources.service';
import { ExternalInputAppender } from '../generic-events/external-input.appender';
import { GenericEventListeners } from '../generic-events/generic-event.listeners';
import { GenericEventsCatalog } from '../generic-events/generic-events.catalog';
import { GenericEventsController, GenericEventsIngestController } from '../generic-events/generic-events.controller';
import { GenericEventsService } from '../generic-events/generic-events.service';
import { TimeProfilesController } from '../time-profiles/time-profiles.controller';
import { TimeProfilesService } from '../time-profiles/time-profiles.service';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { UserDefinedEventsController } from '../user-defined-events/user-defined-events.controller';
import { UserDefinedEventsService } from '../user-defined-events/user-defined-events.service';
import { UserDefinedEventsReadModel } from '../user-defined-events/user-defined-events-read-model';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WebhooksReadModel } from '../webhooks/webhooks-read-model';
import { AccessReadModel } from './access-read-model';
import { AccessRepository } from './access.repository';
import { OWNER_PASSWORD, OwnerBootstrap } from './owner.bootstrap';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** The configured password policy; an inconsistent one (say, unique characters above the length) stops start-up. */
const passwordPolicyOf = (env: ApiEnv): PasswordPolicy => {
  const policy: PasswordPolicy = {
    ...DEFAULT_PASSWORD_POLICY,
    minLength: env.PASSWORD_MIN_LENGTH,
    requiredUniqueChars: env.PASSWORD_REQUIRED_UNIQUE_CHARS,
    requireDigit: env.PASSWORD_REQUIRE_DIGIT,
    requireLowercase: env.PASSWORD_REQUIRE_LOWERCASE,
    requireUppercase: env.PASSWORD_REQUIRE_UPPERCASE,
    requireNonAlphanumeric: env.PASSWORD_REQUIRE_NON_ALPHANUMERIC,
  };
  const problems = validatePasswordPolicy(policy);
  if (problems.length > 0) {
    throw new Error(`invalid password policy: ${problems.join('; ')}`);
  }
  return policy;
};

/** Users, roles, sessions, the audit log, and the guard that puts every route behind them (deny by default). */
@Module({})
export class AccessModule {
  static forRoot(env: ApiEnv): DynamicModule {
    const passwordPolicy = passwordPolicyOf(env);
    return {
      module: AccessModule,
      controllers: [
        AuthController,
        UsersController,
        RolesController,
        AuditController,
        RuleLogController,
        ApiKeysController,
        TimeProfilesController,
        UserDefinedEventsController,
        GenericEventsController,
        GenericEventsIngestController,
        DataSourcesController,
        RulesController,
        WebhooksController,
        AlarmDefinitionsController,
        AlarmSettingsController,
        AlarmsController,
        PtzController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        {
          provide: AccessTokenService,
          inject: [PG_POOL],
          useFactory: async (pool: Pool) =>
            new AccessTokenService(await loadJwtSecret(pool, env.AUTH_JWT_SECRET), env.ACCESS_TOKEN_TTL_SECONDS),
        },
        {
          provide: SessionStore,
          inject: [PG_POOL],
          useFactory: (pool: Pool) =>
            new SessionStore(pool, { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS }),
        },
        { provide: AccessRepository, inject: [PG_POOL], useFactory: (pool: Pool) => new AccessRepository(pool) },
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        {
          provide: LOCKOUT_SETTINGS,
          useValue: { maxFailed: env.LOCKOUT_MAX_FAILED, lockoutMinutes: env.LOCKOUT_MINUTES },
        },
        { provide: ACCESS_TOKEN_TTL, useValue: env.ACCESS_TOKEN_TTL_SECONDS },
        { provide: PASSWORD_POLICY, useValue: passwordPolicy },
        {
          provide: AUTH_RATE_LIMIT,
          useValue: { perMinute: env.AUTH_RATE_LIMIT_PER_MINUTE, keyPrefix: env.REDIS_KEY_PREFIX },
        },
        { provide: OWNER_PASSWORD, useValue: env.VIGIL_OWNER_PASSWORD },
        AuthRateLimitGuard,
        BearerAuthenticator,
        AlarmFeed,
        AlarmsGateway,
        {
          provide: ALARM_SOCKET_SETTINGS,
          useValue: {
            sessionCheckMs: env.ALARM_SOCKET_SESSION_CHECK_SECONDS * 1_000,
            messages: {
              perSecond: env.ALARM_SOCKET_MESSAGES_PER_SECOND,
              burst: env.ALARM_SOCKET_MESSAGES_PER_SECOND * 2,
            },
            refusedBeforeDisconnect: env.ALARM_SOCKET_MESSAGES_PER_SECOND * 10,
          } satisfies AlarmSocketSettings,
        },
        AccessReadModel,
        OwnerBootstrap,
        AuthService,
        UsersService,
        RolesService,
        { provide: AUDIT_RETENTION_DAYS, useValue: env.AUDIT_RETENTION_DAYS },
        AuditReadModel,
        AuditRecorder,
        RuleLogReadModel,
        ApiKeysService,
        TimeProfilesReadModel,
        TimeProfilesService,
        UserDefinedEventsReadModel,
        UserDefinedEventsService,
        GenericEventsCatalog,
        ExternalInputAppender,
        GenericEventsService,
        GenericEventListeners,
        DataSourcesService,
        RulesReadModel,
        RulesService,
        RuleSimulationService,
        WebhooksReadModel,
        WebhooksService,
        AlarmSettingsReadModel,
        AlarmSettingsService,
        AlarmDefinitionsReadModel,
        AlarmDefinitionsService,
        AlarmsReadModel,
        AlarmsService,
        {
          provide: PTZ_SETTINGS,
          useValue: {
            sessionTimeoutSeconds: env.PTZ_MANUAL_SESSION_TIMEOUT_SECONDS,
            commandWaitMs: env.PTZ_COMMAND_WAIT_SECONDS * 1_000,
            defaultRecorderId: env.DEFAULT_RECORDER_ID,
          } satisfies PtzSettings,
        },
        { provide: RECORDER_QUEUE_CONNECTION, useValue: { redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX } },
        RecorderCommandsClient,
        PtzControlService,
      ],
    };
  }
}

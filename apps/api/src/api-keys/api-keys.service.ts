import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  EVERY_ALARM_DEFINITION_VIEW_WRITE,
  apiKeyDecider,
  hasPermission,
  type ApiKeyCommand,
  type ApiKeyScope,
  type EventStore,
  type Role,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, PG_POOL } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { AccessReadModel } from '../access/access-read-model';
import { apiKeyStream } from '../access/access.projection';
import type { Actor } from '../auth/actor';
import { AuditRecorder } from '../audit/audit.recorder';
import type { ApiKeyView, CreateApiKeyRequest } from './api-keys.dto';

/** `vgk_<key id, 32 hex>_<secret, 43 base64url>`: the id finds the key, the secret proves it. */
const KEY_FORMAT = /^vgk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();
const toUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export type ApiKeyPrincipal = Readonly<{ keyId: string; name: string; scopes: readonly ApiKeyScope[] }>;

/** The permissions of a key, as a role, so the guard treats keys and users alike. */
export const apiKeyRole = (principal: ApiKeyPrincipal): Role => ({
  id: `apikey-${principal.keyId}`,
  name: principal.name,
  description: 'API key scopes',
  grants: Object.fromEntries(principal.scopes.map((scope) => [scope.permission, 'allow'])),
  cameraGrants: [],
  // Its scopes alone (alarms.view, alarms.manage) decide what it does with alarms, as before per-definition rights.
  alarmDefinitionGrants: EVERY_ALARM_DEFINITION_VIEW_WRITE,
});

/** The resolution of a key's last-used time, and of its use in the audit log. */
const USE_AUDIT_INTERVAL_SECONDS = 60;

/**
 * How long a proven key is trusted without reading its row again. An integration posting thousands of events a
 * second then costs no database round trip per request; a key revoked through another API process stops working
 * here within this time (through this process, at once).
 */
const VERIFIED_KEY_TTL_MS = 1_000;

/** A key's row as last read, and when this process last recorded the key's use. */
type VerifiedKey = {
  readonly secretHash: Buffer;
  readonly principal: ApiKeyPrincipal;
  readonly readAt: number;
  useRecordedAt: number;
};

@Injectable()
export class ApiKeysService {
  /** Keys by id, as read from the read model; only keys that exist and are not revoked are kept. */
  private readonly verified = new Map<string, VerifiedKey>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly readModel: AccessReadModel,
    private readonly audit: AuditRecorder,
  ) {}

  /** Creates a key and returns it: the only time the secret is shown. Scopes cannot exceed the creator's rights. */
  async create(actor: Actor, request: CreateApiKeyRequest): Promise<{ keyId: string; key: string }> {
    const beyond = request.scopes.filter((scope) => !hasPermission(actor.roles, scope.permission));
    if (beyond.length > 0) {
      throw new ForbiddenException({
        code: 'PRIVILEGE_ESCALATION',
        message: 'a key cannot have rights you do not have',
        details: beyond.map((scope) => scope.permission),
      });
    }
    const keyId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.command(actor, keyId, {
      type: 'CreateApiKey',
      data: {
        keyId,
        name: request.name,
        secretHash: digest(secret).toString('base64url'),
        scopes: request.scopes.map((scope) => ({
          permission: scope.permission,
          ...(scope.resourceIds ? { resourceIds: scope.resourceIds } : {}),
        })),
        createdBy: actor.userId,
        now: Date.now(),
      },
    });
    return { keyId, key: `vgk_${keyId.replace(/-/g, '')}_${secret}` };
  }

  async revoke(actor: Actor, keyId: string): Promise<void> {
    await this.command(actor, keyId, {
      type: 'RevokeApiKey',
      data: { keyId, byUserId: actor.userId, now: Date.now() },
    });
    this.verified.delete(keyId);
  }

  async list(): Promise<ApiKeyView[]> {
    const { rows } = await this.pool.query<{
      key_id: string;
      name: string;
      scopes: ApiKeyScope[];
      created_by: string;
      created_at: Date;
      revoked_at: Date | null;
      last_used_at: Date | null;
    }>(`SELECT key_id, name, scopes, created_by, created_at, revoked_at, last_used_at FROM access.api_keys
        ORDER BY created_at`);
    return rows.map((row) => ({
      keyId: row.key_id,
      name: row.name,
      scopes: row.scopes,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    }));
  }

  /** The key's principal when the presented key is valid and not revoked; records its use. */
  async authenticate(
    presented: string,
    use: Readonly<{ method: string; path: string; address: string }>,
  ): Promise<ApiKeyPrincipal | undefined> {
    const match = KEY_FORMAT.exec(presented);
    if (!match?.[1] || !match[2]) {
      return undefined;
    }
    const keyId = toUuid(match[1]);
    const key = await this.verifiedKey(keyId);
    const given = digest(match[2]);
    if (!key || key.secretHash.length !== given.length || !timingSafeEqual(key.secretHash, given)) {
      return undefined;
    }
    await this.recordUse(keyId, key, use);
    return key.principal;
  }

  /** The key's row, read again when older than VERIFIED_KEY_TTL_MS; undefined when it does not exist or is revoked. */
  private async verifiedKey(keyId: string): Promise<VerifiedKey | undefined> {
    const now = Date.now();
    const known = this.verified.get(keyId);
    if (known !== undefined && now - known.readAt < VERIFIED_KEY_TTL_MS) {
      return known;
    }
    const { rows } = await this.pool.query<{ name: string; secret_hash: string; scopes: ApiKeyScope[] }>(
      `SELECT name, secret_hash, scopes FROM access.api_keys WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    );
    const row = rows[0];
    if (!row) {
      this.verified.delete(keyId);
      return undefined;
    }
    const key: VerifiedKey = {
      secretHash: Buffer.from(row.secret_hash, 'base64url'),
      principal: { keyId, name: row.name, scopes: row.scopes },
      readAt: now,
      useRecordedAt: known?.useRecordedAt ?? 0,
    };
    this.verified.set(keyId, key);
    return key;
  }

  /**
   * Only a proven key moves its last-used time, at most once a minute: a key in steady use then writes nothing
   * (no row lock, no commit to flush on every request), and the audit log gets one entry a minute per key. This
   * process asks the database at most once a minute per key; the database decides, so that several API processes
   * still record one use a minute.
   */
  private async recordUse(
    keyId: string,
    key: VerifiedKey,
    use: Readonly<{ method: string; path: string; address: string }>,
  ): Promise<void> {
    const now = Date.now();
    if (now - key.useRecordedAt < USE_AUDIT_INTERVAL_SECONDS * 1_000) {
      return;
    }
    key.useRecordedAt = now;
    const used = await this.pool.query(
      `UPDATE access.api_keys SET last_used_at = now()
       WHERE key_id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [keyId, USE_AUDIT_INTERVAL_SECONDS],
    );
    if (used.rowCount === 1) {
      await this.audit.record({
        type: 'ApiKeyUsed',
        data: { keyId, ...use, path: use.path.slice(0, 500), at: now },
      });
    }
  }

  private async command(actor: Actor, keyId: string, command: ApiKeyCommand): Promise<void> {
    try {
      const outcome = await handleCommand(this.store, apiKeyStream(keyId), apiKeyDecider, command, {
        actorId: actor.userId,
        address: actor.address,
      });
      await this.readModel.caughtUp(outcome.position);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'API_KEY_NOT_FOUND') {
        throw new NotFoundException({ code: 'API_KEY_NOT_FOUND', message: 'no such API key' });
      }
      throw error;
    }
  }
}

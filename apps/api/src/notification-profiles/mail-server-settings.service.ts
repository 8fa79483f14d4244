import { ConflictException, Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_MAIL_SERVER_PORT,
  MAIL_SERVER_SETTINGS_STREAM,
  mailServerDecider,
  readMailServerSettings,
  type EventStore,
  type MailServerPasswordChange,
} from '@vigil/domain';
import {
  EVENT_STORE,
  handleCommand,
  loadMailServerState,
  loadSmtpConnection,
  MAIL_PASSWORD_PURPOSE,
  SecretBox,
  type SmtpConnection,
} from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import type { MailServerSettingsView } from './notification-profiles.dto';

/**
 * The mail server settings (FEATURES 4.5), folded from `settings-mailserver`. The password is encrypted before it
 * reaches the domain or the event store, and is never returned: the view says only whether one is stored.
 */
@Injectable()
export class MailServerSettingsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly secrets: SecretBox,
  ) {}

  async get(): Promise<MailServerSettingsView> {
    const state = await loadMailServerState(this.store);
    if (state.status !== 'Configured') {
      return {
        configured: false,
        senderAddress: '',
        host: '',
        port: DEFAULT_MAIL_SERVER_PORT,
        startTls: false,
        requiresLogin: false,
        userName: null,
        hasPassword: false,
      };
    }
    const { encryptedPassword, ...settings } = state.settings;
    return { configured: true, ...settings, hasPassword: encryptedPassword !== null };
  }

  async update(actor: Actor, body: unknown): Promise<MailServerSettingsView> {
    const { settings, password } = readMailServerSettings(body);
    const change: MailServerPasswordChange =
      password === undefined
        ? { kind: 'keep' }
        : password === null
          ? { kind: 'clear' }
          : { kind: 'set', encrypted: this.secrets.encrypt(password, MAIL_PASSWORD_PURPOSE) };
    await handleCommand(
      this.store,
      MAIL_SERVER_SETTINGS_STREAM,
      mailServerDecider,
      { type: 'ConfigureMailServer', data: { settings, password: change, byUserId: actor.userId, now: Date.now() } },
      { actorId: actor.userId, address: actor.address },
    );
    return this.get();
  }

  /** How to reach the server now; 409 MAIL_SERVER_NOT_CONFIGURED when there are no settings yet. */
  async connection(): Promise<SmtpConnection> {
    const connection = await loadSmtpConnection(this.store, this.secrets);
    if (!connection) {
      throw new ConflictException({
        code: 'MAIL_SERVER_NOT_CONFIGURED',
        message: 'configure the mail server first (PUT /api/settings/mail-server)',
      });
    }
    return connection;
  }
}

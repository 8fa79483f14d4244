import type { AccessCommand, AccessDecider, AccessDomainEvent, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { isEmailAddress } from './notification-profile';
import { NotificationProfileError } from './notification-profile.errors';

/**
 * The mail server every notification profile sends through (FEATURES 4.5, S2:10672-10681), one settings stream
 * `settings-mailserver`. The password never reaches the domain in clear: the caller encrypts it and the events carry
 * only that ciphertext (`encryptedPassword`), which only the infrastructure's SecretBox can open.
 */

export const MAIL_SERVER_SETTINGS_STREAM = 'settings-mailserver'; // persisted: do not rename
export const DEFAULT_MAIL_SERVER_PORT = 25; // S2:10679
export const MAIL_USER_NAME_MAX_LENGTH = 255;
export const MAIL_PASSWORD_MAX_LENGTH = 1_024;
export const MAIL_HOST_MAX_LENGTH = 253;

export type MailServerSettings = Readonly<{
  senderAddress: string;
  host: string;
  port: number;
  /** Encrypt the connection with STARTTLS (S2:10680). */
  startTls: boolean;
  requiresLogin: boolean;
  /** Set when `requiresLogin`, else null. */
  userName: string | null;
  /** Opaque ciphertext of the password, set when `requiresLogin`, else null. Never returned by the API. */
  encryptedPassword: string | null;
}>;

export type MailServerSettingsChanged = AccessDomainEvent<
  'MailServerSettingsChanged', // persisted: do not rename
  MailServerSettings & { byUserId: string; at: EpochMs }
>;
export type MailServerSettingsEvent = MailServerSettingsChanged;

export const MAIL_SERVER_SETTINGS_EVENT_TYPES = [
  'MailServerSettingsChanged',
] as const satisfies readonly MailServerSettingsEvent['type'][];

/** What an administrator edits; the password travels separately (set, keep the stored one, or none). */
export type MailServerSettingsInput = Omit<MailServerSettings, 'encryptedPassword'>;
export type MailServerPasswordChange =
  Readonly<{ kind: 'keep' }> | Readonly<{ kind: 'set'; encrypted: string }> | Readonly<{ kind: 'clear' }>;

export type ConfigureMailServer = AccessCommand<
  'ConfigureMailServer',
  { settings: MailServerSettingsInput; password: MailServerPasswordChange; byUserId: string; now: EpochMs }
>;

export type MailServerState =
  Readonly<{ status: 'NotConfigured' }> | Readonly<{ status: 'Configured'; settings: MailServerSettings }>;

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

export const mailServerSettingsProblems = (settings: MailServerSettings): string[] => {
  const problems: string[] = [];
  if (!isEmailAddress(settings.senderAddress)) {
    problems.push('senderAddress: an e-mail address');
  }
  if (settings.host.length === 0 || settings.host.length > MAIL_HOST_MAX_LENGTH || !HOST.test(settings.host)) {
    problems.push('host: a host name or IP address');
  }
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535) {
    problems.push('port: an integer from 1 to 65535');
  }
  if (settings.requiresLogin) {
    const userName = settings.userName ?? '';
    if (userName.length === 0 || userName.length > MAIL_USER_NAME_MAX_LENGTH) {
      problems.push(`userName: 1 to ${MAIL_USER_NAME_MAX_LENGTH} characters when the server requires login`);
    }
    if (!settings.encryptedPassword) {
      problems.push('password: required when the server requires login');
    }
  }
  return problems;
};

const invalid = (problems: readonly string[]): NotificationProfileError =>
  new NotificationProfileError('MAIL_SERVER_SETTINGS_INVALID', problems.join('; '), { problems });

export const decideMailServer = (command: ConfigureMailServer, state: MailServerState): MailServerSettingsEvent[] => {
  switch (command.type) {
    case 'ConfigureMailServer': {
      const { settings, password, byUserId, now } = command.data;
      const stored = state.status === 'Configured' ? state.settings.encryptedPassword : null;
      const encryptedPassword = !settings.requiresLogin
        ? null
        : password.kind === 'set'
          ? password.encrypted
          : password.kind === 'clear'
            ? null
            : stored;
      const next: MailServerSettings = {
        senderAddress: settings.senderAddress.trim(),
        host: settings.host.trim(),
        port: settings.port,
        startTls: settings.startTls,
        requiresLogin: settings.requiresLogin,
        userName: settings.requiresLogin ? settings.userName : null,
        encryptedPassword,
      };
      const problems = mailServerSettingsProblems(next);
      if (problems.length > 0) {
        throw invalid(problems);
      }
      if (state.status === 'Configured' && sameSettings(state.settings, next)) {
        return [];
      }
      return [{ type: 'MailServerSettingsChanged', data: { ...next, byUserId, at: now } }];
    }
    default:
      return assertNever(command.type);
  }
};

const sameSettings = (a: MailServerSettings, b: MailServerSettings): boolean =>
  (Object.keys(a) as (keyof MailServerSettings)[]).every((key) => a[key] === b[key]);

export const evolveMailServer = (_state: MailServerState, event: MailServerSettingsEvent): MailServerState => {
  switch (event.type) {
    case 'MailServerSettingsChanged': {
      const { byUserId: _by, at: _at, ...settings } = event.data;
      return { status: 'Configured', settings };
    }
    default:
      return assertNever(event.type);
  }
};

export const mailServerDecider = {
  decide: decideMailServer,
  evolve: evolveMailServer,
  initialState: (): MailServerState => ({ status: 'NotConfigured' }),
} satisfies AccessDecider<MailServerState, ConfigureMailServer, MailServerSettingsEvent>;

const MAIL_SETTINGS_FIELDS: ReadonlySet<string> = new Set([
  'senderAddress',
  'host',
  'port',
  'startTls',
  'requiresLogin',
  'userName',
  'password',
]);

/**
 * Reads the settings from untrusted input (an HTTP body), every problem at once. `password`: a string sets it,
 * omitted keeps the stored one, null removes it. The clear-text password is returned for the caller to encrypt;
 * it never appears in a problem.
 */
export const readMailServerSettings = (
  input: unknown,
): Readonly<{ settings: MailServerSettingsInput; password: string | null | undefined }> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(['body: must be a JSON object']);
  }
  const raw = input as Record<string, unknown>;
  const problems = Object.keys(raw)
    .filter((key) => !MAIL_SETTINGS_FIELDS.has(key))
    .map((key) => `${key}: unknown field`);
  const text = (field: string, required: boolean): string | null => {
    const value = raw[field];
    if (value === undefined || value === null) {
      if (required) {
        problems.push(`${field}: required`);
      }
      return null;
    }
    if (typeof value !== 'string') {
      problems.push(`${field}: must be a string`);
      return null;
    }
    return value;
  };
  const flag = (field: string): boolean => {
    const value = raw[field];
    if (value === undefined) {
      return false;
    }
    if (typeof value !== 'boolean') {
      problems.push(`${field}: must be true or false`);
      return false;
    }
    return value;
  };
  const port = raw.port === undefined ? DEFAULT_MAIL_SERVER_PORT : raw.port;
  if (typeof port !== 'number') {
    problems.push('port: must be a number');
  }
  const senderAddress = text('senderAddress', true);
  const host = text('host', true);
  const userName = text('userName', false);
  const password = raw.password === null ? null : (text('password', false) ?? undefined);
  if (typeof password === 'string' && (password.length === 0 || password.length > MAIL_PASSWORD_MAX_LENGTH)) {
    problems.push(`password: 1 to ${MAIL_PASSWORD_MAX_LENGTH} characters`);
  }
  const settings: MailServerSettingsInput = {
    senderAddress: senderAddress ?? '',
    host: host ?? '',
    port: typeof port === 'number' ? port : DEFAULT_MAIL_SERVER_PORT,
    startTls: flag('startTls'),
    requiresLogin: flag('requiresLogin'),
    userName,
  };
  // value problems of the fields whose shape was right; the password's presence is checked by the decider
  const badShape = new Set(problems.map((problem) => problem.slice(0, problem.indexOf(':'))));
  const values = mailServerSettingsProblems({ ...settings, encryptedPassword: 'checked by the decider' }).filter(
    (problem) => !badShape.has(problem.slice(0, problem.indexOf(':'))),
  );
  if (problems.length + values.length > 0) {
    throw invalid([...problems, ...values]);
  }
  return { settings, password };
};

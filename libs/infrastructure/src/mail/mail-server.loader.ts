import { MAIL_SERVER_SETTINGS_STREAM, mailServerDecider, type EventStore, type MailServerState } from '@vigil/domain';
import { readState } from '../event-store/command-handler';
import type { SecretBox } from '../secrets/secret-box';
import type { SmtpConnection } from './mail-sender';

/** The purpose the SMTP password's ciphertext is bound to (GCM additional data). Persisted: do not change. */
export const MAIL_PASSWORD_PURPOSE = 'settings-mailserver/password';

/** The mail server settings, folded from `settings-mailserver`. */
export const loadMailServerState = async (store: EventStore): Promise<MailServerState> =>
  (await readState(store, MAIL_SERVER_SETTINGS_STREAM, mailServerDecider)).state;

/** How to reach the configured mail server, the password decrypted; undefined when no mail server is configured. */
export const loadSmtpConnection = async (store: EventStore, box: SecretBox): Promise<SmtpConnection | undefined> => {
  const state = await loadMailServerState(store);
  if (state.status !== 'Configured') {
    return undefined;
  }
  const { senderAddress, host, port, startTls, requiresLogin, userName, encryptedPassword } = state.settings;
  return {
    senderAddress,
    host,
    port,
    startTls,
    ...(requiresLogin && userName !== null && encryptedPassword !== null
      ? { auth: { user: userName, pass: box.decrypt(encryptedPassword, MAIL_PASSWORD_PURPOSE) } }
      : {}),
  };
};

import { deciderSpec } from '../access/testing/decider-spec';
import {
  mailServerDecider,
  readMailServerSettings,
  type MailServerSettingsChanged,
  type MailServerSettingsInput,
} from './mail-server-settings';

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
};

const given = deciderSpec(mailServerDecider);
const settings: MailServerSettingsInput = {
  senderAddress: 'vigil@example.org',
  host: 'mail.example.org',
  port: 587,
  startTls: true,
  requiresLogin: true,
  userName: 'vigil',
};
const configured: MailServerSettingsChanged = {
  type: 'MailServerSettingsChanged',
  data: { ...settings, encryptedPassword: 'v1.cipher', byUserId: 'admin', at: 1 },
};
const configure = (password: { kind: 'keep' } | { kind: 'set'; encrypted: string } | { kind: 'clear' }, s = settings) =>
  ({ type: 'ConfigureMailServer', data: { settings: s, password, byUserId: 'admin', now: 2 } }) as const;

describe('mail server settings (FEATURES 4.5)', () => {
  it('stores the encrypted password, keeps it when not given, and changes nothing when nothing changed', () => {
    given([])
      .when(configure({ kind: 'set', encrypted: 'v1.cipher' }))
      .then([{ ...configured, data: { ...configured.data, at: 2 } }]);
    given([configured])
      .when(configure({ kind: 'keep' }))
      .then([]);
    given([configured])
      .when(configure({ kind: 'keep' }, { ...settings, port: 465 }))
      .then([{ type: 'MailServerSettingsChanged', data: { ...configured.data, port: 465, at: 2 } }]);
  });

  it('requires a user name and a password only when the server requires login', () => {
    given([])
      .when(configure({ kind: 'keep' }))
      .thenThrows('MAIL_SERVER_SETTINGS_INVALID');
    given([configured])
      .when(configure({ kind: 'clear' }))
      .thenThrows('MAIL_SERVER_SETTINGS_INVALID');
    given([configured])
      .when(configure({ kind: 'keep' }, { ...settings, requiresLogin: false }))
      .then([
        {
          type: 'MailServerSettingsChanged',
          data: { ...configured.data, requiresLogin: false, userName: null, encryptedPassword: null, at: 2 },
        },
      ]);
  });

  it('reads untrusted input with the default port 25, listing every problem and never the password', () => {
    expect(readMailServerSettings({ senderAddress: 'a@b.cc', host: 'smtp.b.cc', password: 'pw' })).toEqual({
      settings: {
        senderAddress: 'a@b.cc',
        host: 'smtp.b.cc',
        port: 25,
        startTls: false,
        requiresLogin: false,
        userName: null,
      },
      password: 'pw',
    });
    expect(readMailServerSettings({ senderAddress: 'a@b.cc', host: 'smtp.b.cc', password: null }).password).toBeNull();

    const attempt = () =>
      readMailServerSettings({
        senderAddress: 'nope',
        host: 'bad host',
        port: 70_000,
        startTls: 'yes',
        password: 42,
        x: 1,
      });
    expect(errorOf(attempt)).toMatchObject({
      code: 'MAIL_SERVER_SETTINGS_INVALID',
      details: {
        problems: [
          'x: unknown field',
          'password: must be a string',
          'startTls: must be true or false',
          'senderAddress: an e-mail address',
          'host: a host name or IP address',
          'port: an integer from 1 to 65535',
        ],
      },
    });
  });
});

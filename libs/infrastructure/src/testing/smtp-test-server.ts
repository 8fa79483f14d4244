import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message as the SMTP server received it: the envelope and the raw data, with the headers tests look at. */
export type ReceivedMail = Readonly<{
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  raw: string;
}>;

export type SmtpTestServerOptions = Readonly<{
  /** Require this login (AUTH PLAIN/LOGIN over the plain connection). */
  auth?: Readonly<{ user: string; pass: string }>;
  /** Refuse every recipient with this reply (for example 550 or 451). */
  refuseRecipients?: Readonly<{ responseCode: number; message: string }>;
}>;

export type SmtpTestServer = Readonly<{
  port: number;
  received: readonly ReceivedMail[];
  /** Resolves with the next message not yet waited for (the first, then the second, …) once it has arrived. */
  waitForMessage: (timeoutMs?: number) => Promise<ReceivedMail>;
  /** Every AUTH attempt's user and password as the client sent them (to check what the sender used). */
  logins: readonly Readonly<{ user: string; pass: string }>[];
  close: () => Promise<void>;
}>;

const header = (raw: string, name: string): string => {
  const [head = ''] = raw.split(/\r?\n\r?\n/, 1);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded
    .split(/\r?\n/)
    .find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
};

const smtpError = (responseCode: number, message: string): Error => Object.assign(new Error(message), { responseCode });

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1 and a free port, for tests: it speaks SMTP with the
 * code under test and keeps what it received. No STARTTLS (the tests use plain connections).
 */
export const startSmtpTestServer = async (options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> => {
  const received: ReceivedMail[] = [];
  const logins: { user: string; pass: string }[] = [];
  const waiters: { count: number; resolve: (mail: ReceivedMail) => void }[] = [];
  let waited = 0;
  const serverOptions: SMTPServerOptions = {
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => {
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError(535, 'Authentication credentials invalid'));
      }
    },
    onRcptTo: (_address, _session, callback) => {
      const refusal = options.refuseRecipients;
      callback(refusal ? smtpError(refusal.responseCode, refusal.message) : undefined);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [, ...body] = raw.split(/\r?\n\r?\n/);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: header(raw, 'Subject'),
          text: body.join('\n\n').replace(/\r\n/g, '\n'),
          raw,
        };
        received.push(mail);
        for (const waiter of waiters.filter((candidate) => candidate.count === received.length)) {
          waiter.resolve(mail);
        }
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined); // a client that hangs up mid-conversation
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    received,
    logins,
    waitForMessage: (timeoutMs = 10_000) => {
      waited += 1;
      const count = waited;
      const already = received[count - 1];
      if (already) {
        return Promise.resolve(already);
      }
      return new Promise<ReceivedMail>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the SMTP server received ${received.length} of ${count} messages`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A local port nothing listens on (bound, then released), for "the mail server is unreachable". */
export const closedLocalPort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

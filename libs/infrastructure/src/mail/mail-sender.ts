import { createTransport } from 'nodemailer';

/** Where and how to send (the mail server settings, with the password already decrypted). */
export type SmtpConnection = Readonly<{
  host: string;
  port: number;
  /** STARTTLS required; without it the connection stays plain (no opportunistic upgrade). */
  startTls: boolean;
  senderAddress: string;
  auth?: Readonly<{ user: string; pass: string }>;
}>;

/**
 * A file sent with an e-mail, read from `path` while sending. With a `contentId` it is embedded (an inline part the
 * HTML body shows as `<img src="cid:…">`); without one it is an ordinary attachment.
 */
export type MailAttachment = Readonly<{ filename: string; path: string; contentType: string; contentId?: string }>;

/** An e-mail: the plain text always; an HTML alternative and files when there are any. */
export type MailMessage = Readonly<{
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly MailAttachment[];
}>;

/** What the SMTP server answered. */
export type MailDelivery = Readonly<{
  messageId: string | null;
  response: string;
  accepted: readonly string[];
  rejected: readonly string[];
}>;

/** Stable codes of a failed delivery (also the `code` of the API's 502). Persisted in API responses: do not rename. */
export type MailFailureCode =
  | 'SMTP_UNREACHABLE'
  | 'SMTP_TEMPORARY_FAILURE'
  | 'SMTP_REJECTED'
  | 'SMTP_AUTH_FAILED'
  | 'SMTP_TLS_FAILED'
  | 'SMTP_FAILED';

/**
 * A failed delivery. `permanent`: a 5xx reply (or a refused login), which no retry can fix; otherwise transient
 * (connection refused or lost, timeouts, 4xx replies). The message holds the SMTP reply code and text, never a
 * password.
 */
export class MailDeliveryError extends Error {
  constructor(
    readonly code: MailFailureCode,
    readonly permanent: boolean,
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

type NodemailerError = Error & { code?: string; responseCode?: number; response?: string };

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** Removes every trace of the secrets from a text (the password, and the AUTH PLAIN token that carries it). */
const redact = (text: string, connection: SmtpConnection): string => {
  if (!connection.auth) {
    return text;
  }
  const { user, pass } = connection.auth;
  const tokens = [
    pass,
    Buffer.from(`\u0000${user}\u0000${pass}`).toString('base64'),
    Buffer.from(pass).toString('base64'),
  ];
  return tokens.filter((token) => token.length > 0).reduce((out, token) => out.split(token).join('[redacted]'), text);
};

const classify = (error: NodemailerError, connection: SmtpConnection): MailDeliveryError => {
  const responseCode = typeof error.responseCode === 'number' ? error.responseCode : undefined;
  const reply = redact((error.response ?? '').slice(0, 500), connection);
  const where = `${connection.host}:${connection.port}`;
  if (error.code === 'EAUTH') {
    return new MailDeliveryError(
      'SMTP_AUTH_FAILED',
      responseCode === undefined || responseCode >= 500,
      `the mail server ${where} refused the login${responseCode ? ` (${responseCode})` : ''}`,
      responseCode,
    );
  }
  if (responseCode !== undefined && responseCode >= 500) {
    return new MailDeliveryError('SMTP_REJECTED', true, `the mail server ${where} refused: ${reply}`, responseCode);
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return new MailDeliveryError(
      'SMTP_TEMPORARY_FAILURE',
      false,
      `the mail server ${where} answered a temporary failure: ${reply}`,
      responseCode,
    );
  }
  if (error.code === 'ETLS') {
    return new MailDeliveryError('SMTP_TLS_FAILED', false, `STARTTLS with the mail server ${where} failed`);
  }
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(error.code ?? '')) {
    return new MailDeliveryError(
      'SMTP_UNREACHABLE',
      false,
      `the mail server ${where} cannot be reached (${error.code})`,
    );
  }
  return new MailDeliveryError('SMTP_FAILED', false, `sending through ${where} failed (${error.code ?? 'unknown'})`);
};

/**
 * Sends one e-mail through the configured server (nodemailer, one connection per message: notifications are rare
 * and the settings may change between two). Port 465 is implicit TLS; otherwise STARTTLS as configured.
 */
export const sendMail = async (connection: SmtpConnection, message: MailMessage): Promise<MailDelivery> => {
  const transport = createTransport({
    host: connection.host,
    port: connection.port,
    secure: connection.port === 465,
    requireTLS: connection.startTls,
    ignoreTLS: !connection.startTls && connection.port !== 465,
    ...(connection.auth ? { auth: { user: connection.auth.user, pass: connection.auth.pass } } : {}),
    ...TIMEOUTS,
    logger: false,
    debug: false,
  });
  try {
    const info = await transport.sendMail({
      from: connection.senderAddress,
      to: [...message.to],
      subject: message.subject,
      text: message.text,
      ...(message.html === undefined ? {} : { html: message.html }),
      attachments: (message.attachments ?? []).map((attachment) => ({
        filename: attachment.filename,
        path: attachment.path,
        contentType: attachment.contentType,
        ...(attachment.contentId === undefined
          ? { contentDisposition: 'attachment' as const }
          : { cid: attachment.contentId, contentDisposition: 'inline' as const }),
      })),
    });
    const address = (entry: unknown): string =>
      typeof entry === 'string' ? entry : ((entry as { address?: string }).address ?? '');
    return {
      messageId: typeof info.messageId === 'string' ? info.messageId : null,
      response: redact(String(info.response ?? ''), connection),
      accepted: info.accepted.map(address),
      rejected: info.rejected.map(address),
    };
  } catch (error) {
    throw classify(error as NodemailerError, connection);
  } finally {
    transport.close();
  }
};

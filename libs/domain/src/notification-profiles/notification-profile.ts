import { NotificationProfileError } from './notification-profile.errors';

/**
 * A notification profile (FEATURES 4.2, S2:12401-12423): who gets an e-mail, with which subject and text, how often at
 * most, and the still-image / AVI settings. The image and AVI settings are kept (with the seed's defaults) but not
 * used yet: attaching images and clips waits for the recorder issue (recordings do not exist yet, FEATURES 4.4).
 */
export type NotificationProfile = Readonly<{
  id: string;
  name: string;
  description: string;
  /** E-mail addresses; the API also takes the seed's `aa@aaaa.aa;bb@bbbb.bb` form. */
  recipients: readonly string[];
  /** May hold variables (NOTIFICATION_VARIABLES). */
  subject: string;
  /** May hold variables; the body always ends with what triggered the e-mail (S2:12413). */
  messageText: string;
  /** Minimum time between two e-mails of this profile; 0 = an e-mail on every trigger (S2:12414). */
  timeBetweenEmailsSeconds: number;
  numberOfImages: number;
  timeBetweenImagesMs: number;
  timeBeforeEventSeconds: number;
  timeAfterEventSeconds: number;
  frameRate: number;
  embedImages: boolean;
  includeImages: boolean;
  includeAvi: boolean;
}>;

/** The seed's defaults (S2:12415-12422, FEATURES 10.2). `timeBetweenEmailsSeconds` has none in the seed (inferred: 0). */
export const NOTIFICATION_PROFILE_DEFAULTS = {
  description: '',
  subject: '',
  messageText: '',
  timeBetweenEmailsSeconds: 0,
  numberOfImages: 5,
  timeBetweenImagesMs: 500,
  timeBeforeEventSeconds: 2,
  timeAfterEventSeconds: 4,
  frameRate: 5,
  embedImages: true,
  includeImages: false,
  includeAvi: false,
} as const;

// Limits are (inferred): the seed states none.
export const NOTIFICATION_PROFILE_NAME_MAX_LENGTH = 100;
export const NOTIFICATION_PROFILE_DESCRIPTION_MAX_LENGTH = 1_000;
export const NOTIFICATION_SUBJECT_MAX_LENGTH = 255;
export const NOTIFICATION_MESSAGE_MAX_LENGTH = 10_000;
export const NOTIFICATION_RECIPIENTS_MAX = 100;
export const EMAIL_ADDRESS_MAX_LENGTH = 254;

type IntegerField =
  | 'timeBetweenEmailsSeconds'
  | 'numberOfImages'
  | 'timeBetweenImagesMs'
  | 'timeBeforeEventSeconds'
  | 'timeAfterEventSeconds'
  | 'frameRate';
type BooleanField = 'embedImages' | 'includeImages' | 'includeAvi';

const INTEGER_RANGES: Readonly<Record<IntegerField, readonly [number, number]>> = {
  timeBetweenEmailsSeconds: [0, 7 * 24 * 3_600],
  numberOfImages: [0, 100],
  timeBetweenImagesMs: [0, 60_000],
  timeBeforeEventSeconds: [0, 3_600],
  timeAfterEventSeconds: [0, 3_600],
  frameRate: [1, 30],
};
const BOOLEAN_FIELDS: readonly BooleanField[] = ['embedImages', 'includeImages', 'includeAvi'];
const TEXT_FIELDS = ['name', 'description', 'subject', 'messageText'] as const;
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...TEXT_FIELDS,
  'recipients',
  ...Object.keys(INTEGER_RANGES),
  ...BOOLEAN_FIELDS,
]);

/** A deliberately plain check (no quoted local parts, no IP literals): one @, a dotted domain, no spaces or controls. */
const EMAIL =
  /^[^\s@;,<>()"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const isEmailAddress = (value: string): boolean => value.length <= EMAIL_ADDRESS_MAX_LENGTH && EMAIL.test(value);

/** `a@b.c;d@e.f` or a list: trimmed, empty entries dropped, duplicates (case-insensitive) removed. */
export const splitRecipients = (value: string | readonly string[]): string[] => {
  const parts = typeof value === 'string' ? value.split(';') : value.flatMap((entry) => entry.split(';'));
  const seen = new Set<string>();
  return parts
    .map((part) => part.trim())
    .filter((part) => {
      const key = part.toLowerCase();
      if (part.length === 0 || seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });
};

/** Why a typed profile cannot be saved; empty when it can. Every problem, each as 'field: explanation'. */
export const notificationProfileProblems = (profile: NotificationProfile): string[] => {
  const problems: string[] = [];
  const name = profile.name.trim();
  if (name.length === 0 || name.length > NOTIFICATION_PROFILE_NAME_MAX_LENGTH) {
    problems.push(`name: needs 1 to ${NOTIFICATION_PROFILE_NAME_MAX_LENGTH} characters`);
  }
  if (profile.description.length > NOTIFICATION_PROFILE_DESCRIPTION_MAX_LENGTH) {
    problems.push(`description: at most ${NOTIFICATION_PROFILE_DESCRIPTION_MAX_LENGTH} characters`);
  }
  if (profile.recipients.length === 0) {
    problems.push('recipients: at least one e-mail address');
  }
  if (profile.recipients.length > NOTIFICATION_RECIPIENTS_MAX) {
    problems.push(`recipients: at most ${NOTIFICATION_RECIPIENTS_MAX} addresses`);
  }
  for (const recipient of profile.recipients) {
    if (!isEmailAddress(recipient)) {
      problems.push(`recipients: '${recipient.slice(0, EMAIL_ADDRESS_MAX_LENGTH)}' is not an e-mail address`);
    }
  }
  if (/[\r\n]/.test(profile.subject)) {
    problems.push('subject: one line (no line breaks)');
  }
  if (profile.subject.length > NOTIFICATION_SUBJECT_MAX_LENGTH) {
    problems.push(`subject: at most ${NOTIFICATION_SUBJECT_MAX_LENGTH} characters`);
  }
  if (profile.messageText.length > NOTIFICATION_MESSAGE_MAX_LENGTH) {
    problems.push(`messageText: at most ${NOTIFICATION_MESSAGE_MAX_LENGTH} characters`);
  }
  for (const [field, [min, max]] of Object.entries(INTEGER_RANGES) as [IntegerField, readonly [number, number]][]) {
    const value = profile[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${field}: an integer from ${min} to ${max}`);
    }
  }
  return problems;
};

/**
 * Reads a profile from untrusted input (an HTTP body): every problem at once (unknown fields, wrong types, values),
 * or the profile with its defaults applied. Throws NOTIFICATION_PROFILE_INVALID with `details.problems`.
 */
export const readNotificationProfile = (id: string, input: unknown): NotificationProfile => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(['body: must be a JSON object']);
  }
  const raw = input as Record<string, unknown>;
  const problems: string[] = Object.keys(raw)
    .filter((key) => !KNOWN_FIELDS.has(key))
    .map((key) => `${key}: unknown field`);

  const text = (field: (typeof TEXT_FIELDS)[number], fallback?: string): string => {
    const value = raw[field];
    if (value === undefined && fallback !== undefined) {
      return fallback;
    }
    if (typeof value !== 'string') {
      problems.push(`${field}: ${value === undefined ? 'required' : 'must be a string'}`);
      return '';
    }
    return value;
  };
  const integer = (field: IntegerField): number => {
    const value = raw[field];
    if (value === undefined) {
      return NOTIFICATION_PROFILE_DEFAULTS[field];
    }
    if (typeof value !== 'number') {
      problems.push(`${field}: must be a number`);
      return NOTIFICATION_PROFILE_DEFAULTS[field];
    }
    return value;
  };
  const flag = (field: BooleanField): boolean => {
    const value = raw[field];
    if (value === undefined) {
      return NOTIFICATION_PROFILE_DEFAULTS[field];
    }
    if (typeof value !== 'boolean') {
      problems.push(`${field}: must be true or false`);
      return NOTIFICATION_PROFILE_DEFAULTS[field];
    }
    return value;
  };
  const recipients = ((): string[] => {
    const value = raw.recipients;
    if (typeof value === 'string') {
      return splitRecipients(value);
    }
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
      return splitRecipients(value);
    }
    problems.push(
      `recipients: ${value === undefined ? 'required' : 'a list of e-mail addresses or one string separated by ;'}`,
    );
    return [];
  })();

  const profile: NotificationProfile = {
    id,
    name: text('name').trim(),
    description: text('description', NOTIFICATION_PROFILE_DEFAULTS.description),
    recipients,
    subject: text('subject', NOTIFICATION_PROFILE_DEFAULTS.subject),
    messageText: text('messageText', NOTIFICATION_PROFILE_DEFAULTS.messageText),
    timeBetweenEmailsSeconds: integer('timeBetweenEmailsSeconds'),
    numberOfImages: integer('numberOfImages'),
    timeBetweenImagesMs: integer('timeBetweenImagesMs'),
    timeBeforeEventSeconds: integer('timeBeforeEventSeconds'),
    timeAfterEventSeconds: integer('timeAfterEventSeconds'),
    frameRate: integer('frameRate'),
    embedImages: flag('embedImages'),
    includeImages: flag('includeImages'),
    includeAvi: flag('includeAvi'),
  };
  const badShape = new Set(problems.map((problem) => problem.slice(0, problem.indexOf(':'))));
  const all = [
    ...problems,
    ...notificationProfileProblems(profile).filter((problem) => !badShape.has(problem.slice(0, problem.indexOf(':')))),
  ];
  if (all.length > 0) {
    throw invalid(all);
  }
  return profile;
};

const invalid = (problems: readonly string[]): NotificationProfileError =>
  new NotificationProfileError('NOTIFICATION_PROFILE_INVALID', problems.join('; '), { problems });

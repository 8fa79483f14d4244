import type { EpochMs } from '../access/access.types';
import type { NotificationProfile } from './notification-profile';
import type { NotificationMediaSource } from './notification-media';

/** What made a notification go out: the rule's firing, as the SendNotification job carries it. */
export type NotificationTrigger = Readonly<{
  ruleName: string;
  /** The triggering event's type (for example `MotionStarted`). */
  eventName: string;
  /** When the triggering event occurred. */
  at: EpochMs;
  /** The device on which the event occurred. */
  sourceDeviceId?: string;
  /** Its name, when it is a camera the system knows. */
  sourceDeviceName?: string;
  /** The devices that supply still images / AVI clips (the action's `imagesFrom`). */
  imageDeviceIds: readonly string[];
}>;

/** The e-mail: subject and plain text, and an HTML alternative when it shows embedded images. */
export type RenderedNotification = Readonly<{ subject: string; text: string; html?: string }>;

/**
 * The variables a subject or message text may hold (S2:12412: "system variables, such as Device name"), each replaced
 * by its value; any other `$Word$` is left as written. Listed in the README.
 */
export const NOTIFICATION_VARIABLES = {
  $RuleName$: 'the name of the rule that sent the notification',
  $EventName$: 'the type of the event that triggered the rule (for example MotionStarted)',
  $DeviceName$: 'the name of the camera on which the event occurred (the device id for other devices; empty when none)',
  $TriggerTime$: 'when the triggering event occurred, ISO 8601 in UTC',
  $RecipientList$: "the profile's recipients, separated by semicolons",
  $ProfileName$: 'the name of the notification profile',
} as const satisfies Readonly<Record<`$${string}$`, string>>;

export type NotificationVariable = keyof typeof NOTIFICATION_VARIABLES;

const valuesOf = (
  profile: NotificationProfile,
  trigger: NotificationTrigger,
): Record<NotificationVariable, string> => ({
  $RuleName$: trigger.ruleName,
  $EventName$: trigger.eventName,
  $DeviceName$: trigger.sourceDeviceName ?? trigger.sourceDeviceId ?? '',
  $TriggerTime$: new Date(trigger.at).toISOString(),
  $RecipientList$: profile.recipients.join(';'),
  $ProfileName$: profile.name,
});

/** Replaces every known `$Variable$` in one pass (a value that itself looks like a variable is not expanded). */
export const renderTemplate = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\$[A-Za-z]+\$/g, (token) => (Object.hasOwn(values, token) ? (values[token] ?? token) : token));

/** Headers are one line: values (device names, rule names) must never smuggle a line break into the subject. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/** The Content-ID an embedded still has in the e-mail: the HTML body shows it as `cid:<id>`. */
export const notificationContentId = (filename: string): string => `${filename}@vigil`;

const iso = (at: EpochMs): string => new Date(at).toISOString();

const deviceLabel = (name: string | undefined, id: string): string =>
  name === undefined || name === id ? id : `${name} (${id})`;

/** What one camera gave, in the body's words: every still and clip asked for is either attached or said missing. */
const sourceLines = (profile: NotificationProfile, source: NotificationMediaSource): string[] => {
  const lines = [`  ${deviceLabel(source.deviceName, source.deviceId)}`];
  if (profile.includeImages) {
    const first = source.stills[0];
    lines.push(
      first === undefined
        ? '    Still images: none (nothing was recorded at those instants)'
        : `    Still images: ${source.stills.length} from ${iso(first.at)}, ${profile.timeBetweenImagesMs} ms apart` +
            (profile.embedImages ? ' (in the message)' : ' (attached)'),
    );
    if (source.stillsMissing.length > 0 && first !== undefined) {
      lines.push(`    Not recorded at: ${source.stillsMissing.map(iso).join(', ')}`);
    }
  }
  if (profile.includeAvi) {
    lines.push(
      source.clip === undefined
        ? '    AVI clip: none (nothing was recorded in its range)'
        : `    AVI clip: ${source.clip.filename}, ${iso(source.clip.from)} to ${iso(source.clip.to)} at ${source.clip.frameRate} fps (attached)`,
    );
  }
  return lines;
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The HTML alternative: the same text, then each camera's stills shown in place. */
const htmlOf = (text: string, media: readonly NotificationMediaSource[]): string => {
  const pictures = media
    .filter((source) => source.stills.length > 0)
    .map(
      (source) =>
        `<h3>${escapeHtml(source.deviceName)}</h3>\n` +
        source.stills
          .map(
            (still) =>
              `<figure><img src="cid:${escapeHtml(notificationContentId(still.filename))}" alt="${escapeHtml(`${source.deviceName} at ${iso(still.at)}`)}">` +
              `<figcaption>${escapeHtml(iso(still.at))}</figcaption></figure>`,
          )
          .join('\n'),
    );
  return `<!doctype html>\n<html><body>\n<pre style="font-family: inherit; white-space: pre-wrap">${escapeHtml(text)}</pre>\n${pictures.join('\n')}\n</body></html>\n`;
};

/**
 * The e-mail of a notification: the subject and message text with their variables replaced, and the body's automatic
 * addition (S2:12413): what triggered the e-mail (rule, event, time, source device) and the source of any still
 * images or AVI clips, camera by camera (`media`, as the recordings gave them; every image device is listed). With
 * `embedImages` and stills to show, an HTML alternative shows them in the message.
 */
export const renderNotification = (
  profile: NotificationProfile,
  trigger: NotificationTrigger,
  media: readonly NotificationMediaSource[] = [],
): RenderedNotification => {
  const values = valuesOf(profile, trigger);
  const lines = [
    renderTemplate(profile.messageText, values),
    '',
    'What triggered the e-mail notification',
    `  Rule: ${trigger.ruleName}`,
    `  Event: ${trigger.eventName}`,
    `  Time: ${values.$TriggerTime$}`,
    `  Source: ${trigger.sourceDeviceId === undefined ? '(no device)' : deviceLabel(trigger.sourceDeviceName, trigger.sourceDeviceId)}`,
  ];
  if (profile.includeImages || profile.includeAvi) {
    lines.push('', 'The source of any attached still images or AVI video clips');
    if (media.length === 0) {
      lines.push('  (no image devices)');
    }
    media.forEach((source) => lines.push(...sourceLines(profile, source)));
  }
  const text = `${lines.join('\n').replace(/^\n+/, '')}\n`;
  const embedded = profile.includeImages && profile.embedImages && media.some((source) => source.stills.length > 0);
  return {
    subject: oneLine(renderTemplate(profile.subject, values)),
    text,
    ...(embedded ? { html: htmlOf(text, media) } : {}),
  };
};

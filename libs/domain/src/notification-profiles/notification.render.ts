import type { EpochMs } from '../access/access.types';
import type { NotificationProfile } from './notification-profile';

/** What made a notification go out: the rule's firing, as the SendNotification job carries it. */
export type NotificationTrigger = Readonly<{
  ruleName: string;
  /** The triggering event's type (for example `MotionStarted`). */
  eventName: string;
  /** When the triggering event occurred. */
  at: EpochMs;
  /** The device on which the event occurred; its id until cameras (and their names) exist. */
  sourceDeviceId?: string;
  /** The devices that would supply still images / AVI clips (the action's `imagesFrom`). */
  imageDeviceIds: readonly string[];
}>;

export type RenderedNotification = Readonly<{ subject: string; text: string }>;

/**
 * The variables a subject or message text may hold (S2:12412: "system variables, such as Device name"), each replaced
 * by its value; any other `$Word$` is left as written. Listed in the README.
 */
export const NOTIFICATION_VARIABLES = {
  $RuleName$: 'the name of the rule that sent the notification',
  $EventName$: 'the type of the event that triggered the rule (for example MotionStarted)',
  $DeviceName$: 'the device on which the event occurred (its id until cameras exist; empty when none)',
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
  $DeviceName$: trigger.sourceDeviceId ?? '',
  $TriggerTime$: new Date(trigger.at).toISOString(),
  $RecipientList$: profile.recipients.join(';'),
  $ProfileName$: profile.name,
});

/** Replaces every known `$Variable$` in one pass (a value that itself looks like a variable is not expanded). */
export const renderTemplate = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\$[A-Za-z]+\$/g, (token) => (Object.hasOwn(values, token) ? (values[token] ?? token) : token));

/** Headers are one line: values (device ids, rule names) must never smuggle a line break into the subject. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/**
 * The e-mail of a notification: the subject and message text with their variables replaced, and the body's automatic
 * addition (S2:12413): what triggered the e-mail (rule, event, time, source device) and the source of any still
 * images or AVI clips. Images and clips are not attached yet (they wait for the recorder issue), so the second part
 * names the devices they would come from and says so.
 */
export const renderNotification = (
  profile: NotificationProfile,
  trigger: NotificationTrigger,
): RenderedNotification => {
  const values = valuesOf(profile, trigger);
  const lines = [
    renderTemplate(profile.messageText, values),
    '',
    'What triggered the e-mail notification',
    `  Rule: ${trigger.ruleName}`,
    `  Event: ${trigger.eventName}`,
    `  Time: ${values.$TriggerTime$}`,
    `  Source: ${trigger.sourceDeviceId ?? '(no device)'}`,
  ];
  if (profile.includeImages || profile.includeAvi) {
    lines.push(
      '',
      'The source of any attached still images or AVI video clips',
      `  Devices: ${trigger.imageDeviceIds.length > 0 ? trigger.imageDeviceIds.join(', ') : '(none)'}`,
      '  Not attached: recordings are not available yet.',
    );
  }
  return {
    subject: oneLine(renderTemplate(profile.subject, values)),
    text: `${lines.join('\n').replace(/^\n+/, '')}\n`,
  };
};

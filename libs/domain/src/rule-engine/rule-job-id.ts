import type { ResolvedTargets, RuleFiringPhase } from './rule-evaluation';

/**
 * Deterministic BullMQ job ids of rule actions (no ':', which BullMQ forbids): the same rule version, triggering
 * event, phase, source, action and targets always give the same id, so a replay adds nothing new.
 */

/** `rule|<ruleId>|v<version>`: the part of a rule's job ids that its compiled form computes once. */
export const ruleJobIdPrefix = (ruleId: string, ruleVersion: number): string =>
  `rule|${encodeURIComponent(ruleId)}|v${ruleVersion}`;

/**
 * `all-<kind>` markers and URI-encoded device ids, joined by ','; empty for no targets. Encoding each id keeps ids
 * that hold ',' apart from lists, and an empty key apart from any device.
 */
const targetKey = (targets: ResolvedTargets): string =>
  targets.allDeviceKinds.length === 0 && targets.deviceIds.length === 1
    ? encodeURIComponent(targets.deviceIds[0] as string)
    : [...targets.allDeviceKinds.map((kind) => `all-${kind}`), ...targets.deviceIds.map(encodeURIComponent)].join(',');

/** The id of one action of a firing, from the rule's prefix and the firing's encoded `<eventId>|<phase>|<source>`. */
export const actionJobId = (
  prefix: string,
  firingPart: string,
  actionIndex: number,
  targets: ResolvedTargets,
): string => `${prefix}|${firingPart}|a${actionIndex}|${targetKey(targets)}`;

export const firingJobPart = (triggeringEventId: string, phase: RuleFiringPhase, sourceKey: string): string =>
  `${encodeURIComponent(triggeringEventId)}|${phase}|${encodeURIComponent(sourceKey)}`;

/** `rule|<ruleId>|v<version>|<eventId>|<phase>|<source>|a<index>|<target>`, every part URI-encoded (so no ':'). */
export const ruleJobId = (
  parts: Readonly<{
    ruleId: string;
    ruleVersion: number;
    triggeringEventId: string;
    phase: RuleFiringPhase;
    sourceKey: string;
    actionIndex: number;
    targets: ResolvedTargets;
  }>,
): string =>
  actionJobId(
    ruleJobIdPrefix(parts.ruleId, parts.ruleVersion),
    firingJobPart(parts.triggeringEventId, parts.phase, parts.sourceKey),
    parts.actionIndex,
    parts.targets,
  );

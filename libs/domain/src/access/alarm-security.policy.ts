import type { AlarmDefinitionGrant, AlarmDefinitionScope, Role } from './role';
import { EVERY_ALARM_DEFINITION_VIEW_WRITE, isOwnerRole } from './role';
import { actorCoversAlarmDefinition, alarmDefinitionScopeLabel } from './role-assignment.policy';

/** Each scope's effects, merged over a role's grants (two grants on one scope act as one). */
const effectsByScope = (
  grants: readonly AlarmDefinitionGrant[],
): Map<string, { scope: AlarmDefinitionScope; effects: string }> => {
  const merged = new Map<string, { scope: AlarmDefinitionScope; effects: Record<string, string[]> }>();
  for (const grant of grants) {
    const entry = merged.get(alarmDefinitionScopeLabel(grant.scope)) ?? { scope: grant.scope, effects: {} };
    for (const [permission, effect] of Object.entries(grant.permissions)) {
      entry.effects[permission] = [...new Set([...(entry.effects[permission] ?? []), effect])].sort();
    }
    merged.set(alarmDefinitionScopeLabel(grant.scope), entry);
  }
  return new Map(
    [...merged].map(([key, { scope, effects }]) => [
      key,
      { scope, effects: JSON.stringify(Object.entries(effects).sort(([a], [b]) => a.localeCompare(b))) },
    ]),
  );
};

/**
 * Manage security (FEATURES 5.3.6, S2:13249): who may change who has rights on an alarm definition. Changing a role's
 * grants at a scope (one definition, or all of them) needs Manage security there (at 'all' or on that definition, and
 * denied nowhere, like the escalation guard). A new role starts from what a role without grants holds
 * (EVERY_ALARM_DEFINITION_VIEW_WRITE), so keeping that default needs no such right. Returns the scopes refused, as
 * `all` or `definition=<id>`; empty when the change is allowed.
 */
export const alarmSecurityRefusals = (
  actorRoles: readonly Role[],
  before: readonly AlarmDefinitionGrant[] | undefined,
  after: readonly AlarmDefinitionGrant[],
): string[] => {
  if (actorRoles.some(isOwnerRole)) {
    return [];
  }
  const old = effectsByScope(before ?? EVERY_ALARM_DEFINITION_VIEW_WRITE);
  const next = effectsByScope(after);
  const changed = [...new Set([...old.keys(), ...next.keys()])].filter(
    (key) => old.get(key)?.effects !== next.get(key)?.effects,
  );
  return changed
    .map((key) => (next.get(key) ?? old.get(key))!.scope)
    .filter((scope) => !actorCoversAlarmDefinition(actorRoles, scope, 'manageSecurity'))
    .map(alarmDefinitionScopeLabel)
    .sort();
};

import type { GenericEventExpressionType, GenericEventPacketMatcher } from './generic-event-expression.matcher';
import {
  compileGenericEventExpression,
  isGenericEventExpressionType,
  isMatchExpressionSatisfiable,
} from './generic-event-expression.matcher';
import { parseGenericEventExpression } from './generic-event-expression.parser';

/**
 * A generic event (seed S2:12728-12739, "Generic event (properties)"; FEATURES 2.5.8):
 * - `name`: "Unique name for the generic event. Name must be unique among all types of events" (S2:12731). Uniqueness
 *   spans user-defined and analytics events too, so it is checked where all event names are known, not here.
 * - `enabled`: "Generic events are by default enabled" (S2:12732).
 * - `expression`, `expressionType`: S2:12733-12737 (see the parser and matcher).
 * - `priority`: "a number between 0 (highest priority) and 999999 (lowest priority)" (S2:12738).
 * - `dataSourceIds`: "Each generic event type pairs up with a data source" (S2:2473); the property list itself has no
 *   data-source field, so here it is optional: absent means packets from every data source are analysed (inferred).
 */
export type GenericEventDefinition = Readonly<{
  id: string;
  name: string;
  enabled: boolean;
  expression: string;
  expressionType: GenericEventExpressionType;
  priority: number;
  dataSourceIds?: readonly string[];
}>;

/** S2:12738: 0 is the highest priority. */
export const GENERIC_EVENT_PRIORITY_HIGHEST = 0;
/** S2:12738: 999999 is the lowest priority. */
export const GENERIC_EVENT_PRIORITY_LOWEST = 999_999;
/** Default of a new generic event (S2:12732). */
export const GENERIC_EVENT_ENABLED_BY_DEFAULT = true;

/** Why `definition` is unusable; empty when it is valid. Each problem is `CODE: explanation`. */
export const genericEventDefinitionProblems = (definition: GenericEventDefinition): string[] =>
  inspect(definition).problems;

/** The problems of a definition and, when its expression is valid, its compiled matcher (compiled once). */
const inspect = (
  definition: GenericEventDefinition,
): { problems: string[]; matcher: GenericEventPacketMatcher | undefined } => {
  const problems: string[] = [];
  let matcher: GenericEventPacketMatcher | undefined;
  if (typeof definition.id !== 'string' || definition.id.trim().length === 0) {
    problems.push('GENERIC_EVENT_ID_INVALID: id must be a non-empty string');
  }
  if (typeof definition.name !== 'string' || definition.name.trim().length === 0) {
    problems.push('GENERIC_EVENT_NAME_INVALID: name must be a non-empty string');
  }
  if (typeof definition.enabled !== 'boolean') {
    problems.push('GENERIC_EVENT_ENABLED_INVALID: enabled must be true or false');
  }
  if (
    !Number.isInteger(definition.priority) ||
    definition.priority < GENERIC_EVENT_PRIORITY_HIGHEST ||
    definition.priority > GENERIC_EVENT_PRIORITY_LOWEST
  ) {
    problems.push(
      `GENERIC_EVENT_PRIORITY_INVALID: priority must be a whole number from ${GENERIC_EVENT_PRIORITY_HIGHEST} ` +
        `(highest) to ${GENERIC_EVENT_PRIORITY_LOWEST} (lowest)`,
    );
  }
  if (!isGenericEventExpressionType(definition.expressionType)) {
    problems.push("GENERIC_EVENT_EXPRESSION_TYPE_INVALID: expressionType must be 'search', 'match' or 'regex'");
  } else if (typeof definition.expression !== 'string') {
    problems.push('GENERIC_EVENT_EXPRESSION_INVALID: expression must be a string');
  } else {
    const compiled = compileGenericEventExpression(definition.expression, definition.expressionType);
    if (!compiled.ok) {
      problems.push(`GENERIC_EVENT_EXPRESSION_INVALID: ${compiled.error.message}`);
    } else {
      matcher = compiled.value;
    }
    if (compiled.ok && definition.expressionType === 'match') {
      const parsed = parseGenericEventExpression(definition.expression);
      if (parsed.ok && !isMatchExpressionSatisfiable(parsed.value)) {
        problems.push(
          'GENERIC_EVENT_EXPRESSION_UNSATISFIABLE: a Match expression compares each term with the whole packet, ' +
            'so this one can never fire (AND of different terms)',
        );
      }
    }
  }
  if (definition.dataSourceIds !== undefined) {
    if (!Array.isArray(definition.dataSourceIds) || definition.dataSourceIds.length === 0) {
      problems.push('GENERIC_EVENT_DATA_SOURCES_INVALID: dataSourceIds, when present, must list at least one id');
    } else if (definition.dataSourceIds.some((id) => typeof id !== 'string' || id.trim().length === 0)) {
      problems.push('GENERIC_EVENT_DATA_SOURCES_INVALID: every data source id must be a non-empty string');
    }
  }
  return { problems, matcher };
};

type CompiledGenericEvent = Readonly<{
  definition: GenericEventDefinition;
  matches: GenericEventPacketMatcher;
  dataSourceIds: ReadonlySet<string> | undefined;
}>;

/** Enabled, valid definitions, compiled once and grouped by priority, best (lowest number) first. */
export type CompiledGenericEvents = Readonly<{
  levels: readonly Readonly<{ priority: number; events: readonly CompiledGenericEvent[] }>[];
}>;

export type GenericEventCompilation = Readonly<{
  compiled: CompiledGenericEvents;
  /** Enabled definitions left out because they are invalid; one bad definition never stops the others. */
  rejected: readonly Readonly<{ definition: GenericEventDefinition; problems: readonly string[] }>[];
}>;

/** Compiles every enabled definition once. Disabled definitions are skipped; invalid ones are reported. */
export const compileGenericEventDefinitions = (
  definitions: readonly GenericEventDefinition[],
): GenericEventCompilation => {
  const byPriority = new Map<number, CompiledGenericEvent[]>();
  const rejected: { definition: GenericEventDefinition; problems: readonly string[] }[] = [];
  for (const definition of definitions) {
    if (definition.enabled !== true) {
      continue;
    }
    const { problems, matcher } = inspect(definition);
    if (problems.length > 0 || !matcher) {
      rejected.push({ definition, problems });
      continue;
    }
    const event: CompiledGenericEvent = {
      definition,
      matches: matcher,
      dataSourceIds: definition.dataSourceIds ? new Set(definition.dataSourceIds) : undefined,
    };
    const level = byPriority.get(definition.priority);
    if (level) {
      level.push(event);
    } else {
      byPriority.set(definition.priority, [event]);
    }
  }
  const levels = [...byPriority.entries()]
    .sort(([a], [b]) => a - b)
    .map(([priority, events]) => ({ priority, events }));
  return { compiled: { levels }, rejected };
};

/**
 * The generic events a packet fires (seed S2:12738): "analysis of the packet starts with analysis for the event with
 * the highest priority. This way, when a package matches the criteria for several events, only the event with the
 * highest priority is triggered. If a package matches the criteria for several events with an identical priority,
 * for example two events with a priority of 999, all events with this priority is triggered." 0 is the highest
 * priority, so levels are tried from the lowest number up, and the first level with a match is the answer; events at
 * that level fire in their definition order. An event restricted to data sources only sees packets from those.
 */
export const matchGenericEvents = (
  compiled: CompiledGenericEvents,
  packet: string,
  dataSourceId: string,
): readonly GenericEventDefinition[] => {
  for (const level of compiled.levels) {
    let fired: GenericEventDefinition[] | undefined;
    for (const event of level.events) {
      if ((event.dataSourceIds === undefined || event.dataSourceIds.has(dataSourceId)) && event.matches(packet)) {
        (fired ??= []).push(event.definition);
      }
    }
    if (fired) {
      return fired;
    }
  }
  return [];
};

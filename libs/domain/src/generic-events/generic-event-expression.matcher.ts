import { assertNever } from '../shared';
import { GenericEventExpressionError } from './generic-event.errors';
import type { GenericEventResult } from './generic-event.errors';
import type { GenericEventExpressionNode } from './generic-event-expression.parser';
import {
  evaluateGenericEventExpression,
  genericEventExpressionTerms,
  parseGenericEventExpression,
} from './generic-event-expression.parser';

/**
 * How particular the analysis of a packet is (seed S2:12734-12737, "Expression type"):
 * - `search` ("Search"): "the received data package must contain the text specified in the Expression field, but may
 *   also have more content" (S2:12737). Each term must occur somewhere in the packet; AND/OR combine the results.
 * - `match` ("Match"): "the received data package must contain exactly the text specified in the Expression field,
 *   and nothing else" (S2:12737). Each term is compared with the whole packet; AND/OR combine the results, so
 *   `A OR B` fires on a packet that is exactly `A` or exactly `B` (inferred: the seed gives no Match example with
 *   operators).
 * - `regex` ("Regular expression"): "the text specified in the Expression field must identify specific patterns in
 *   the received data packages" (S2:12737): the pattern is searched for anywhere in the packet, unless it anchors
 *   itself with `^` / `$`.
 * Comparison is case-sensitive and byte-for-byte on the decoded text: the seed says nothing about case or
 * whitespace folding (inferred).
 */
export const GENERIC_EVENT_EXPRESSION_TYPES = ['search', 'match', 'regex'] as const;
export type GenericEventExpressionType = (typeof GENERIC_EVENT_EXPRESSION_TYPES)[number];

export const isGenericEventExpressionType = (value: unknown): value is GenericEventExpressionType =>
  typeof value === 'string' && (GENERIC_EVENT_EXPRESSION_TYPES as readonly string[]).includes(value);

/** A compiled expression: true when the decoded packet fires the generic event. */
export type GenericEventPacketMatcher = (packet: string) => boolean;

/**
 * Longest regular expression accepted. Larger than the Search/Match limit because translating a Search or Match
 * expression into a regular expression lengthens it (escapes, look-aheads). Not in the seed.
 */
export const GENERIC_EVENT_REGEX_MAX_LENGTH = 4096;

const invalid = (
  reason: GenericEventExpressionError['reason'],
  position: number,
  message: string,
): Readonly<{ ok: false; error: GenericEventExpressionError }> => ({
  ok: false,
  error: new GenericEventExpressionError(reason, position, message),
});

// ---------------------------------------------------------------------------------------------------------------
// Search and Match
// ---------------------------------------------------------------------------------------------------------------

const compileNode = (node: GenericEventExpressionNode, type: 'search' | 'match'): GenericEventPacketMatcher => {
  if (node.kind === 'term') {
    const text = node.text;
    return type === 'search' ? (packet) => packet.includes(text) : (packet) => packet === text;
  }
  if (node.kind === 'or' && node.operands.every((operand) => operand.kind === 'term')) {
    const texts = genericEventExpressionTerms(node);
    if (type === 'match') {
      const exact = new Set(texts);
      return (packet) => exact.has(packet);
    }
    return (packet) => {
      for (const text of texts) {
        if (packet.includes(text)) {
          return true;
        }
      }
      return false;
    };
  }
  const operands = node.operands.map((operand) => compileNode(operand, type));
  const wanted = node.kind === 'or';
  return (packet) => {
    for (const operand of operands) {
      if (operand(packet) === wanted) {
        return wanted;
      }
    }
    return !wanted;
  };
};

/**
 * Whether a Match expression can fire at all. A packet that matches is exactly one of the terms, so trying each term
 * as the packet decides it: `A AND B` with different terms can never fire.
 */
export const isMatchExpressionSatisfiable = (node: GenericEventExpressionNode): boolean =>
  genericEventExpressionTerms(node).some((packet) => evaluateGenericEventExpression(node, (term) => term === packet));

// ---------------------------------------------------------------------------------------------------------------
// Regular expressions
// ---------------------------------------------------------------------------------------------------------------

const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

/** The length of the quantifier at `i` and whether it is unbounded (`*`, `+`, `{n,}`); `[0, false]` when none. */
const quantifierAt = (pattern: string, i: number): [length: number, unbounded: boolean] => {
  const c = pattern.charAt(i);
  if (c === '*' || c === '+') {
    return [1, true];
  }
  if (c === '?') {
    return [1, false];
  }
  if (c === '{') {
    const braces = QUANTIFIER_BRACES.exec(pattern.slice(i, i + 24));
    if (braces) {
      return [braces[0].length, braces[2] !== undefined && braces[3] === ''];
    }
  }
  return [0, false];
};

/**
 * The position of a group that repeats without bound and itself contains an unbounded repetition, as in `(a+)+` or
 * `(?:x*y*)*`: the classic shape of catastrophic backtracking. Conservative: it may reject a harmless pattern such as
 * `(\d+,)+`, which can be rewritten (`(?:\d+,)` with a bounded count, or a character class). Generic events have no
 * authentication (S2:2475), so any client allowed to connect could send the packet that makes such a pattern hang
 * the event pipeline.
 */
const nestedQuantifierPosition = (pattern: string): number | undefined => {
  const frames: { start: number; unbounded: boolean }[] = [{ start: 0, unbounded: false }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    const frame = frames[frames.length - 1];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i += 1;
      while (i < pattern.length && pattern.charAt(i) !== ']') {
        i += pattern.charAt(i) === '\\' ? 2 : 1;
      }
      i += 1;
    } else if (c === '(') {
      frames.push({ start: i, unbounded: false });
      i += 1;
      if (pattern.charAt(i) === '?') {
        // Group prefixes (?:  (?=  (?!  (?<=  (?<!  (?<name>: their '?' is not a quantifier.
        i += 1;
        if (pattern.charAt(i) === '<' && pattern.charAt(i + 1) !== '=' && pattern.charAt(i + 1) !== '!') {
          const close = pattern.indexOf('>', i);
          i = close < 0 ? pattern.length : close + 1;
        } else {
          i += pattern.charAt(i) === '<' ? 2 : 1;
        }
      }
    } else if (c === ')') {
      const closed = frames.length > 1 ? frames.pop() : undefined;
      const [length, unbounded] = quantifierAt(pattern, i + 1);
      if (closed && unbounded && closed.unbounded) {
        return closed.start;
      }
      const parent = frames[frames.length - 1];
      if (parent && closed) {
        parent.unbounded ||= closed.unbounded || unbounded;
      }
      i += 1 + length;
    } else {
      const [length, unbounded] = quantifierAt(pattern, i);
      if (frame && unbounded) {
        frame.unbounded = true;
      }
      i += Math.max(length, 1);
    }
  }
  return undefined;
};

const compileRegex = (pattern: string): GenericEventResult<RegExp> => {
  if (pattern.length === 0) {
    return invalid('EMPTY', 0, 'the regular expression is empty');
  }
  if (pattern.length > GENERIC_EVENT_REGEX_MAX_LENGTH) {
    return invalid('TOO_LONG', GENERIC_EVENT_REGEX_MAX_LENGTH, `at most ${GENERIC_EVENT_REGEX_MAX_LENGTH} characters`);
  }
  let regex: RegExp;
  try {
    // No flags: case-sensitive, and without 'g'/'y' so that `test` keeps no state between packets.
    regex = new RegExp(pattern);
  } catch (caught) {
    return invalid('REGEX_INVALID', 0, caught instanceof Error ? caught.message : String(caught));
  }
  const nested = nestedQuantifierPosition(pattern);
  if (nested !== undefined) {
    return invalid(
      'REGEX_NESTED_QUANTIFIER',
      nested,
      'a repeated group containing a repetition can backtrack catastrophically; rewrite it',
    );
  }
  return { ok: true, value: regex };
};

// ---------------------------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------------------------

/** Compiles an expression of the given type once, into a matcher to run on every packet; never throws. */
export const compileGenericEventExpression = (
  expression: string,
  type: GenericEventExpressionType,
): GenericEventResult<GenericEventPacketMatcher> => {
  switch (type) {
    case 'search':
    case 'match': {
      const parsed = parseGenericEventExpression(expression);
      return parsed.ok ? { ok: true, value: compileNode(parsed.value, type) } : parsed;
    }
    case 'regex': {
      const compiled = compileRegex(expression);
      if (!compiled.ok) {
        return compiled;
      }
      const regex = compiled.value;
      return { ok: true, value: (packet) => regex.test(packet) };
    }
    default:
      return assertNever(type);
  }
};

/** As `compileGenericEventExpression`, throwing `GenericEventExpressionError` when the expression is invalid. */
export const compileGenericEventExpressionOrThrow = (
  expression: string,
  type: GenericEventExpressionType,
): GenericEventPacketMatcher => {
  const result = compileGenericEventExpression(expression, type);
  if (!result.ok) {
    throw result.error;
  }
  return result.value;
};

// ---------------------------------------------------------------------------------------------------------------
// Translation to a regular expression
// ---------------------------------------------------------------------------------------------------------------

const REGEX_METACHARACTERS = /[\\^$.*+?()[\]{}|/]/g;

/** `text` as a regular expression that matches exactly that text. */
export const escapeRegularExpression = (text: string): string => text.replace(REGEX_METACHARACTERS, '\\$&');

/**
 * A translated sub-expression. `find`: a list of alternatives, true when one of them is found (Search: anywhere;
 * Match: as the whole packet). `assert`: a zero-width assertion that is true at position 0 exactly when the
 * sub-expression is true of the whole packet; AND needs these, since a regular expression has no "and" operator.
 */
type Fragment =
  Readonly<{ kind: 'find'; alternatives: readonly string[] }> | Readonly<{ kind: 'assert'; source: string }>;

const group = (alternatives: readonly string[]): string =>
  alternatives.length === 1 && alternatives[0] !== undefined ? alternatives[0] : `(?:${alternatives.join('|')})`;

const toAssertion = (fragment: Fragment, type: 'search' | 'match'): string => {
  if (fragment.kind === 'assert') {
    return fragment.source;
  }
  // [\s\S] rather than '.': packets may contain line breaks when the data source has no separator.
  return type === 'search' ? `(?=[\\s\\S]*?${group(fragment.alternatives)})` : `(?=${group(fragment.alternatives)}$)`;
};

const translateNode = (node: GenericEventExpressionNode, type: 'search' | 'match'): Fragment => {
  switch (node.kind) {
    case 'term':
      return { kind: 'find', alternatives: [escapeRegularExpression(node.text)] };
    case 'or': {
      const operands = node.operands.map((operand) => translateNode(operand, type));
      const alternatives: string[] = [];
      for (const operand of operands) {
        if (operand.kind !== 'find') {
          return {
            kind: 'assert',
            source: `(?:${operands.map((each) => toAssertion(each, type)).join('|')})`,
          };
        }
        alternatives.push(...operand.alternatives);
      }
      return { kind: 'find', alternatives };
    }
    case 'and':
      return {
        kind: 'assert',
        source: node.operands.map((operand) => toAssertion(translateNode(operand, type), type)).join(''),
      };
  }
};

/**
 * The regular expression equivalent to a Search or Match expression: "If you switch from Search or Match to Regular
 * expression, the text in the Expression field is automatically translated to a regular expression" (S2:12737).
 * The result, compiled as type `regex`, fires on exactly the packets the original fires on:
 * - Search `User001` → `User001`; `User001 OR Door053` → `User001|Door053`;
 *   `(User001 OR Door053) AND Sunday` → `^(?=[\s\S]*?(?:User001|Door053))(?=[\s\S]*?Sunday)`.
 * - Match `User001` → `^User001$`; `User001 OR Door053` → `^(?:User001|Door053)$`.
 * Terms are escaped, so `a.b+c` matches only the text `a.b+c`. Milestone's own output is not in the seed, so the
 * exact text differs from XProtect's; the meaning is what the specs check.
 */
export const translateToRegularExpression = (
  expression: string,
  fromType: 'search' | 'match',
): GenericEventResult<string> => {
  const parsed = parseGenericEventExpression(expression);
  if (!parsed.ok) {
    return parsed;
  }
  const fragment = translateNode(parsed.value, fromType);
  let pattern: string;
  if (fragment.kind === 'assert') {
    pattern = `^${fragment.source}`;
  } else if (fromType === 'search') {
    pattern = fragment.alternatives.join('|');
  } else {
    pattern = `^${group(fragment.alternatives)}$`;
  }
  const compiled = compileRegex(pattern);
  return compiled.ok ? { ok: true, value: pattern } : compiled;
};

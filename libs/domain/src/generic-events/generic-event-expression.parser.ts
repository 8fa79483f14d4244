import { GenericEventExpressionError } from './generic-event.errors';
import type { GenericEventExpressionProblem, GenericEventResult } from './generic-event.errors';

/**
 * The expression language of generic events (FEATURES 2.5.9; seed S2:12733, "Expression"): terms combined with
 * `AND`, `OR` and grouped with `( )`. The seed's three examples, verbatim, must parse:
 * `(User001 OR Door053) AND Sunday`, `User001 AND Door053 AND Sunday`, `"User001" OR "Door053" OR "Sunday"`.
 *
 * What the seed states (S2:12733):
 * - `( )` "force a certain processing order": the parenthesised part is evaluated first.
 * - `AND`: "the terms on both sides of the AND operator must be present".
 * - `OR`: "either one or another term must be present".
 * - A term may be written in double quotes (`"User001"`), meaning the same as the bare term.
 *
 * What the seed does not state, and how this parser decides (inferred; keep in step with FEATURES section 13):
 * - Operators are the upper-case words `AND` and `OR`, as the seed always writes them; `and`, `or`, `And` are
 *   ordinary words of a term. An operator is a whole word: `ANDROID` and `ORDER` are terms.
 * - Precedence: `AND` binds tighter than `OR`. The seed's example needs parentheses in
 *   `(User001 OR Door053) AND Sunday` to get "first ... the two terms inside the parenthesis"; under left-to-right
 *   evaluation the parentheses would change nothing, so the seed implies a precedence other than left-to-right,
 *   and AND-before-OR is the usual one.
 * - Spaces: whitespace around operators and parentheses is not part of a term. Consecutive bare words with no operator
 *   between them form one term (a phrase) whose text is the source text from its first to its last character, inner
 *   whitespace kept verbatim, so that `Door opened` in a Match expression means exactly "Door opened".
 * - Quotes: a quoted term is taken literally, so it may hold spaces, parentheses, `AND`, `OR` and the special
 *   characters packets may contain (S2:10886: "@, #, +, ~"). `""` inside quotes is one literal `"`. An empty quoted
 *   term, an unterminated quote, and a quoted term touching another term with no operator between are errors.
 * - `(`, `)` and `"` are always syntax outside quotes; to match them literally, quote the term.
 */
export type GenericEventExpressionNode = GenericEventTermNode | GenericEventAndNode | GenericEventOrNode;

export type GenericEventTermNode = Readonly<{ kind: 'term'; text: string; quoted: boolean; position: number }>;
export type GenericEventAndNode = Readonly<{ kind: 'and'; operands: readonly GenericEventExpressionNode[] }>;
export type GenericEventOrNode = Readonly<{ kind: 'or'; operands: readonly GenericEventExpressionNode[] }>;

/** Longest expression accepted, in UTF-16 units (a guard against pathological input; not in the seed). */
export const GENERIC_EVENT_EXPRESSION_MAX_LENGTH = 1000;
/** Deepest nesting of parentheses accepted (a guard against pathological input; not in the seed). */
export const GENERIC_EVENT_EXPRESSION_MAX_DEPTH = 32;

type Token =
  | Readonly<{ kind: 'term'; text: string; quoted: boolean; position: number }>
  | Readonly<{ kind: 'and' | 'or' | 'open' | 'close'; position: number }>
  | Readonly<{ kind: 'end'; position: number }>;

class ParseFailure extends Error {
  constructor(readonly error: GenericEventExpressionError) {
    super(error.message);
  }
}

const fail = (reason: GenericEventExpressionProblem, position: number, message: string): never => {
  throw new ParseFailure(new GenericEventExpressionError(reason, position, message));
};

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';
const isDelimiter = (c: string): boolean => isSpace(c) || c === '(' || c === ')' || c === '"';

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  // A phrase of bare words is open while no operator, parenthesis or quote has intervened.
  let phrase: { start: number; end: number } | undefined;
  const closePhrase = (): void => {
    if (phrase) {
      tokens.push({
        kind: 'term',
        text: source.slice(phrase.start, phrase.end),
        quoted: false,
        position: phrase.start,
      });
      phrase = undefined;
    }
  };
  while (i < source.length) {
    const c = source.charAt(i);
    if (isSpace(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      closePhrase();
      tokens.push({ kind: c === '(' ? 'open' : 'close', position: i });
      i += 1;
    } else if (c === '"') {
      closePhrase();
      const start = i;
      let text = '';
      i += 1;
      for (;;) {
        const next = source.indexOf('"', i);
        if (next < 0) {
          return fail('UNTERMINATED_QUOTE', start, 'a quoted term has no closing "');
        }
        text += source.slice(i, next);
        if (source.charAt(next + 1) === '"') {
          text += '"';
          i = next + 2;
        } else {
          i = next + 1;
          break;
        }
      }
      if (text.length === 0) {
        fail('EMPTY_TERM', start, 'a quoted term must not be empty');
      }
      tokens.push({ kind: 'term', text, quoted: true, position: start });
    } else {
      const start = i;
      while (i < source.length && !isDelimiter(source.charAt(i))) {
        i += 1;
      }
      const word = source.slice(start, i);
      if (word === 'AND' || word === 'OR') {
        closePhrase();
        tokens.push({ kind: word === 'AND' ? 'and' : 'or', position: start });
      } else if (phrase) {
        phrase.end = i;
      } else {
        phrase = { start, end: i };
      }
    }
  }
  closePhrase();
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
};

const describeToken = (token: Token): string => {
  switch (token.kind) {
    case 'term':
      return `term ${JSON.stringify(token.text)}`;
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'open':
      return '(';
    case 'close':
      return ')';
    case 'end':
      return 'the end of the expression';
  }
};

/** Recursive descent: `or := and (OR and)*`, `and := primary (AND primary)*`, `primary := term | ( or )`. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseExpression(): GenericEventExpressionNode {
    const node = this.parseOr(0);
    const rest = this.peek();
    if (rest.kind === 'close') {
      fail('UNEXPECTED_CLOSING_PARENTHESIS', rest.position, 'this ) has no matching (');
    }
    if (rest.kind !== 'end') {
      fail('EXPECTED_OPERATOR', rest.position, `expected AND or OR before ${describeToken(rest)}`);
    }
    return node;
  }

  private peek(): Token {
    // The token list always ends with 'end', and the parser never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', position: 0 };
  }

  private parseOr(depth: number): GenericEventExpressionNode {
    const operands = [this.parseAnd(depth)];
    while (this.peek().kind === 'or') {
      this.index += 1;
      operands.push(this.parseAnd(depth));
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'or', operands: flatten('or', operands) };
  }

  private parseAnd(depth: number): GenericEventExpressionNode {
    const operands = [this.parsePrimary(depth)];
    while (this.peek().kind === 'and') {
      this.index += 1;
      operands.push(this.parsePrimary(depth));
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'and', operands: flatten('and', operands) };
  }

  private parsePrimary(depth: number): GenericEventExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case 'term': {
        this.index += 1;
        this.rejectAdjacentOperand();
        return { kind: 'term', text: token.text, quoted: token.quoted, position: token.position };
      }
      case 'open': {
        if (depth >= GENERIC_EVENT_EXPRESSION_MAX_DEPTH) {
          fail('TOO_DEEP', token.position, `at most ${GENERIC_EVENT_EXPRESSION_MAX_DEPTH} nested parentheses`);
        }
        this.index += 1;
        const inner = this.parseOr(depth + 1);
        const close = this.peek();
        if (close.kind === 'end') {
          fail('UNCLOSED_PARENTHESIS', token.position, 'this ( has no matching )');
        }
        if (close.kind !== 'close') {
          fail('EXPECTED_OPERATOR', close.position, `expected AND, OR or ) before ${describeToken(close)}`);
        }
        this.index += 1;
        this.rejectAdjacentOperand();
        return inner;
      }
      case 'and':
      case 'or':
      case 'close':
      case 'end':
        return fail('EXPECTED_TERM', token.position, `expected a term or ( but found ${describeToken(token)}`);
    }
  }

  /** A term or group directly followed by another term or group, as in `"A" B` or `(A) (B)`. */
  private rejectAdjacentOperand(): void {
    const next = this.peek();
    if (next.kind === 'term' || next.kind === 'open') {
      fail('EXPECTED_OPERATOR', next.position, `expected AND or OR before ${describeToken(next)}`);
    }
  }
}

/** `A AND (B AND C)` is `A AND B AND C`: nested operands of the same operator are lifted into one n-ary node. */
const flatten = (
  kind: 'and' | 'or',
  operands: readonly GenericEventExpressionNode[],
): readonly GenericEventExpressionNode[] => operands.flatMap((node) => (node.kind === kind ? node.operands : [node]));

/** Parses a Search or Match expression; never throws. */
export const parseGenericEventExpression = (expression: string): GenericEventResult<GenericEventExpressionNode> => {
  try {
    if (expression.length > GENERIC_EVENT_EXPRESSION_MAX_LENGTH) {
      fail(
        'TOO_LONG',
        GENERIC_EVENT_EXPRESSION_MAX_LENGTH,
        `at most ${GENERIC_EVENT_EXPRESSION_MAX_LENGTH} characters`,
      );
    }
    if (expression.trim().length === 0) {
      fail('EMPTY', 0, 'the expression is empty');
    }
    return { ok: true, value: new Parser(tokenize(expression)).parseExpression() };
  } catch (caught) {
    if (caught instanceof ParseFailure) {
      return { ok: false, error: caught.error };
    }
    throw caught;
  }
};

/** Parses a Search or Match expression, throwing `GenericEventExpressionError` when it is invalid. */
export const parseGenericEventExpressionOrThrow = (expression: string): GenericEventExpressionNode => {
  const result = parseGenericEventExpression(expression);
  if (!result.ok) {
    throw result.error;
  }
  return result.value;
};

/** Every term of the expression, left to right. */
export const genericEventExpressionTerms = (node: GenericEventExpressionNode): readonly string[] =>
  node.kind === 'term' ? [node.text] : node.operands.flatMap(genericEventExpressionTerms);

/** The value of the expression when each term's truth is given by `holds` (short-circuit, left to right). */
export const evaluateGenericEventExpression = (
  node: GenericEventExpressionNode,
  holds: (term: string) => boolean,
): boolean => {
  switch (node.kind) {
    case 'term':
      return holds(node.text);
    case 'and':
      return node.operands.every((operand) => evaluateGenericEventExpression(operand, holds));
    case 'or':
      return node.operands.some((operand) => evaluateGenericEventExpression(operand, holds));
  }
};

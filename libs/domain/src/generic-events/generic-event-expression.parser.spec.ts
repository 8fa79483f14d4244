import { isDomainError } from '../shared';
import type { GenericEventExpressionNode } from './generic-event-expression.parser';
import {
  GENERIC_EVENT_EXPRESSION_MAX_DEPTH,
  GENERIC_EVENT_EXPRESSION_MAX_LENGTH,
  genericEventExpressionTerms,
  parseGenericEventExpression,
  parseGenericEventExpressionOrThrow,
} from './generic-event-expression.parser';

/** A compact rendering of the tree: terms as JSON strings, operators as `(and …)` / `(or …)`. */
const show = (node: GenericEventExpressionNode): string =>
  node.kind === 'term' ? JSON.stringify(node.text) : `(${node.kind} ${node.operands.map(show).join(' ')})`;

const parsed = (expression: string): string => show(parseGenericEventExpressionOrThrow(expression));

const failure = (expression: string) => {
  const result = parseGenericEventExpression(expression);
  if (result.ok) {
    throw new Error(`expected ${JSON.stringify(expression)} to be rejected`);
  }
  return { reason: result.error.reason, position: result.error.position, code: result.error.code };
};

describe('parseGenericEventExpression', () => {
  describe('given the three examples of the seed (S2:12733)', () => {
    it('when parsing "(User001 OR Door053) AND Sunday", then the parentheses are evaluated first', () =>
      expect(parsed('(User001 OR Door053) AND Sunday')).toBe('(and (or "User001" "Door053") "Sunday")'));

    it('when parsing "User001 AND Door053 AND Sunday", then the three terms form one AND', () =>
      expect(parsed('User001 AND Door053 AND Sunday')).toBe('(and "User001" "Door053" "Sunday")'));

    it('when parsing quoted terms joined by OR, then the quotes are not part of the terms', () =>
      expect(parsed('"User001" OR "Door053" OR "Sunday"')).toBe('(or "User001" "Door053" "Sunday")'));
  });

  describe('given operators without parentheses', () => {
    it('when AND and OR are mixed, then AND binds tighter than OR', () => {
      expect(parsed('A OR B AND C')).toBe('(or "A" (and "B" "C"))');
      expect(parsed('A AND B OR C')).toBe('(or (and "A" "B") "C")');
    });

    it('when parentheses regroup, then they override the precedence', () =>
      expect(parsed('A AND (B OR C)')).toBe('(and "A" (or "B" "C"))'));

    it('when the same operator nests, then the operands are flattened', () =>
      expect(parsed('A AND (B AND (C AND D))')).toBe('(and "A" "B" "C" "D")'));

    it('when a whole expression is parenthesised, then the parentheses vanish', () =>
      expect(parsed('((A))')).toBe('"A"'));
  });

  describe('given the case of operator words', () => {
    it.each(['and', 'And', 'or', 'Or', 'oR'])(
      'when %p is written, then it is part of a term, not an operator',
      (word) => expect(parsed(`Door ${word} Window`)).toBe(JSON.stringify(`Door ${word} Window`)),
    );

    it('when AND or OR are only part of a word, then the word is a term', () =>
      expect(parsed('ANDROID OR ORDER')).toBe('(or "ANDROID" "ORDER")'));

    it('when an operator touches parentheses without spaces, then it is still an operator', () =>
      expect(parsed('(A)AND(B)')).toBe('(and "A" "B")'));
  });

  describe('given spaces', () => {
    it('when bare words follow each other, then they form one term with the inner spacing kept verbatim', () =>
      expect(parsed('Door  opened\tnow AND x')).toBe('(and "Door  opened\\tnow" "x")'));

    it('when spaces surround terms, operators and parentheses, then they are ignored', () =>
      expect(parsed('  (  A   OR  B )  AND  C  ')).toBe('(and (or "A" "B") "C")'));

    it('when the expression has line breaks, then they separate like spaces', () =>
      expect(parsed('A\r\nAND\nB')).toBe('(and "A" "B")'));
  });

  describe('given quoted terms', () => {
    it('when a quoted term holds spaces, operators and parentheses, then they are literal', () =>
      expect(parsed('"Door 53 (AND) OR" AND x')).toBe('(and "Door 53 (AND) OR" "x")'));

    it('when a quoted term holds leading and trailing spaces, then they are kept', () =>
      expect(parsed('" A "')).toBe('" A "'));

    it('when a quoted term holds "", then that is one literal quote', () =>
      expect(parsed('"say ""hi"""')).toBe(JSON.stringify('say "hi"')));

    it('when a term holds the special characters the seed mentions (S2:10886), then they are literal', () =>
      expect(parsed('@door#1+2~ OR a.b*c')).toBe('(or "@door#1+2~" "a.b*c")'));

    it('when a quoted and a bare term are parsed, then the tree records which was quoted and where it starts', () =>
      expect(parseGenericEventExpressionOrThrow('"A" OR B')).toEqual({
        kind: 'or',
        operands: [
          { kind: 'term', text: 'A', quoted: true, position: 0 },
          { kind: 'term', text: 'B', quoted: false, position: 7 },
        ],
      }));
  });

  describe('given an invalid expression', () => {
    it.each([
      ['', 'EMPTY', 0],
      ['   ', 'EMPTY', 0],
      ['AND', 'EXPECTED_TERM', 0],
      ['A AND', 'EXPECTED_TERM', 5],
      ['A OR OR B', 'EXPECTED_TERM', 5],
      ['OR A', 'EXPECTED_TERM', 0],
      ['()', 'EXPECTED_TERM', 1],
      ['(A', 'UNCLOSED_PARENTHESIS', 0],
      ['A)', 'UNEXPECTED_CLOSING_PARENTHESIS', 1],
      ['(A OR B))', 'UNEXPECTED_CLOSING_PARENTHESIS', 8],
      ['"A', 'UNTERMINATED_QUOTE', 0],
      ['A AND "B', 'UNTERMINATED_QUOTE', 6],
      ['""', 'EMPTY_TERM', 0],
      ['"A" B', 'EXPECTED_OPERATOR', 4],
      ['A "B"', 'EXPECTED_OPERATOR', 2],
      ['(A) (B)', 'EXPECTED_OPERATOR', 4],
      ['A (B)', 'EXPECTED_OPERATOR', 2],
      ['(A B" C")', 'EXPECTED_OPERATOR', 4],
    ])('when parsing %p, then it is rejected with %s at %p', (expression, reason, position) =>
      expect(failure(expression)).toEqual({ reason, position, code: 'GENERIC_EVENT_EXPRESSION_INVALID' }),
    );

    it('when the OrThrow variant meets it, then it throws the DomainError', () => {
      let thrown: unknown;
      try {
        parseGenericEventExpressionOrThrow('A AND');
      } catch (error) {
        thrown = error;
      }
      expect(isDomainError(thrown)).toBe(true);
      expect(thrown).toMatchObject({
        code: 'GENERIC_EVENT_EXPRESSION_INVALID',
        reason: 'EXPECTED_TERM',
        position: 5,
        details: { reason: 'EXPECTED_TERM', position: 5 },
      });
    });
  });

  describe('given pathological input', () => {
    it('when the expression is at the length limit, then it is accepted', () =>
      expect(parseGenericEventExpression('x'.repeat(GENERIC_EVENT_EXPRESSION_MAX_LENGTH)).ok).toBe(true));

    it('when the expression is one character over the limit, then it is rejected as TOO_LONG', () =>
      expect(failure('x'.repeat(GENERIC_EVENT_EXPRESSION_MAX_LENGTH + 1)).reason).toBe('TOO_LONG'));

    it('when parentheses nest to the depth limit, then it is accepted', () => {
      const depth = GENERIC_EVENT_EXPRESSION_MAX_DEPTH;
      expect(parsed(`${'('.repeat(depth)}A${')'.repeat(depth)}`)).toBe('"A"');
    });

    it('when parentheses nest one deeper, then it is rejected as TOO_DEEP at the offending parenthesis', () => {
      const depth = GENERIC_EVENT_EXPRESSION_MAX_DEPTH + 1;
      expect(failure(`${'('.repeat(depth)}A${')'.repeat(depth)}`)).toMatchObject({
        reason: 'TOO_DEEP',
        position: GENERIC_EVENT_EXPRESSION_MAX_DEPTH,
      });
    });

    it('when 500 parentheses open within the length limit, then it fails fast without a stack overflow', () =>
      expect(failure('('.repeat(500)).reason).toBe('TOO_DEEP'));

    it('when a long flat chain of operators is parsed, then it becomes one n-ary node', () => {
      const terms = Array.from({ length: 120 }, (_, i) => `t${i}`);
      expect(genericEventExpressionTerms(parseGenericEventExpressionOrThrow(terms.join(' OR ')))).toEqual(terms);
    });
  });
});

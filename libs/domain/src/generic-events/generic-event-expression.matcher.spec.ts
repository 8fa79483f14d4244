import type { GenericEventExpressionType } from './generic-event-expression.matcher';
import {
  GENERIC_EVENT_REGEX_MAX_LENGTH,
  compileGenericEventExpression,
  compileGenericEventExpressionOrThrow,
  escapeRegularExpression,
  isMatchExpressionSatisfiable,
  translateToRegularExpression,
} from './generic-event-expression.matcher';
import {
  GENERIC_EVENT_EXPRESSION_MAX_LENGTH,
  parseGenericEventExpressionOrThrow,
} from './generic-event-expression.parser';

const matcher = (expression: string, type: GenericEventExpressionType) =>
  compileGenericEventExpressionOrThrow(expression, type);

const rejection = (expression: string, type: GenericEventExpressionType) => {
  const result = compileGenericEventExpression(expression, type);
  if (result.ok) {
    throw new Error(`expected ${JSON.stringify(expression)} to be rejected`);
  }
  return result.error;
};

const translated = (expression: string, fromType: 'search' | 'match'): string => {
  const result = translateToRegularExpression(expression, fromType);
  if (!result.ok) {
    throw result.error;
  }
  return result.value;
};

describe('compileGenericEventExpression', () => {
  describe("given type 'search' (S2:12737: must contain the text, may have more)", () => {
    it('when the packet contains the required terms and more, then it fires (the seed example)', () =>
      expect(matcher('User001 AND Door053', 'search')('User001 Door053 Sunday')).toBe(true));

    it('when one AND term is missing, then it does not fire', () =>
      expect(matcher('User001 AND Door053 AND Sunday', 'search')('User001 Door053')).toBe(false));

    it.each([
      ['User001 at Door099 on Sunday', true],
      ['Door053 on Sunday', true],
      ['User001 at Door053 on Monday', false],
      ['Sunday', false],
    ])('when "(User001 OR Door053) AND Sunday" sees %p, then it fires: %p', (packet, fires) =>
      expect(matcher('(User001 OR Door053) AND Sunday', 'search')(packet)).toBe(fires),
    );

    it('when a term is found inside a longer word, then it counts as contained', () =>
      expect(matcher('Door', 'search')('BackDoor53')).toBe(true));

    it('when the case differs, then it does not fire (case-sensitive)', () =>
      expect(matcher('door053', 'search')('Door053')).toBe(false));

    it('when a phrase term is searched, then it must appear with the same spacing', () => {
      const fires = matcher('Door opened', 'search');
      expect(fires('alarm: Door opened!')).toBe(true);
      expect(fires('alarm: Door  opened!')).toBe(false);
    });

    it('when a term holds regex metacharacters, then they are plain text', () => {
      expect(matcher('a.b*', 'search')('xa.b*y')).toBe(true);
      expect(matcher('a.b*', 'search')('axbbb')).toBe(false);
    });
  });

  describe("given type 'match' (S2:12737: exactly the text and nothing else)", () => {
    it('when the packet is exactly the expression, then it fires', () =>
      expect(matcher('Door053 opened', 'match')('Door053 opened')).toBe(true));

    it.each(['Door053 opened ', ' Door053 opened', 'Door053 opened\r\n', 'Door053', 'door053 opened'])(
      'when the packet is %p, then it does not fire',
      (packet) => expect(matcher('Door053 opened', 'match')(packet)).toBe(false),
    );

    it('when OR lists alternatives, then a packet equal to any one fires', () => {
      const fires = matcher('"User001" OR "Door053" OR "Sunday"', 'match');
      expect(fires('Door053')).toBe(true);
      expect(fires('Door053 Sunday')).toBe(false);
    });

    it('when AND joins two different terms, then nothing fires', () =>
      expect(matcher('A AND B', 'match')('A')).toBe(false));
  });

  describe("given type 'regex' (S2:12737: the pattern must identify patterns in the packet)", () => {
    it('when the pattern occurs anywhere, then it fires', () =>
      expect(matcher('Door\\d{3}', 'regex')('alarm at Door053 now')).toBe(true));

    it('when the pattern anchors itself, then the anchors hold', () => {
      expect(matcher('^Door\\d+$', 'regex')('Door053')).toBe(true);
      expect(matcher('^Door\\d+$', 'regex')('Door053 now')).toBe(false);
    });

    it('when called many times, then the result does not depend on earlier packets', () => {
      const fires = matcher('Door', 'regex');
      expect([fires('Door'), fires('Door'), fires('x'), fires('Door')]).toEqual([true, true, false, true]);
    });

    it('when the pattern is invalid, then it is rejected as REGEX_INVALID', () =>
      expect(rejection('Door(', 'regex')).toMatchObject({
        code: 'GENERIC_EVENT_EXPRESSION_INVALID',
        reason: 'REGEX_INVALID',
      }));

    it('when the pattern is empty, then it is rejected as EMPTY', () =>
      expect(rejection('', 'regex').reason).toBe('EMPTY'));

    it('when the pattern is over the length limit, then it is rejected as TOO_LONG', () =>
      expect(rejection('a'.repeat(GENERIC_EVENT_REGEX_MAX_LENGTH + 1), 'regex').reason).toBe('TOO_LONG'));

    it.each([
      ['(a+)+$', 0],
      ['x(a*)*', 1],
      ['(?:a|b+){2,}', 0],
      ['((ab)+c)*', 0],
      ['(?<word>\\w+)+', 0],
    ])('when %p repeats a group holding a repetition, then it is rejected at %p', (pattern, position) =>
      expect(rejection(pattern, 'regex')).toMatchObject({ reason: 'REGEX_NESTED_QUANTIFIER', position }),
    );

    it.each(['(ab)+', '(a+)?', '(a+){2}', '[(a+)+]', '\\(a+\\)+', '(?=[\\s\\S]*?x)(?=[\\s\\S]*?y)', 'a+b*c+'])(
      'when %p has no nested unbounded repetition, then it compiles',
      (pattern) => expect(compileGenericEventExpression(pattern, 'regex').ok).toBe(true),
    );
  });

  describe('given an invalid Search or Match expression', () => {
    it.each(['search', 'match'] as const)('when compiled as %s, then the parser error is returned', (type) =>
      expect(rejection('A AND', type)).toMatchObject({ reason: 'EXPECTED_TERM', position: 5 }),
    );
  });
});

describe('isMatchExpressionSatisfiable', () => {
  it.each([
    ['A', true],
    ['A OR B', true],
    ['A AND B', false],
    ['A AND A', true],
    ['A AND (A OR B)', true],
    ['(A AND B) OR C', true],
    ['(A AND B) OR (C AND D)', false],
  ])('given the Match expression %p, when checked, then satisfiable is %p', (expression, satisfiable) =>
    expect(isMatchExpressionSatisfiable(parseGenericEventExpressionOrThrow(expression))).toBe(satisfiable),
  );
});

describe('escapeRegularExpression', () => {
  it('given every metacharacter, when escaped, then the regex matches the text literally', () => {
    const text = '\\^$.*+?()[]{}|/-@#~';
    expect(new RegExp(`^${escapeRegularExpression(text)}$`).test(text)).toBe(true);
  });
});

describe('translateToRegularExpression (S2:12737: switching to Regular expression translates the expression)', () => {
  describe('given simple expressions', () => {
    it.each([
      ['User001', 'search', 'User001'],
      ['User001 OR Door053 OR Sunday', 'search', 'User001|Door053|Sunday'],
      ['"User001" OR "Door053" OR "Sunday"', 'search', 'User001|Door053|Sunday'],
      ['User001 AND Door053', 'search', '^(?=[\\s\\S]*?User001)(?=[\\s\\S]*?Door053)'],
      ['(User001 OR Door053) AND Sunday', 'search', '^(?=[\\s\\S]*?(?:User001|Door053))(?=[\\s\\S]*?Sunday)'],
      ['a.b+c', 'search', 'a\\.b\\+c'],
      ['User001', 'match', '^User001$'],
      ['User001 OR Door053', 'match', '^(?:User001|Door053)$'],
      ['A AND B', 'match', '^(?=A$)(?=B$)'],
    ] as const)('when translating %p from %s, then the result is %p', (expression, fromType, regex) =>
      expect(translated(expression, fromType)).toBe(regex),
    );

    it('when the expression is invalid, then the parser error is returned', () => {
      const result = translateToRegularExpression('(A', 'search');
      expect(result.ok ? undefined : result.error.reason).toBe('UNCLOSED_PARENTHESIS');
    });
  });

  describe('given a table of expressions and packets', () => {
    const expressions = [
      'User001',
      'User001 OR Door053',
      'User001 AND Door053 AND Sunday',
      '(User001 OR Door053) AND Sunday',
      'A OR B AND C',
      '(A OR B) AND (C OR D)',
      '(A AND B) OR (C AND D)',
      'A AND (B OR (C AND D))',
      '"Door 53" AND "(open)"',
      'a.b*c OR [x] OR $1 OR ^up OR a|b OR \\n OR {2} OR x?y+',
      '"say ""hi""" OR @door#1+2~',
      'Door opened',
      'A AND A',
      'A AND B',
    ];
    const packets = [
      '',
      'User001',
      'Door053',
      'Sunday',
      'User001 Door053 Sunday',
      'Door053 on Sunday',
      'User001Sunday',
      'A',
      'B',
      'AB',
      'A B C',
      'BC',
      'CD',
      'BD',
      'AC',
      'Door 53 (open)',
      'Door 53\r\n(open)',
      '(open) Door 53',
      'a.b*c',
      'axb*c',
      'abbbc',
      '[x]',
      'x',
      '$1',
      '^up',
      'a|b',
      'ab',
      '\\n',
      '\n',
      '{2}',
      'x?y+',
      'xyy',
      'say "hi"',
      '@door#1+2~',
      'Door opened',
      'Door  opened',
      'line1\nUser001\nSunday',
    ];
    const cases = expressions.flatMap((expression) =>
      (['search', 'match'] as const).map((fromType) => [expression, fromType] as const),
    );

    it.each(cases)('when %p is translated from %s, then the regex fires on exactly the same packets', (expr, type) => {
      const original = matcher(expr, type);
      const regex = matcher(translated(expr, type), 'regex');
      const disagreements = packets.filter((packet) => original(packet) !== regex(packet));
      expect(disagreements).toEqual([]);
    });

    it('when the table runs, then it has packets that fire and packets that do not, for both types', () => {
      for (const type of ['search', 'match'] as const) {
        const outcomes = new Set(expressions.flatMap((expr) => packets.map((packet) => matcher(expr, type)(packet))));
        expect(outcomes).toEqual(new Set([true, false]));
      }
    });
  });

  describe('given random expressions over a small alphabet (deterministic seed)', () => {
    // A linear congruential generator: reproducible without a library.
    let state = 20250101;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const words = ['a', 'b', 'ab', 'a.', 'b+', '(a)', 'a b'];
    const term = (): string => {
      const word = words[random(words.length)] ?? 'a';
      return /[ ()]/.test(word) ? `"${word}"` : word;
    };
    const expression = (depth: number): string => {
      if (depth === 0 || random(3) === 0) {
        return term();
      }
      const operator = random(2) === 0 ? ' AND ' : ' OR ';
      return `(${expression(depth - 1)}${operator}${expression(depth - 1)})`;
    };
    const packet = (): string =>
      Array.from({ length: random(5) }, () => ['a', 'b', '.', '+', '(', ')', ' ', 'x'][random(8)] ?? '').join('');

    it('when 300 expressions are each checked on 40 packets, then original and translation always agree', () => {
      const disagreements: string[] = [];
      for (let i = 0; i < 300; i += 1) {
        const expr = expression(3);
        for (const type of ['search', 'match'] as const) {
          const original = matcher(expr, type);
          const regex = matcher(translated(expr, type), 'regex');
          for (let j = 0; j < 40; j += 1) {
            const candidates = [packet(), ...words, words.join('')];
            for (const p of candidates) {
              if (original(p) !== regex(p)) {
                disagreements.push(`${type} ${expr} on ${JSON.stringify(p)}`);
              }
            }
          }
        }
      }
      expect(disagreements).toEqual([]);
    });
  });

  describe('given the longest valid expression', () => {
    it('when a 1000-character AND chain of quoted metacharacters is translated, then it stays compilable', () => {
      const parts: string[] = [];
      while ([...parts, '"(."'].join(' AND ').length <= GENERIC_EVENT_EXPRESSION_MAX_LENGTH) {
        parts.push('"(."');
      }
      const result = translateToRegularExpression(parts.join(' AND '), 'search');
      expect(result.ok).toBe(true);
    });
  });
});

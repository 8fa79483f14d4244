import type { GenericEventDefinition } from './generic-event-definition';
import {
  GENERIC_EVENT_ENABLED_BY_DEFAULT,
  GENERIC_EVENT_PRIORITY_HIGHEST,
  GENERIC_EVENT_PRIORITY_LOWEST,
  compileGenericEventDefinitions,
  genericEventDefinitionProblems,
  matchGenericEvents,
} from './generic-event-definition';

const anEvent = (overrides: Partial<GenericEventDefinition> & Pick<GenericEventDefinition, 'id'>) =>
  ({
    name: `Event ${overrides.id}`,
    enabled: true,
    expression: 'Door053',
    expressionType: 'search',
    priority: 999,
    ...overrides,
  }) satisfies GenericEventDefinition;

const codes = (problems: readonly string[]) => problems.map((problem) => problem.split(':')[0]);

const fired = (definitions: readonly GenericEventDefinition[], packet: string, dataSourceId = 'international') =>
  matchGenericEvents(compileGenericEventDefinitions(definitions).compiled, packet, dataSourceId).map((d) => d.id);

describe('genericEventDefinitionProblems', () => {
  it('given the seed defaults (S2:12732, S2:12738), when read, then enabled and the range 0..999999 hold', () => {
    expect(GENERIC_EVENT_ENABLED_BY_DEFAULT).toBe(true);
    expect([GENERIC_EVENT_PRIORITY_HIGHEST, GENERIC_EVENT_PRIORITY_LOWEST]).toEqual([0, 999_999]);
  });

  it('given a valid definition, when checked, then there are no problems', () =>
    expect(genericEventDefinitionProblems(anEvent({ id: 'e1', dataSourceIds: ['compatible'] }))).toEqual([]));

  it.each([0, 999_999])('given priority %p (a bound of S2:12738), when checked, then it is accepted', (priority) =>
    expect(genericEventDefinitionProblems(anEvent({ id: 'e1', priority }))).toEqual([]),
  );

  it.each([-1, 1_000_000, 1.5, Number.NaN])('given priority %p, when checked, then it is rejected', (priority) =>
    expect(codes(genericEventDefinitionProblems(anEvent({ id: 'e1', priority })))).toEqual([
      'GENERIC_EVENT_PRIORITY_INVALID',
    ]),
  );

  it('given an invalid expression, when checked, then the parser reason and position are reported', () => {
    const problems = genericEventDefinitionProblems(anEvent({ id: 'e1', expression: 'A AND' }));
    expect(problems).toEqual([expect.stringMatching(/^GENERIC_EVENT_EXPRESSION_INVALID: EXPECTED_TERM at 5/)]);
  });

  it('given an invalid regex, when checked, then it is reported', () =>
    expect(
      codes(genericEventDefinitionProblems(anEvent({ id: 'e1', expression: '(', expressionType: 'regex' }))),
    ).toEqual(['GENERIC_EVENT_EXPRESSION_INVALID']));

  it('given a Match expression that can never fire, when checked, then it is reported', () =>
    expect(
      codes(genericEventDefinitionProblems(anEvent({ id: 'e1', expression: 'A AND B', expressionType: 'match' }))),
    ).toEqual(['GENERIC_EVENT_EXPRESSION_UNSATISFIABLE']));

  it('given the same expression as Search, when checked, then it is fine', () =>
    expect(genericEventDefinitionProblems(anEvent({ id: 'e1', expression: 'A AND B' }))).toEqual([]));

  it('given blank id and name, an unknown type and an empty data-source list, when checked, then all are reported', () =>
    expect(
      codes(
        genericEventDefinitionProblems({
          ...anEvent({ id: ' ', name: '' }),
          expressionType: 'fuzzy' as never,
          dataSourceIds: [],
        }),
      ),
    ).toEqual([
      'GENERIC_EVENT_ID_INVALID',
      'GENERIC_EVENT_NAME_INVALID',
      'GENERIC_EVENT_EXPRESSION_TYPE_INVALID',
      'GENERIC_EVENT_DATA_SOURCES_INVALID',
    ]));
});

describe('compileGenericEventDefinitions', () => {
  it('given enabled, disabled and invalid definitions, when compiled, then only valid enabled ones are kept', () => {
    const { compiled, rejected } = compileGenericEventDefinitions([
      anEvent({ id: 'ok' }),
      anEvent({ id: 'off', enabled: false, expression: 'A AND' }),
      anEvent({ id: 'bad', expression: '(' }),
    ]);
    expect(compiled.levels.flatMap((level) => level.events.map((event) => event.definition.id))).toEqual(['ok']);
    expect(rejected.map((entry) => [entry.definition.id, codes(entry.problems)])).toEqual([
      ['bad', ['GENERIC_EVENT_EXPRESSION_INVALID']],
    ]);
  });

  it('given mixed priorities, when compiled, then levels are ordered from 0 (highest) upwards', () => {
    const { compiled } = compileGenericEventDefinitions([
      anEvent({ id: 'a', priority: 500 }),
      anEvent({ id: 'b', priority: 0 }),
      anEvent({ id: 'c', priority: 999_999 }),
      anEvent({ id: 'd', priority: 500 }),
    ]);
    expect(compiled.levels.map((level) => [level.priority, level.events.map((e) => e.definition.id)])).toEqual([
      [0, ['b']],
      [500, ['a', 'd']],
      [999_999, ['c']],
    ]);
  });
});

describe('matchGenericEvents (S2:12738)', () => {
  it('given two matching events, when a packet arrives, then only the one with the lower number (0 = highest) fires', () =>
    expect(fired([anEvent({ id: 'low', priority: 10 }), anEvent({ id: 'high', priority: 5 })], 'Door053')).toEqual([
      'high',
    ]));

  it('given two matching events at the same priority (the seed: two at 999), when a packet arrives, then both fire', () =>
    expect(
      fired(
        [
          anEvent({ id: 'x', priority: 999 }),
          anEvent({ id: 'y', priority: 999 }),
          anEvent({ id: 'z', priority: 1000 }),
        ],
        'Door053',
      ),
    ).toEqual(['x', 'y']));

  it('given the best-priority event does not match, when a packet arrives, then the next level with a match fires', () =>
    expect(
      fired(
        [anEvent({ id: 'best', priority: 0, expression: 'Window' }), anEvent({ id: 'next', priority: 7 })],
        'Door053',
      ),
    ).toEqual(['next']));

  it('given nothing matches, when a packet arrives, then nothing fires', () =>
    expect(fired([anEvent({ id: 'a' })], 'Window')).toEqual([]));

  it('given an event bound to another data source, when a packet arrives here, then it is ignored', () =>
    expect(
      fired(
        [anEvent({ id: 'elsewhere', priority: 0, dataSourceIds: ['compatible'] }), anEvent({ id: 'any', priority: 9 })],
        'Door053',
        'international',
      ),
    ).toEqual(['any']));

  it('given an event bound to this data source, when a packet arrives here, then it fires', () =>
    expect(fired([anEvent({ id: 'here', dataSourceIds: ['compatible', 'international'] })], 'Door053')).toEqual([
      'here',
    ]));

  it('given a disabled event at the best priority, when a packet arrives, then it neither fires nor hides others', () =>
    expect(
      fired([anEvent({ id: 'off', priority: 0, enabled: false }), anEvent({ id: 'on', priority: 1 })], 'Door053'),
    ).toEqual(['on']));

  it('given the three expression types, when packets arrive, then each uses its own semantics', () => {
    const definitions = [
      anEvent({ id: 'search', expression: 'Door053' }),
      anEvent({ id: 'match', expression: 'Door053', expressionType: 'match' }),
      anEvent({ id: 'regex', expression: 'Door0\\d\\d$', expressionType: 'regex' }),
    ];
    expect(fired(definitions, 'Door053')).toEqual(['search', 'match', 'regex']);
    expect(fired(definitions, 'Door053 opened')).toEqual(['search']);
    expect(fired(definitions, 'BackDoor053')).toEqual(['search', 'regex']);
  });

  it('given 5000 definitions over 1000 priorities, when 2000 packets are matched, then it stays fast and correct', () => {
    // Fixed-width numbers, so that no term is contained in another (Search is substring containment).
    const n = (i: number) => String(i).padStart(4, '0');
    const definitions = Array.from({ length: 5000 }, (_, i) =>
      anEvent({ id: `e${i}`, priority: i % 1000, expression: `(User${n(i)} OR Badge${n(i)}) AND Door` }),
    );
    const compiled = compileGenericEventDefinitions(definitions).compiled;
    const started = performance.now();
    let fires = 0;
    for (let i = 0; i < 2000; i += 1) {
      fires += matchGenericEvents(compiled, `User${n(i)} at Door 7`, 'compatible').length;
    }
    const elapsed = performance.now() - started;
    expect(fires).toBe(2000);
    expect(matchGenericEvents(compiled, 'Badge1500 Door', 'x').map((d) => d.id)).toEqual(['e1500']);
    // A generous bound: the point is to catch an accidental recompilation per packet, not to benchmark.
    expect(elapsed).toBeLessThan(5000);
  });
});

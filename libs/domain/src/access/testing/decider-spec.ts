import type { AccessDecider } from '../access.types';

/** The error a decision threw, or a failure when it threw nothing. */
const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  throw new Error('expected the decision to throw, but it returned');
};

/** given(history).when(command).then(events) | .thenThrows(code) (STYLE.md sketch 4). Test-only: uses jest. */
export const deciderSpec =
  <S, C, E>(decider: AccessDecider<S, C, E>) =>
  (history: readonly E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly E[]) => expect(run()).toEqual(expected),
        thenThrows: (code: string) => expect(thrownBy(run)).toMatchObject({ code }),
      };
    },
  });

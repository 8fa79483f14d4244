/**
 * Shapes shared by the access area. They match the project-wide event and decider shapes (STYLE.md sections 4
 * and 5) structurally, so that the access deciders plug into the generic command handler once it exists.
 */

/** A fact, as stored: `type` is the persisted event type, `data` is plain JSON. */
export type AccessDomainEvent<TType extends string, TData extends object> = Readonly<{
  type: TType;
  data: Readonly<TData>;
}>;

/** An intention: imperative `type`, plain data, time (`now`) inside. */
export type AccessCommand<TType extends string, TData extends object> = Readonly<{
  type: TType;
  data: Readonly<TData>;
}>;

export type AccessDecider<S, C, E> = Readonly<{
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}>;

/** Milliseconds since the Unix epoch (UTC). The domain never reads a clock: time arrives inside commands. */
export type EpochMs = number;

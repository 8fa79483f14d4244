/**
 * A position in the global order of all events. It has two parts, like EventStoreDB's own position:
 * - PostgreSQL: `commit` is the writing transaction's id (xid8) and `prepare` the row's sequence number; ordering by
 *   the pair, and reading only transactions older than every running one, is what makes the order safe under
 *   concurrent writers (see the PostgreSQL adapter).
 * - EventStoreDB: the commit and prepare positions of its transaction log.
 * - In memory: both parts are the same counter.
 * Treat it as opaque outside the adapters: compare it with `comparePositions`, store it with `formatPosition`.
 */
export type GlobalPosition = Readonly<{ commit: bigint; prepare: bigint }>;

export const comparePositions = (a: GlobalPosition, b: GlobalPosition): -1 | 0 | 1 => {
  if (a.commit !== b.commit) {
    return a.commit < b.commit ? -1 : 1;
  }
  if (a.prepare !== b.prepare) {
    return a.prepare < b.prepare ? -1 : 1;
  }
  return 0;
};

export const isAfter = (a: GlobalPosition, b: GlobalPosition): boolean => comparePositions(a, b) > 0;

/** `commit/prepare` in decimal: the text form used in checkpoints, URLs and WebSocket resume tokens. */
export const formatPosition = (position: GlobalPosition): string => `${position.commit}/${position.prepare}`;

const POSITION_TEXT = /^(\d{1,20})\/(\d{1,20})$/;

/** Parses the text form; `undefined` when the text is not a position (the caller decides how to report it). */
export const parsePosition = (text: string): GlobalPosition | undefined => {
  const match = POSITION_TEXT.exec(text);
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
};

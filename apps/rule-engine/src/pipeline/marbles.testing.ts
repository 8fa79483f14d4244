/**
 * Builds a marble string from (frame, value key) pairs, for schedules measured in hours: `at(0, 'a', 7 * HOUR, 'b')`
 * gives `a 25199999ms b`. Each value takes one frame, as in RxJS marble syntax.
 */
export const HOUR = 3_600_000;

export const marblesAt = (...entries: readonly (readonly [number, string])[]): string => {
  let text = '';
  let frame = 0;
  for (const [at, key] of entries) {
    const gap = at - frame;
    if (gap < 0) {
      throw new Error(`marblesAt: ${key} at ${at} overlaps the previous value`);
    }
    text += `${gap > 0 ? `${gap}ms ` : ''}${key} `;
    frame = at + 1;
  }
  return text.trimEnd();
};

/** An unsubscription marble at `at`. */
export const unsubscribeAt = (at: number): string => `^ ${at - 1}ms !`;

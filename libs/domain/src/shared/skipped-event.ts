import type { StoredEvent } from '../event-store/event-store.port';

/** An event a consumer could not decide (malformed data the checks missed), with why. */
export type SkippedEvent = Readonly<{ eventId: string; type: string; reason: string }>;

/**
 * Decides each event of a batch in order; one that throws is skipped and reported, so that a single bad event never
 * stops an engine.
 */
export const decideEach = (batch: readonly StoredEvent[], decideOne: (event: StoredEvent) => void): SkippedEvent[] => {
  const skipped: SkippedEvent[] = [];
  for (const stored of batch) {
    try {
      decideOne(stored);
    } catch (error) {
      skipped.push({
        eventId: stored.id,
        type: stored.type,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return skipped;
};

import {
  decideBatch,
  type BatchDecision,
  type EngineSettings,
  type EngineSnapshot,
  type StoredEvent,
} from '@vigil/domain';
import { map, scan, type OperatorFunction } from 'rxjs';

/**
 * Batches of the global order in, exactly one decision per batch out, in order: each batch is decided against the
 * snapshot the previous one left (catalog changes apply to the events after them). Pure: no I/O, no clock.
 */
export const ruleDecisions =
  (initial: EngineSnapshot, settings: EngineSettings): OperatorFunction<readonly StoredEvent[], BatchDecision> =>
  (batches$) =>
    batches$.pipe(
      scan<readonly StoredEvent[], BatchDecision | undefined>(
        (previous, batch) => decideBatch(previous?.snapshot ?? initial, batch, settings),
        undefined,
      ),
      map((decision) => decision as BatchDecision),
    );

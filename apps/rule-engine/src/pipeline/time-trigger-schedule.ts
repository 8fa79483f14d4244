import { nextTimeTrigger, type RuleCatalog, type TimeTriggerDue } from '@vigil/domain';
import {
  asyncScheduler,
  EMPTY,
  expand,
  merge,
  switchMap,
  timer,
  map,
  of,
  type Observable,
  type SchedulerLike,
} from 'rxjs';

/** The next due trigger of every time-based rule of a catalog, after `now`. */
const dueAfter = (catalog: RuleCatalog, now: number): TimeTriggerDue[] =>
  [...catalog.rules.values()].flatMap(({ rule, version }) => {
    const due = nextTimeTrigger(rule, version, catalog.timeProfiles, now);
    return due === undefined ? [] : [due];
  });

/**
 * What to schedule for the time-based rules: for the latest catalog, each rule's next trigger as soon as it is
 * known, then - when that instant comes - the one after it, and so on; a new catalog restarts from "now". Each
 * emission becomes a delayed BullMQ job (the durable timer); the RxJS timer here only decides when to look further
 * ahead, which a restart rebuilds from the catalog. `epochOffsetMs` maps the scheduler's clock to epoch ms (0 for
 * the real clock; virtual-time tests start at a chosen instant).
 */
export const timeTriggerSchedule = (
  catalogs$: Observable<RuleCatalog>,
  scheduler: SchedulerLike = asyncScheduler,
  epochOffsetMs = 0,
): Observable<TimeTriggerDue> => {
  const now = (): number => epochOffsetMs + scheduler.now();
  return catalogs$.pipe(
    switchMap((catalog) =>
      merge(
        ...dueAfter(catalog, now()).map((first) =>
          of(first).pipe(
            expand((due) => {
              const versioned = catalog.rules.get(due.ruleId);
              return versioned === undefined
                ? EMPTY
                : timer(Math.max(0, due.dueAt - now()), scheduler).pipe(
                    map(() => nextTimeTrigger(versioned.rule, versioned.version, catalog.timeProfiles, due.dueAt)),
                    switchMap((next) => (next === undefined ? EMPTY : of(next))),
                  );
            }),
          ),
        ),
      ),
    ),
  );
};

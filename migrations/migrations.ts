import { CreateEventStore1763800000000 } from './1763800000000-CreateEventStore';

/** Every migration, in order. Listed explicitly so the same list works compiled (dist/) and under jest. */
export const MIGRATIONS = [CreateEventStore1763800000000];

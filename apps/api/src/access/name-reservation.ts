import { randomUUID } from 'node:crypto';
import type { EventStore } from '@vigil/domain';

/** persisted: the stream prefix is the kind followed by `-`; event type `NameReserved`. */
export type ReservedNameKind =
  | 'username'
  | 'rolename'
  | 'timeprofilename'
  | 'userdefinedeventname'
  | 'genericeventname'
  | 'webhookname'
  | 'notificationprofilename';

/**
 * Claims a name (case-insensitive) before the user or role is created: the stream can be started only once, so two
 * never share a name, and a read model never has to refuse an event. Throws WrongExpectedRevisionError when taken.
 * A name stays reserved after its owner is deleted or renamed.
 */
export const reserveName = async (
  store: EventStore,
  kind: ReservedNameKind,
  name: string,
  ownerId: string,
): Promise<void> => {
  await store.append(
    `${kind}-${name.trim().toLowerCase()}`,
    [{ id: randomUUID(), type: 'NameReserved', data: { kind, name, ownerId } }],
    'no_stream',
  );
};

import { randomUUID } from 'node:crypto';
import type { EventStore } from '@vigil/domain';

/** persisted: the prefix and the event type name. */
const userNameStream = (userName: string): string => `username-${userName.toLowerCase()}`;

/**
 * Claims a user name before the user is created: the stream can be started only once, so two users never share a
 * name (a read model must not be the one to refuse). Throws WrongExpectedRevisionError when the name is taken.
 */
export const reserveUserName = async (store: EventStore, userName: string, userId: string): Promise<void> => {
  await store.append(
    userNameStream(userName),
    [{ id: randomUUID(), type: 'UserNameReserved', data: { userName, userId } }],
    'no_stream',
  );
};

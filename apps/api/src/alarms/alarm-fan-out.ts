import { createHash } from 'node:crypto';
import { alarmVisibilityKey, alarmVisibleIn, type AlarmFeedMessage, type AlarmVisibility } from '@vigil/domain';
import type { Namespace, Socket } from 'socket.io';
import type { AlarmFeed, AlarmFeedItem } from './alarm-feed.service';

type Audience = Readonly<{ room: string; visibility: AlarmVisibility }>;

/**
 * Hands the live alarm feed to the operator sockets of this process, one `alarms` frame per feed batch. Sockets
 * whose users see the same alarms (the same devices, device groups resolved, and the same alarm definitions: equal
 * alarmVisibilityKey) form one audience (a socket.io room): a batch is filtered and encoded once per
 * audience and the same bytes are written to each of its sockets, instead of once per socket — with hundreds of
 * operators, most of whom share a role, that is most of the API's work. The rooms are local (`namespace.local`):
 * every API process follows the store itself, so nothing goes through the Redis adapter.
 *
 * A socket joins its audience only once it is live (OperatorConnection: after what it missed was sent), within one
 * tick, so it gets every batch after that point and none twice.
 */
export class AlarmFanOut {
  private readonly audiences = new Map<string, Audience>();
  private readonly stopListening: () => void;

  constructor(
    private readonly namespace: Namespace,
    feed: AlarmFeed,
  ) {
    this.stopListening = feed.listen((items) => this.broadcast(items));
  }

  /** From now on, `socket` receives every live batch, filtered for `visibility` (its user's, at connection). */
  join(socket: Socket, visibility: AlarmVisibility): void {
    const key = alarmVisibilityKey(visibility);
    let audience = this.audiences.get(key);
    if (!audience) {
      // Hashed: a key can name many devices and definitions, and room names travel in adapter messages.
      audience = { room: `alarm-audience:${createHash('sha256').update(key).digest('base64url')}`, visibility };
      this.audiences.set(key, audience);
    }
    void socket.join(audience.room);
  }

  close(): void {
    this.stopListening();
  }

  private broadcast(items: readonly AlarmFeedItem[]): void {
    const rooms = this.namespace.adapter.rooms;
    for (const [key, { room, visibility }] of this.audiences) {
      if (!rooms.has(room)) {
        this.audiences.delete(key); // its last socket left (socket.io drops empty rooms)
        continue;
      }
      const messages: AlarmFeedMessage[] = [];
      for (const item of items) {
        if (alarmVisibleIn(visibility, item.source)) {
          messages.push(item.message);
        }
      }
      if (messages.length > 0) {
        this.namespace.local.to(room).emit('alarms', messages);
      }
    }
  }
}

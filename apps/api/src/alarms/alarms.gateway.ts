import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  alarmVisibility,
  hasPermission,
  parsePosition,
  type AlarmVisibility,
  type GlobalPosition,
} from '@vigil/domain';
import type { Namespace, Socket } from 'socket.io';
import { BearerAuthenticator, type BearerActor } from '../auth/bearer.authenticator';
import { SessionStore, type EndedSessions } from '../auth/session.store';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import { createValidationPipe, toErrorBody } from '@vigil/infrastructure';
import { AlarmFanOut } from './alarm-fan-out';
import { AlarmFeed } from './alarm-feed.service';
import { AlarmSocketCommand } from './alarm-socket-command.dto';
import { AlarmsService } from './alarms.service';
import { OperatorConnection, type OperatorSocketLimits } from './operator-connection';

/** The socket.io namespace operators connect to (see README: "Alarms over WebSockets"). */
export const ALARMS_NAMESPACE = '/alarms';

export const ALARM_SOCKET_SETTINGS = Symbol('ALARM_SOCKET_SETTINGS');
export type AlarmSocketSettings = OperatorSocketLimits &
  Readonly<{
    /** How often the sessions of connected sockets are checked (revoked, expired, user disabled). */
    sessionCheckMs: number;
  }>;

type SocketData = { actor: BearerActor; visibility: AlarmVisibility; since: GlobalPosition | undefined };

/** The acknowledgement of a socket command: the REST route's outcome. */
export type AlarmSocketReply = Readonly<
  { ok: true } | { ok: false; statusCode: number; code: string; message: string }
>;

const commandValidation = createValidationPipe();

const MAX_TOKEN_LENGTH = 4_096;

/** A refused connection: socket.io hands `data` to the client's `connect_error`. */
const refusal = (code: string, message: string): Error => Object.assign(new Error(message), { data: { code } });

const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
const userRoom = (userId: string): string => `user:${userId}`;
const roomOf = (ended: EndedSessions): string =>
  'sessionId' in ended ? sessionRoom(ended.sessionId) : userRoom(ended.userId);

/**
 * Operators' alarm sockets. A client connects to `/alarms` with `auth: { token, since? }`: the access token of its
 * session (refused with `connect_error` data `{ code }`: UNAUTHENTICATED, FORBIDDEN without alarms.view,
 * INVALID_POSITION for a malformed `since`). It then receives `alarm` messages (AlarmFeedMessage) for the alarms its
 * user may see, and `ready` once it is live. The connection ends (`session-ended`, then a disconnect) when the
 * token expires, when its session ends (logout, password change, disabled user: at once on every API process
 * through the Redis adapter, and in any case at the next session check), or when the client floods it.
 */
@WebSocketGateway({ namespace: ALARMS_NAMESPACE })
export class AlarmsGateway
  implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket>, OnModuleDestroy
{
  private readonly logger = new Logger('AlarmsGateway');
  private readonly connections = new Map<string, OperatorConnection>();
  private fanOut: AlarmFanOut | undefined;
  private sessionCheck: NodeJS.Timeout | undefined;
  private stopWatchingSessions: (() => void) | undefined;

  constructor(
    private readonly bearer: BearerAuthenticator,
    private readonly sessions: SessionStore,
    private readonly feed: AlarmFeed,
    private readonly alarms: AlarmsService,
    private readonly groups: DeviceGroupsReadModel,
    @Inject(ALARM_SOCKET_SETTINGS) private readonly settings: AlarmSocketSettings,
  ) {}

  afterInit(namespace: Namespace): void {
    this.fanOut = new AlarmFanOut(namespace, this.feed);
    namespace.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => next(error instanceof Error ? error : refusal('UNAUTHENTICATED', 'refused')),
      );
    });
    // Sessions ended by this process: their sockets on every process go, through the adapter's rooms.
    this.stopWatchingSessions = this.sessions.onEnded((ended) => {
      const room = roomOf(ended);
      namespace.to(room).emit('session-ended', { code: 'SESSION_ENDED' });
      namespace.in(room).disconnectSockets(true);
    });
    this.sessionCheck = setInterval(() => void this.checkSessions(), this.settings.sessionCheckMs);
    this.sessionCheck.unref();
  }

  handleConnection(socket: Socket): void {
    const { actor, visibility, since } = socket.data as SocketData;
    void socket.join([sessionRoom(actor.sessionId), userRoom(actor.userId)]);
    if (!this.fanOut) {
      throw new Error('the alarm gateway took a connection before its namespace was initialised');
    }
    const connection = new OperatorConnection(socket, actor, visibility, this.feed, this.fanOut, this.settings);
    this.connections.set(socket.id, connection);
    socket.use((_packet, next) => {
      if (connection.admit()) {
        next();
        return;
      }
      const ack = _packet.at(-1) as unknown;
      if (typeof ack === 'function') {
        (ack as (reply: unknown) => void)({ ok: false, code: 'RATE_LIMITED', message: 'too many messages' });
      }
    });
    connection.start(since).catch((error: unknown) => {
      this.logger.error(`could not start the alarm feed of ${actor.userName}: ${String(error)}`);
      socket.disconnect(true);
    });
  }

  handleDisconnect(socket: Socket): void {
    this.connections.get(socket.id)?.close();
    this.connections.delete(socket.id);
  }

  onModuleDestroy(): void {
    clearInterval(this.sessionCheck);
    this.stopWatchingSessions?.();
    this.fanOut?.close();
    for (const connection of this.connections.values()) {
      connection.close();
    }
  }

  /** An operator's command on an alarm, answered in the acknowledgement (see AlarmSocketCommand). */
  @SubscribeMessage('command')
  async command(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<AlarmSocketReply> {
    const { actor } = socket.data as SocketData;
    try {
      if (!hasPermission(actor.roles, 'alarms.manage')) {
        return { ok: false, statusCode: 403, code: 'FORBIDDEN', message: 'you do not have the permission this needs' };
      }
      const command = (await commandValidation.transform(payload ?? {}, {
        type: 'body',
        metatype: AlarmSocketCommand,
      })) as AlarmSocketCommand;
      await this.execute(actor, command);
      return { ok: true };
    } catch (error) {
      // The same status and code as the REST route would answer (one mapping: the HTTP error filter's).
      const { statusCode, code, message, details } = toErrorBody(error);
      if (statusCode >= 500) {
        this.logger.error(`alarm command of ${actor.userName} failed: ${String(error)}`);
      } else {
        this.logger.warn(`alarm command refused for ${actor.userName}: ${code}`);
      }
      return { ok: false, statusCode, code, message, ...(details === undefined ? {} : { details }) };
    }
  }

  /** The number of operator sockets on this process. */
  connectionCount(): number {
    return this.connections.size;
  }

  private execute(actor: BearerActor, command: AlarmSocketCommand): Promise<void> {
    const { alarmId } = command;
    switch (command.type) {
      case 'acknowledge':
        return this.alarms.acknowledge(actor, alarmId);
      case 'assign':
        return this.alarms.assign(actor, alarmId, command.ownerId ?? '');
      case 'priority':
        return this.alarms.changePriority(actor, alarmId, command.priority ?? 0);
      case 'state':
        return this.alarms.changeState(actor, alarmId, command.state ?? 0);
      case 'comment':
        return this.alarms.comment(actor, alarmId, command.text ?? '');
      case 'close':
        return this.alarms.close(actor, alarmId, {
          ...(command.reason === undefined ? {} : { reason: command.reason }),
          ...(command.comment === undefined ? {} : { comment: command.comment }),
        });
    }
  }

  private async authenticate(socket: Socket): Promise<void> {
    const auth = socket.handshake.auth as Record<string, unknown>;
    const address = socket.handshake.address;
    const token = auth['token'];
    const actor =
      typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH
        ? await this.bearer.fromToken(token, address)
        : undefined;
    if (!actor) {
      this.logger.warn(`refused an alarm socket from ${address}: no valid access token`);
      throw refusal('UNAUTHENTICATED', 'a valid access token is required');
    }
    if (!hasPermission(actor.roles, 'alarms.view')) {
      this.logger.warn(`refused an alarm socket to ${actor.userName}: needs alarms.view`);
      throw refusal('FORBIDDEN', 'you do not have the permission this needs');
    }
    const sinceText = auth['since'];
    const since = typeof sinceText === 'string' && sinceText.length <= 100 ? parsePosition(sinceText) : undefined;
    if (sinceText !== undefined && sinceText !== null && since === undefined) {
      this.logger.warn(`refused an alarm socket to ${actor.userName}: malformed position`);
      throw refusal('INVALID_POSITION', 'since must be a position from an alarm message');
    }
    // The device groups as they are now (FEATURES 5.3.2: current rights apply), for the life of the connection.
    const visibility = alarmVisibility(actor.roles, await this.groups.membership());
    const data: SocketData = { actor, visibility, since };
    socket.data = data;
  }

  /** Ends the sockets whose session is no longer open (revoked elsewhere, expired, user disabled). */
  private async checkSessions(): Promise<void> {
    if (this.connections.size === 0) {
      return;
    }
    try {
      const open = await this.sessions.stillOpen([
        ...new Set([...this.connections.values()].map((c) => c.actor.sessionId)),
      ]);
      for (const connection of this.connections.values()) {
        if (!open.has(connection.actor.sessionId)) {
          connection.end('SESSION_ENDED');
        }
      }
    } catch (error) {
      this.logger.warn(`could not check the sessions of alarm sockets: ${String(error)}`);
    }
  }
}

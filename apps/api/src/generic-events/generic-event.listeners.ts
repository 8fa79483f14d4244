import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  compileAddressPolicy,
  decodeGenericEventPacket,
  echoForPacket,
  echoForReceivedBytes,
  EMPTY_PACKET_CARRY,
  splitPackets,
  type GenericEventDataSource,
  type PacketCarry,
} from '@vigil/domain';
import { GenericEventsCatalog } from './generic-events.catalog';
import { GenericEventsService } from './generic-events.service';

/** What a data source's listener has seen: refusals and drops are counted, never fatal. */
export type ListenerCounters = {
  accepted: number;
  fired: number;
  refusedAddresses: number;
  droppedOversized: number;
  droppedInvalidEncoding: number;
  failed: number;
};

type Listener = {
  key: string;
  source: GenericEventDataSource;
  allowed: (address: string) => boolean;
  tcp?: Server;
  udp?: UdpSocket;
  counters: ListenerCounters;
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Packets of one connection waiting for their commit before the connection is paused (a bound on its memory). */
const MAX_WAITING_PACKETS = 2_000;

/** The socket settings of a data source: a change to any of them means re-opening its sockets. */
const socketKey = (source: GenericEventDataSource): string => `${source.protocol}/${source.ipVersion}/${source.port}`;

/**
 * The TCP and UDP listeners of the enabled generic-event data sources (FEATURES 2.5): reconciled with the catalog
 * whenever it changes. Every packet from an allowed address is framed, decoded, matched and, when it fires,
 * stored before its echo; bad input is dropped and counted, and never stops a listener.
 */
@Injectable()
export class GenericEventListeners implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GenericEventListeners');
  private readonly listeners = new Map<string, Listener>();
  private unsubscribe: (() => void) | undefined;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: GenericEventsCatalog,
    private readonly events: GenericEventsService,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.catalog.onChange(() => this.reconcileSoon());
    this.reconcileSoon();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.reconciling;
    await Promise.all([...this.listeners.values()].map((listener) => this.close(listener)));
    this.listeners.clear();
  }

  counters(dataSourceId: string): ListenerCounters | undefined {
    return this.listeners.get(dataSourceId)?.counters;
  }

  isListening(dataSourceId: string): boolean {
    return this.listeners.has(dataSourceId);
  }

  /** Resolves once the listeners match the catalog as it is now (the tests wait on it). */
  settled(): Promise<void> {
    return this.reconciling;
  }

  private reconcileSoon(): void {
    this.reconciling = this.reconciling
      .then(() => this.reconcile())
      .catch((error: unknown) => {
        this.logger.error(`reconciling listeners failed: ${String(error)}`);
      });
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map(
      this.catalog
        .dataSources()
        .filter((s) => s.enabled)
        .map((s) => [s.id, s]),
    );
    for (const [id, listener] of this.listeners) {
      const next = wanted.get(id);
      if (!next || socketKey(next) !== listener.key) {
        await this.close(listener);
        this.listeners.delete(id);
      } else {
        listener.source = next; // separator, echo, encoding and allow list apply from the next packet
        listener.allowed = compileAddressPolicy(next.allowedAddresses);
      }
    }
    for (const [id, source] of wanted) {
      if (!this.listeners.has(id)) {
        await this.open(source);
      }
    }
  }

  private async open(source: GenericEventDataSource): Promise<void> {
    const listener: Listener = {
      key: socketKey(source),
      source,
      allowed: compileAddressPolicy(source.allowedAddresses),
      counters: {
        accepted: 0,
        fired: 0,
        refusedAddresses: 0,
        droppedOversized: 0,
        droppedInvalidEncoding: 0,
        failed: 0,
      },
    };
    const host = source.ipVersion === 'ipv4' ? '0.0.0.0' : '::';
    try {
      if (source.protocol !== 'udp') {
        listener.tcp = createServer((socket) => this.serveTcp(listener, socket));
        await new Promise<void>((resolve, reject) => {
          listener.tcp?.once('error', reject);
          listener.tcp?.listen({ port: source.port, host, ipv6Only: source.ipVersion === 'ipv6' }, () => resolve());
        });
        listener.tcp.on('error', (error) => this.logger.error(`${source.name} TCP: ${error.message}`));
      }
      if (source.protocol !== 'tcp') {
        listener.udp = createSocket({
          type: source.ipVersion === 'ipv4' ? 'udp4' : 'udp6',
          ipv6Only: source.ipVersion === 'ipv6',
        });
        listener.udp.on('message', (message, remote) => void this.serveDatagram(listener, message, remote));
        listener.udp.on('error', (error) => this.logger.error(`${source.name} UDP: ${error.message}`));
        await new Promise<void>((resolve) => listener.udp?.bind(source.port, host, () => resolve()));
      }
      this.listeners.set(source.id, listener);
      this.logger.log(`${source.name}: listening on ${source.protocol} port ${source.port} (${source.ipVersion})`);
    } catch (error) {
      await this.close(listener);
      this.logger.error(`${source.name}: cannot listen on port ${source.port}: ${String(error)}`);
    }
  }

  private async close(listener: Listener): Promise<void> {
    await Promise.all([
      new Promise<void>((resolve) => (listener.tcp?.listening ? listener.tcp.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => {
        try {
          listener.udp?.close(() => resolve());
          if (!listener.udp) {
            resolve();
          }
        } catch {
          resolve();
        }
      }),
    ]);
  }

  private serveTcp(listener: Listener, socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    socket.on('error', () => undefined); // a client's reset is its own affair
    if (!listener.allowed(address)) {
      listener.counters.refusedAddresses += 1;
      socket.destroy();
      return;
    }
    let carry: PacketCarry = EMPTY_PACKET_CARRY;
    let requestNumber = 0;
    // Chunks are matched and handed to the group commit as they arrive (a connection's packets stay in order), and
    // the replies go out in order once each chunk is stored. Waiting for one chunk's commit before reading the next
    // would cap a connection at one commit per chunk; instead the socket is paused only while too many of its
    // packets wait for their commit.
    let replies: Promise<void> = Promise.resolve();
    let waiting = 0;
    socket.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk);
      const echoAll = echoForReceivedBytes(listener.source, bytes);
      if (echoAll) {
        socket.write(echoAll);
      }
      const split = splitPackets(bytes, listener.source.separatorBytes, carry);
      carry = split.carry;
      listener.counters.droppedOversized += split.droppedOversized;
      const stored = Promise.all(
        split.packets.map((packet) => {
          requestNumber += 1;
          return this.handlePacket(listener, packet, address, requestNumber);
        }),
      );
      waiting += split.packets.length;
      if (waiting >= MAX_WAITING_PACKETS) {
        socket.pause();
      }
      replies = replies.then(async () => {
        const outcomes = await stored;
        waiting -= split.packets.length;
        for (const outcome of outcomes) {
          if (socket.destroyed) {
            return;
          }
          if (outcome === 'failed') {
            socket.destroy(); // not stored: the sender must not take silence for an acknowledgement
            return;
          }
          if (outcome) {
            socket.write(outcome);
          }
        }
        if (socket.isPaused() && waiting < MAX_WAITING_PACKETS / 2) {
          socket.resume();
        }
      });
    });
  }

  private async serveDatagram(listener: Listener, message: Buffer, remote: RemoteInfo): Promise<void> {
    if (!listener.allowed(remote.address)) {
      listener.counters.refusedAddresses += 1;
      return;
    }
    const bytes = new Uint8Array(message);
    const echoAll = echoForReceivedBytes(listener.source, bytes);
    if (echoAll) {
      listener.udp?.send(echoAll, remote.port, remote.address);
    }
    const split = splitPackets(bytes, listener.source.separatorBytes, EMPTY_PACKET_CARRY, { final: true });
    listener.counters.droppedOversized += split.droppedOversized;
    const outcomes = await Promise.all(
      split.packets.map((packet, index) => this.handlePacket(listener, packet, remote.address, index + 1)),
    );
    for (const outcome of outcomes) {
      if (outcome instanceof Uint8Array) {
        listener.udp?.send(outcome, remote.port, remote.address);
      }
    }
  }

  /**
   * Decode → match → store (when it fires) → the statistics echo, if the source echoes statistics. 'failed' when the
   * store refused it: the packet was not accepted.
   */
  private async handlePacket(
    listener: Listener,
    packet: Uint8Array,
    address: string,
    requestNumber: number,
  ): Promise<Uint8Array | 'failed' | undefined> {
    const { source } = listener;
    if (source.encoding === 'utf8') {
      try {
        strictUtf8.decode(packet);
      } catch {
        listener.counters.droppedInvalidEncoding += 1;
        return undefined;
      }
    }
    const text = decodeGenericEventPacket(packet, source.encoding);
    listener.counters.accepted += 1;
    try {
      const result = await this.events.ingest(text, source.id, address, `datasource-${source.id}`);
      listener.counters.fired += result.fired.length > 0 ? 1 : 0;
      return echoForPacket(source, { requestNumber, characterCount: text.length, matchedEventNames: result.fired });
    } catch (error) {
      listener.counters.failed += 1;
      this.logger.error(`${source.name}: a packet could not be stored: ${String(error)}`);
      return 'failed';
    }
  }
}

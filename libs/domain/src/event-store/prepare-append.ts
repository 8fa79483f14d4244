import { InvalidEventError } from './event-store.errors';
import type { EventMetadata, NewEvent, StreamAppend } from './event-store.port';

/** 1 MiB: the default largest event (data and metadata serialised as UTF-8 JSON). */
export const DEFAULT_MAX_EVENT_BYTES = 1_048_576;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]{0,199}$/;
const MAX_STREAM_ID_LENGTH = 500;
const MAX_JSON_DEPTH = 64;

/** An event checked and serialised once, so every adapter writes exactly the same bytes. */
export type PreparedEvent = Readonly<{
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  data: unknown;
  metadata: EventMetadata;
}>;

export const assertValidStreamId = (streamId: string): void => {
  if (streamId.length === 0 || streamId.length > MAX_STREAM_ID_LENGTH || streamId.startsWith('$')) {
    throw new InvalidEventError(
      'INVALID_EVENT',
      `stream id must be 1-${MAX_STREAM_ID_LENGTH} characters and not start with '$'`,
    );
  }
};

/** Why a value is not plain JSON, or undefined when it is. NUL is refused too: PostgreSQL's jsonb cannot hold it. */
const notJsonReason = (value: unknown, path: string, depth: number): string | undefined => {
  if (depth > MAX_JSON_DEPTH) {
    return `${path} nests deeper than ${MAX_JSON_DEPTH} levels`;
  }
  switch (typeof value) {
    case 'string':
      return value.includes('\u0000') ? `${path} contains a NUL character` : undefined;
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
    case 'object': {
      if (value === null) {
        return undefined;
      }
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
          const reason = notJsonReason(value[index], `${path}[${index}]`, depth + 1);
          if (reason) {
            return reason;
          }
        }
        return undefined;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        return `${path} is not a plain object`;
      }
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) {
          return `${path} has a key with a NUL character`;
        }
        const reason = notJsonReason(item, `${path}.${key}`, depth + 1);
        if (reason) {
          return reason;
        }
      }
      return undefined;
    }
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      return `${path} is a ${typeof value}, not JSON`;
    default:
      return `${path} is not JSON`;
  }
};

const utf8 = new TextEncoder();

/**
 * Checks a batch before any adapter writes it: ids are UUIDs and unique in the batch, types are names, data and
 * metadata are plain JSON, and each event fits in `maxEventBytes`. Throws InvalidEventError naming the event.
 */
export const prepareAppend = (
  streamId: string,
  events: readonly NewEvent[],
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): PreparedEvent[] => {
  assertValidStreamId(streamId);
  const seen = new Set<string>();
  return events.map((event, index) => {
    const where = `event ${index} (${String(event.type)})`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidEventError('INVALID_EVENT', `${where}: id must be a UUID`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) {
      throw new InvalidEventError('INVALID_EVENT', `${where}: id ${id} appears twice in one append`);
    }
    seen.add(id);
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError('INVALID_EVENT', `${where}: type must be a name of 1-200 letters, digits, _ . -`);
    }
    const metadata = event.metadata ?? {};
    const reason = notJsonReason(event.data, 'data', 0) ?? notJsonReason(metadata, 'metadata', 0);
    if (reason) {
      throw new InvalidEventError('EVENT_DATA_NOT_JSON', `${where}: ${reason}`);
    }
    const dataJson = JSON.stringify(event.data);
    const metadataJson = JSON.stringify(metadata);
    // A UTF-16 unit is at most 3 UTF-8 bytes: most events are far below the limit and skip the encoding.
    const fitsSurely = (dataJson.length + metadataJson.length) * 3 <= maxEventBytes;
    const size = fitsSurely ? 0 : utf8.encode(dataJson).length + utf8.encode(metadataJson).length;
    if (size > maxEventBytes) {
      throw new InvalidEventError('EVENT_TOO_LARGE', `${where}: ${size} bytes exceeds the maximum ${maxEventBytes}`, {
        size,
        maxEventBytes,
      });
    }
    return { id, type: event.type, dataJson, metadataJson, data: event.data, metadata };
  });
};

/** A stream's part of a multi-stream append, checked and serialised. */
export type PreparedStreamAppend = Readonly<{
  streamId: string;
  events: readonly PreparedEvent[];
  expected: StreamAppend['expected'];
}>;

/**
 * Checks a multi-stream append as a whole before any adapter writes it: every part as `prepareAppend` checks it,
 * each stream named once (two parts of one stream would race each other's expected revision) and each event id
 * given once across all parts (else which stream holds it would depend on the order of writing).
 */
export const prepareStreamAppends = (
  appends: readonly StreamAppend[],
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): PreparedStreamAppend[] => {
  const streams = new Set<string>();
  const ids = new Set<string>();
  return appends.map(({ streamId, events, expected }) => {
    if (streams.has(streamId)) {
      throw new InvalidEventError('INVALID_EVENT', `stream ${streamId} appears twice in one append`);
    }
    streams.add(streamId);
    const prepared = prepareAppend(streamId, events, maxEventBytes);
    for (const event of prepared) {
      if (ids.has(event.id)) {
        throw new InvalidEventError('INVALID_EVENT', `event id ${event.id} appears twice in one append`);
      }
      ids.add(event.id);
    }
    return { streamId, events: prepared, expected };
  });
};

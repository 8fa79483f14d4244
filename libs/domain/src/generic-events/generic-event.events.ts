import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { GenericEventDataSource } from './generic-event-data-source';
import type { GenericEventDefinition } from './generic-event-definition';

// Event type names and fields are persisted: do not rename.
export const GENERIC_EVENT_STREAM_PREFIX = 'genericevent-'; // definitions, one stream per generic event

export const GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX = 'genericdatasource-'; // one stream per data source

export const genericEventStream = (id: string): string => `${GENERIC_EVENT_STREAM_PREFIX}${id}`;
export const genericEventDataSourceStream = (id: string): string => `${GENERIC_EVENT_DATA_SOURCE_STREAM_PREFIX}${id}`;

/** A data source's whole configuration (the built-ins until configured are BUILT_IN_DATA_SOURCES). */
export type GenericEventDataSourceConfigured = AccessDomainEvent<
  'GenericEventDataSourceConfigured',
  { dataSource: GenericEventDataSource; byUserId: string; at: EpochMs }
>;

export type GenericEventDefined = AccessDomainEvent<
  'GenericEventDefined',
  { definition: GenericEventDefinition; byUserId: string; at: EpochMs }
>;
export type GenericEventRedefined = AccessDomainEvent<
  'GenericEventRedefined',
  { definition: GenericEventDefinition; byUserId: string; at: EpochMs }
>;
export type GenericEventRemoved = AccessDomainEvent<
  'GenericEventRemoved',
  { genericEventId: string; byUserId: string; at: EpochMs }
>;

export type GenericEventDefinitionEvent = GenericEventDefined | GenericEventRedefined | GenericEventRemoved;

/**
 * A packet that fired generic events (only the best priority level fires; FEATURES 2.5), appended to the day's
 * external-input stream before the packet is acknowledged. One fact per packet, naming every event it fired.
 */
export type GenericEventReceived = AccessDomainEvent<
  'GenericEventReceived',
  {
    dataSourceId: string;
    packet: string;
    fired: readonly Readonly<{ genericEventId: string; name: string }>[];
    address: string;
    at: EpochMs;
  }
>;

export const GENERIC_EVENT_DEFINITION_TYPES = [
  'GenericEventDefined',
  'GenericEventRedefined',
  'GenericEventRemoved',
] as const satisfies readonly GenericEventDefinitionEvent['type'][];

type Unlisted = Exclude<GenericEventDefinitionEvent['type'], (typeof GENERIC_EVENT_DEFINITION_TYPES)[number]>;
export const allGenericEventDefinitionTypesListed: [Unlisted] extends [never] ? true : Unlisted = true;

export const isGenericEventDefinitionType = (type: string): type is GenericEventDefinitionEvent['type'] =>
  (GENERIC_EVENT_DEFINITION_TYPES as readonly string[]).includes(type);

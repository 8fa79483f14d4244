// What a SOAP operation handler gets and returns. Handlers are keyed by (namespace, operation name): the same name
// exists in several services (GetServiceCapabilities, GetStatus), and clients may post to any service address.
import type { CameraDevice } from './camera.device';
import type { SoapFault } from './soap.envelope';
import type { XmlElement } from './xml.parser';

export type OperationContext = Readonly<{
  device: CameraDevice;
  /** http://host:port of this camera, as clients reach it. */
  baseUrl: string;
  rtspUri: string;
  /** The pull-point subscription addressed by the request path, if any. */
  subscriptionId: string | undefined;
  /** Aborted when the client goes away (ends a long poll early). */
  signal: AbortSignal;
  /** SystemReboot: answers first, then the camera goes down. */
  reboot: () => void;
}>;

export type OperationResult = Readonly<{ body: string; header?: string }> | Readonly<{ fault: SoapFault }>;

export type Operation = (request: XmlElement, context: OperationContext) => OperationResult | Promise<OperationResult>;

export const operationKey = (namespace: string, name: string): string => `${namespace} ${name}`;

export type OperationTable = ReadonlyMap<string, Operation>;

export const table = (namespace: string, operations: Readonly<Record<string, Operation>>): OperationTable =>
  new Map(Object.entries(operations).map(([name, operation]) => [operationKey(namespace, name), operation]));

/** Formats a number for an XML attribute without float noise (0.30000000000000004 → 0.3). */
export const num = (value: number): string => String(Math.round(value * 1e6) / 1e6);

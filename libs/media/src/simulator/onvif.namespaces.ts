// The namespaces the simulator answers in. Requests are dispatched on (namespace, operation), so these URIs are
// the contract with clients; the prefixes are only ours (clients strip or remap them).
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://www.w3.org/2005/08/addressing',
  device: 'http://www.onvif.org/ver10/device/wsdl',
  media: 'http://www.onvif.org/ver10/media/wsdl',
  ptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  events: 'http://www.onvif.org/ver10/events/wsdl',
  deviceIO: 'http://www.onvif.org/ver10/deviceIO/wsdl',
  schema: 'http://www.onvif.org/ver10/schema',
  notification: 'http://docs.oasis-open.org/wsn/b-2',
  topics: 'http://docs.oasis-open.org/wsn/t-1',
  topicSet: 'http://www.onvif.org/ver10/topics',
  error: 'http://www.onvif.org/ver10/error',
  security: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  securityUtility: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
} as const;

export type ServiceName = 'device' | 'media' | 'ptz' | 'events' | 'deviceIO';

/** Where each service listens on a simulated camera (the XAddrs of GetServices and GetCapabilities). */
export const SERVICE_PATHS: Readonly<Record<ServiceName, string>> = {
  device: '/onvif/device_service',
  media: '/onvif/media_service',
  ptz: '/onvif/ptz_service',
  events: '/onvif/events_service',
  deviceIO: '/onvif/deviceio_service',
};

/** Prefix of the pull-point subscription addresses: the rest of the path is the subscription id. */
export const SUBSCRIPTION_PATH = '/onvif/events/subscription/';
export const SNAPSHOT_PATH = '/onvif/snapshot.jpg';

/** The prefixes declared on every response envelope. */
export const RESPONSE_PREFIXES: Readonly<Record<string, string>> = {
  s: NS.soap,
  a: NS.addressing,
  tds: NS.device,
  trt: NS.media,
  tptz: NS.ptz,
  tev: NS.events,
  tmd: NS.deviceIO,
  tt: NS.schema,
  wsnt: NS.notification,
  wstop: NS.topics,
  tns1: NS.topicSet,
  ter: NS.error,
  xsd: 'http://www.w3.org/2001/XMLSchema',
};

/** Topics the simulator raises (ONVIF Core, appendix "Notification topics"). */
export const TOPICS = {
  motion: 'tns1:RuleEngine/CellMotionDetector/Motion',
  digitalInput: 'tns1:Device/Trigger/DigitalInput',
  relay: 'tns1:Device/Trigger/Relay',
} as const;

export const TOPIC_DIALECT = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';

// A thin adapter over the `onvif` package: connect to a camera with its credentials and read everything the system
// keeps about it (device information, profiles with stream and snapshot URIs, PTZ and presets, digital inputs and
// relay outputs), within a deadline, failing with a typed error that says why.
import { Cam, type CamProfile } from 'onvif';
import { onvifRequest, presetsOfOnvifAnswer } from './onvif-request';

// persisted: do not rename (API error codes)
export type OnvifDiscoveryErrorCode =
  /** Nothing answers at the address (refused, no route, unknown host, or no answer within the deadline). */
  | 'CAMERA_UNREACHABLE'
  /** The device refused the username and password. */
  | 'CAMERA_AUTH_FAILED'
  /** Something answers, but not as an ONVIF device. */
  | 'CAMERA_NOT_ONVIF'
  /** The address cannot be read as a host, host:port or http(s) URL. */
  | 'CAMERA_ADDRESS_INVALID';

/** Why discovery failed. The message never contains the password. */
export class OnvifDiscoveryError extends Error {
  constructor(
    readonly code: OnvifDiscoveryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnvifDiscoveryError';
  }
}

export type OnvifAddress = Readonly<{ url: string; hostname: string; port: number; path: string; secure: boolean }>;

const DEFAULT_PATH = '/onvif/device_service';

/**
 * Reads 'host', 'host:port' or an http(s) URL of the device service (path defaults to /onvif/device_service) into
 * the one normalised URL the system stores.
 */
export const parseOnvifAddress = (address: string): OnvifAddress => {
  const text = address.trim();
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new OnvifDiscoveryError('CAMERA_ADDRESS_INVALID', 'the address is not a host, host:port or http(s) URL');
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new OnvifDiscoveryError('CAMERA_ADDRESS_INVALID', 'the address is not a host, host:port or http(s) URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new OnvifDiscoveryError('CAMERA_ADDRESS_INVALID', 'give the credentials apart, not in the address');
  }
  const secure = parsed.protocol === 'https:';
  const port = parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port);
  const path = parsed.pathname === '/' || parsed.pathname === '' ? DEFAULT_PATH : parsed.pathname;
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    url: `${parsed.protocol}//${parsed.host.replace(/:\d+$/, '')}:${port}${path}`,
    hostname,
    port,
    path,
    secure,
  };
};

export type DiscoveredProfile = Readonly<{
  token: string;
  name: string;
  encoding: string;
  width: number;
  height: number;
  fps?: number;
  streamUri: string;
  snapshotUri?: string;
}>;

export type DiscoveredCamera = Readonly<{
  /** The normalised device service URL. */
  address: string;
  /** The name the camera gives itself (ONVIF scope `name`), if any. */
  name?: string;
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  serialNumber?: string;
  profiles: readonly DiscoveredProfile[];
  ptz: Readonly<{ supported: boolean; presets: readonly Readonly<{ token: string; name: string }>[] }>;
  /** Tokens of the digital inputs and relay outputs. */
  inputs: readonly string[];
  outputs: readonly string[];
}>;

export type OnvifDiscoveryOptions = Readonly<{
  address: string;
  username: string;
  password: string;
  /** The whole discovery's deadline (default 15 s); each request also times out after it. */
  timeoutMs?: number;
}>;

type Callback<T> = (error: Error | null, value?: T, xml?: string) => void;

const call = <T>(start: (callback: Callback<T>) => void): Promise<{ value: T; xml: string }> =>
  new Promise((resolve, reject) =>
    start((error, value, xml) => (error ? reject(error) : resolve({ value: value as T, xml: xml ?? '' }))),
  );

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

/** What an error of the onvif package (or of the network under it) means for the caller. */
export const classifyOnvifError = (error: unknown, address: string): OnvifDiscoveryError => {
  if (error instanceof OnvifDiscoveryError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || /Network timeout|socket hang up/i.test(message)) {
    return new OnvifDiscoveryError('CAMERA_UNREACHABLE', `no ONVIF device answers at ${address} (${message})`);
  }
  if (/not ?authori[sz]ed|authentication failed|Digest authentication|\b401\b/i.test(message)) {
    return new OnvifDiscoveryError('CAMERA_AUTH_FAILED', `the camera at ${address} refused the credentials`);
  }
  return new OnvifDiscoveryError(
    'CAMERA_NOT_ONVIF',
    `the device at ${address} does not answer as an ONVIF camera (${message})`,
  );
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined;

const positive = (value: unknown): number | undefined => {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) && number > 0 ? number : undefined;
};

/** `token="…"` attributes of the elements named `element` (any namespace prefix) in a SOAP response. */
const tokensOf = (xml: string, element: string): string[] =>
  [...xml.matchAll(new RegExp(`<(?:[\\w-]+:)?${element}\\b[^>]*?\\btoken="([^"]*)"`, 'g'))].map(
    (match) => match[1] ?? '',
  );

const nameFromScopes = (scopes: unknown): string | undefined => {
  const match = /onvif:\/\/www\.onvif\.org\/name\/([^"\s,}\]]+)/.exec(JSON.stringify(scopes ?? []));
  if (!match?.[1]) {
    return undefined;
  }
  try {
    return decodeURIComponent(match[1]).trim() || undefined;
  } catch {
    return match[1];
  }
};

const withDeadline = async <T>(work: Promise<T>, ms: number, address: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new OnvifDiscoveryError('CAMERA_UNREACHABLE', `no answer from ${address} within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};

/** A connected `Cam` of the onvif package (its requests time out after `timeoutMs`). */
export const connectOnvifCamera = (
  address: OnvifAddress,
  options: Pick<OnvifDiscoveryOptions, 'username' | 'password'>,
  timeoutMs: number,
): Promise<Cam> =>
  new Promise((resolve, reject) => {
    const cam: Cam = new Cam(
      {
        hostname: address.hostname,
        port: address.port,
        path: address.path,
        useSecure: address.secure,
        username: options.username,
        password: options.password,
        timeout: timeoutMs,
        // the camera's own addresses may be unreachable from here (NAT): keep talking to the one given
        preserveAddress: true,
      },
      (error) => (error ? reject(error) : resolve(cam)),
    );
  });

const discoverProfile = async (cam: Cam, profile: CamProfile): Promise<DiscoveredProfile | undefined> => {
  const token = text((profile.$ as { token?: unknown } | undefined)?.token) ?? text(profile.token);
  if (token === undefined) {
    return undefined;
  }
  const encoder = (profile.videoEncoderConfiguration ?? {}) as {
    encoding?: unknown;
    resolution?: { width?: unknown; height?: unknown };
    rateControl?: { frameRateLimit?: unknown };
  };
  const stream = await call<{ uri?: unknown }>((cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb));
  const streamUri = text(stream.value.uri);
  if (streamUri === undefined) {
    return undefined;
  }
  const snapshotUri = await call<{ uri?: unknown }>((cb) => cam.getSnapshotUri({ profileToken: token }, cb)).then(
    (snapshot) => text(snapshot.value.uri),
    () => undefined, // optional: many cameras have no snapshot
  );
  const fps = positive(encoder.rateControl?.frameRateLimit);
  return {
    token,
    name: text(profile.name) ?? token,
    encoding: text(encoder.encoding) ?? '',
    width: positive(encoder.resolution?.width) ?? 0,
    height: positive(encoder.resolution?.height) ?? 0,
    ...(fps === undefined ? {} : { fps }),
    streamUri,
    ...(snapshotUri === undefined ? {} : { snapshotUri }),
  };
};

const discover = async (cam: Cam, address: OnvifAddress): Promise<DiscoveredCamera> => {
  // connect() swallows GetProfiles errors: ask again so that they surface
  const { value: profiles } = await call<CamProfile[]>((cb) => cam.getProfiles(cb));
  const info = await call<Record<string, unknown>>((cb) => cam.getDeviceInformation(cb)).then(
    (result) => result.value,
    (): Record<string, unknown> => ({}),
  );
  const scopes = await call<unknown>((cb) => cam.getScopes(cb)).then(
    (result) => result.value,
    () => undefined,
  );
  const discovered: DiscoveredProfile[] = [];
  for (const profile of profiles ?? []) {
    const one = await discoverProfile(cam, profile);
    if (one) {
      discovered.push(one);
    }
  }

  const uri = cam.uri ?? {};
  const ptzProfile = (profiles ?? []).find((profile) => profile.PTZConfiguration !== undefined);
  const ptzSupported = (uri.ptz !== undefined || uri.PTZ !== undefined) && ptzProfile !== undefined;
  const presets = ptzSupported
    ? await call<Parameters<typeof presetsOfOnvifAnswer>[0]>((cb) =>
        cam.getPresets({ profileToken: text((ptzProfile?.$ as { token?: unknown } | undefined)?.token) ?? '' }, cb),
      ).then(
        (result) => presetsOfOnvifAnswer(result.value),
        () => [],
      )
    : [];

  const request = (body: string, service?: string): Promise<string> => onvifRequest(cam, body, service).catch(() => ''); // a device without inputs or outputs may fault: it has none
  const hasDeviceIo = uri.deviceIO !== undefined;
  const inputs = hasDeviceIo
    ? tokensOf(
        await request('<GetDigitalInputs xmlns="http://www.onvif.org/ver10/deviceIO/wsdl"/>', 'deviceIO'),
        'DigitalInputs',
      )
    : [];
  const outputs = tokensOf(
    hasDeviceIo
      ? await request('<GetRelayOutputs xmlns="http://www.onvif.org/ver10/deviceIO/wsdl"/>', 'deviceIO')
      : await request('<GetRelayOutputs xmlns="http://www.onvif.org/ver10/device/wsdl"/>'),
    'RelayOutputs',
  );

  const name = nameFromScopes(scopes);
  const manufacturer = text(info.manufacturer);
  const model = text(info.model);
  const firmwareVersion = text(info.firmwareVersion);
  const serialNumber = text(info.serialNumber);
  return {
    address: address.url,
    ...(name === undefined ? {} : { name }),
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(model === undefined ? {} : { model }),
    ...(firmwareVersion === undefined ? {} : { firmwareVersion }),
    ...(serialNumber === undefined ? {} : { serialNumber }),
    profiles: discovered,
    ptz: { supported: ptzSupported, presets },
    inputs: [...new Set(inputs)],
    outputs: [...new Set(outputs)],
  };
};

/**
 * Connects to the camera at `options.address` and reads what it has. Fails with an OnvifDiscoveryError:
 * CAMERA_ADDRESS_INVALID, CAMERA_UNREACHABLE, CAMERA_AUTH_FAILED or CAMERA_NOT_ONVIF.
 */
export const discoverOnvifCamera = async (options: OnvifDiscoveryOptions): Promise<DiscoveredCamera> => {
  const address = parseOnvifAddress(options.address);
  const timeoutMs = options.timeoutMs ?? 15_000;
  let cam: Cam | undefined;
  try {
    return await withDeadline(
      (async () => {
        cam = await connectOnvifCamera(address, options, timeoutMs);
        return discover(cam, address);
      })(),
      timeoutMs,
      address.url,
    );
  } catch (error) {
    throw classifyOnvifError(error, address.url);
  } finally {
    cam?.removeAllListeners();
  }
};

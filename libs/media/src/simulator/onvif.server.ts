// The HTTP side of one simulated camera (node:http, no framework): SOAP for the ONVIF services, the snapshot
// JPEG, and the test-control routes under /simulator/. Authentication follows ONVIF Core 5.9: a WS-Security
// UsernameToken in the SOAP header or HTTP Digest; a request with neither gets 401 and a Digest challenge, a wrong
// token gets a ter:NotAuthorized fault. A reboot closes the port, drops every connection and opens it again.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CameraDevice } from './camera.device';
import { deviceOperations, PRE_AUTH_OPERATIONS } from './device.operations';
import { eventsOperations } from './events.operations';
import {
  checkDigestAuthorization,
  digestChallenge,
  issueNonce,
  nonceIsValid,
  parseDigestAuthorization,
} from './http-digest.auth';
import { mediaOperations } from './media.operations';
import { NS, SNAPSHOT_PATH, SUBSCRIPTION_PATH } from './onvif.namespaces';
import { ptzOperations } from './ptz.operations';
import {
  actionNotSupported,
  faultStatus,
  NOT_AUTHORIZED,
  parseSoapRequest,
  soapEnvelope,
  soapFault,
  SoapRequestError,
  type SoapFault,
} from './soap.envelope';
import { operationKey, type Operation, type OperationResult } from './soap.operation';
import { checkUsernameToken, nonceMemory, readUsernameToken, type Credentials } from './ws-security.auth';

const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ...deviceOperations,
  ...mediaOperations,
  ...ptzOperations,
  ...eventsOperations,
]);

const MAX_BODY_BYTES = 1024 * 1024;
/** WS-Security Created may differ this much from our clock (the onvif package rounds the camera's time). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const DIGEST_NONCE_MAX_AGE_MS = 5 * 60_000;
const REALM = 'Vigil camera simulator';

/** Answers the /simulator/ control routes: returns the HTTP status and a JSON body. */
export type ControlHandler = (
  method: string,
  path: string,
  body: unknown,
) => Promise<Readonly<{ status: number; json: unknown }>>;

export type OnvifServerOptions = Readonly<{
  device: CameraDevice;
  credentials: Credentials;
  /** Address to listen on. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The host put in service addresses and URIs (defaults to host). */
  advertisedHost?: string;
  rtspUri: string;
  snapshot: Buffer;
  control?: ControlHandler;
  /** Called when a client sends SystemReboot. */
  onSystemReboot?: () => void;
  log?: (line: string) => void;
}>;

class PayloadTooLarge extends Error {}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new PayloadTooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

export class OnvifServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly nonceSecret = randomBytes(16).toString('hex');
  private readonly replayed = nonceMemory(2 * MAX_CLOCK_SKEW_MS);
  private boundPort = 0;
  private down = false;

  private constructor(private readonly options: OnvifServerOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.options.log?.(`request failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) {
          response.writeHead(500).end();
        }
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: OnvifServerOptions): Promise<OnvifServer> {
    const server = new OnvifServer(options);
    await server.listen(options.port);
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get baseUrl(): string {
    return `http://${this.options.advertisedHost ?? this.options.host}:${this.boundPort}`;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Goes down for downMs, as a rebooting camera does: the port refuses connections, open ones are cut. */
  async reboot(downMs: number): Promise<void> {
    await this.stopListening();
    await new Promise<void>((resolve) => setTimeout(resolve, downMs));
    await this.listen(this.boundPort);
  }

  async close(): Promise<void> {
    await this.stopListening();
  }

  private async listen(port: number): Promise<void> {
    this.server.listen(port, this.options.host);
    await once(this.server, 'listening');
    const address = this.server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : port;
    this.down = false;
  }

  private async stopListening(): Promise<void> {
    if (this.down || !this.server.listening) {
      this.down = true;
      return;
    }
    this.down = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://camera').pathname;
    if (path.startsWith('/simulator/') && this.options.control) {
      return this.handleControl(request, response, path, this.options.control);
    }
    if (path === SNAPSHOT_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': this.options.snapshot.length });
      response.end(request.method === 'GET' ? this.options.snapshot : undefined);
      return;
    }
    if (request.method !== 'POST' || !path.startsWith('/onvif/')) {
      response.writeHead(404).end();
      return;
    }
    let xml: string;
    try {
      xml = await readBody(request);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        response.writeHead(413, { Connection: 'close' }).end();
        return;
      }
      throw error;
    }
    const result = await this.soap(request, response, path, xml);
    if (result === undefined) {
      return; // already answered (401)
    }
    if ('fault' in result) {
      this.sendFault(response, result.fault);
      return;
    }
    this.send(response, 200, soapEnvelope(result.body, result.header));
  }

  private async soap(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    xml: string,
  ): Promise<OperationResult | undefined> {
    let parsed;
    try {
      parsed = parseSoapRequest(xml);
    } catch (error) {
      if (error instanceof SoapRequestError) {
        return { fault: { code: 'Sender', subcodes: ['ter:WellFormed'], reason: error.message } };
      }
      throw error;
    }
    const { header, operation } = parsed;
    const handler = OPERATIONS.get(operationKey(operation.namespace, operation.name));
    if (!handler) {
      return { fault: actionNotSupported(operation.name) };
    }
    const preAuth = operation.namespace === NS.device && PRE_AUTH_OPERATIONS.has(operation.name);
    const token = readUsernameToken(header);
    const digest = parseDigestAuthorization(request.headers.authorization);
    if (token) {
      const check = checkUsernameToken(token, this.options.credentials, {
        now: this.options.device.now(),
        maxSkewMs: MAX_CLOCK_SKEW_MS,
        replayed: this.replayed,
      });
      if (!check.ok) {
        this.options.log?.(`${operation.name} refused: ${check.reason}`);
        return { fault: NOT_AUTHORIZED };
      }
    } else if (digest) {
      const check = checkDigestAuthorization(digest, this.options.credentials, {
        method: request.method ?? 'POST',
        realm: REALM,
        nonceValid: (nonce) => nonceIsValid(this.nonceSecret, nonce, Date.now(), DIGEST_NONCE_MAX_AGE_MS),
      });
      if (!check.ok) {
        this.options.log?.(`${operation.name} refused: ${check.reason}`);
        this.challenge(response);
        return undefined;
      }
    } else if (!preAuth) {
      this.challenge(response);
      return undefined;
    }
    const aborted = new AbortController();
    response.once('close', () => aborted.abort());
    const subscriptionId = path.startsWith(SUBSCRIPTION_PATH) ? path.slice(SUBSCRIPTION_PATH.length) : undefined;
    return handler(operation, {
      device: this.options.device,
      baseUrl: this.baseUrl,
      rtspUri: this.options.rtspUri,
      subscriptionId,
      signal: aborted.signal,
      reboot: () => this.options.onSystemReboot?.(),
    });
  }

  private challenge(response: ServerResponse): void {
    const body = soapFault(NOT_AUTHORIZED);
    response.writeHead(401, {
      'WWW-Authenticate': digestChallenge(REALM, issueNonce(this.nonceSecret, Date.now())),
      'Content-Type': 'application/soap+xml; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  }

  private sendFault(response: ServerResponse, fault: SoapFault): void {
    this.send(response, faultStatus(fault), soapFault(fault));
  }

  private send(response: ServerResponse, status: number, xml: string): void {
    if (response.destroyed) {
      return;
    }
    response.writeHead(status, {
      'Content-Type': 'application/soap+xml; charset=utf-8',
      'Content-Length': Buffer.byteLength(xml),
    });
    response.end(xml);
  }

  private async handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    control: ControlHandler,
  ): Promise<void> {
    let body: unknown;
    try {
      const text = await readBody(request);
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"body must be JSON"}');
      return;
    }
    const { status, json } = await control(request.method ?? 'GET', path.slice('/simulator'.length), body);
    const text = JSON.stringify(json);
    response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  }
}

// One GStreamer RTSP server process (see gst-rtsp-server.script.ts) serving a mount per simulated camera, all
// from one pre-encoded H.264 loop. Mounts can be stopped (their clients are disconnected at once and new ones are
// refused, as when a camera stops sending) and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GST_RTSP_SERVER_SCRIPT } from './gst-rtsp-server.script';
import type { Credentials } from './ws-security.auth';

/** Debian's interpreter: a pyenv or venv python3 first on PATH has no gi. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export type RtspServerOptions = Readonly<{
  /** The pre-encoded H.264 Annex B loop (see ensureH264Loop). */
  loopFile: string;
  fps: number;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  python?: string;
  /** When set, every mount requires RTSP Digest authentication with these credentials. */
  credentials?: Credentials;
  log?: (line: string) => void;
}>;

/** The script as a file named by its content (a short command line in `ps`, unlike `python3 -c <script>`). */
const scriptFile = (): string => {
  const hash = createHash('sha256').update(GST_RTSP_SERVER_SCRIPT).digest('hex').slice(0, 12);
  const path = join(tmpdir(), `vigil-gst-rtsp-server-${hash}.py`);
  if (!existsSync(path)) {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, GST_RTSP_SERVER_SCRIPT);
    renameSync(temporary, path);
  }
  return path;
};

type Reply = Readonly<{ id?: number; ok?: boolean; error?: string; event?: string; port?: number }>;

export class RtspServer {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private readonly exited: Promise<void>;
  private readonly running = new Set<string>();
  private readonly mounts = new Set<string>();

  private constructor(
    private readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
    lines: AsyncIterable<string>,
  ) {
    this.exited = once(child, 'exit').then(() => undefined);
    void this.readReplies(lines);
  }

  static async start(options: RtspServerOptions): Promise<RtspServer> {
    if (/["\n]/.test(options.loopFile)) {
      throw new Error('the loop file path may not contain quotes or newlines');
    }
    const host = options.host ?? '127.0.0.1';
    const child = spawn(
      options.python ?? SYSTEM_PYTHON,
      [
        '-u',
        scriptFile(),
        JSON.stringify({
          loopFile: options.loopFile,
          fps: options.fps,
          host,
          port: options.port ?? 0,
          username: options.credentials?.username,
          password: options.credentials?.password,
        }),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr.push(text);
      options.log?.(`rtsp: ${text.trimEnd()}`);
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await Promise.race([
      lines.next(),
      once(child, 'exit').then(([code]) => {
        throw new Error(`the RTSP server exited (${String(code)}): ${stderr.join('').trim().slice(-2000)}`);
      }),
      once(child, 'error').then(([error]) => {
        throw new Error(`could not start ${options.python ?? SYSTEM_PYTHON}: ${(error as Error).message}`);
      }),
    ]);
    const ready = first.done ? undefined : (JSON.parse(first.value) as Reply);
    if (ready?.event !== 'ready' || typeof ready.port !== 'number') {
      child.kill('SIGKILL');
      throw new Error(`the RTSP server did not start: ${stderr.join('').trim().slice(-2000)}`);
    }
    return new RtspServer(child, host, ready.port, { [Symbol.asyncIterator]: () => lines });
  }

  uri(mount: string): string {
    return `rtsp://${this.host}:${this.port}${mount}`;
  }

  /** Serves the loop at mount (e.g. "/cam-1"); returns its URI. */
  async addMount(mount: string): Promise<string> {
    await this.command('add', mount);
    this.mounts.add(mount);
    this.running.add(mount);
    return this.uri(mount);
  }

  /** Stops sending: current clients are disconnected, new ones get 404 until startMount. */
  async stopMount(mount: string): Promise<void> {
    this.running.delete(mount); // stopping counts as stopped at once: nothing is promised to clients any more
    await this.command('stop', mount);
  }

  async startMount(mount: string): Promise<void> {
    await this.command('start', mount);
    this.running.add(mount);
  }

  isRunning(mount: string): boolean {
    return this.running.has(mount);
  }

  /** Ends the process: closing its stdin makes it quit; it is killed if it has not within a few seconds. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private async command(cmd: string, mount: string): Promise<void> {
    if (!/^\/[A-Za-z0-9._-]+$/.test(mount)) {
      throw new Error(`invalid mount ${mount}`);
    }
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve) => this.waiting.set(id, resolve));
    this.child.stdin?.write(`${JSON.stringify({ id, cmd, mount })}\n`);
    const answer = await Promise.race([
      reply,
      this.exited.then((): Reply => ({ ok: false, error: 'the RTSP server has exited' })),
    ]);
    this.waiting.delete(id);
    if (!answer.ok) {
      throw new Error(`RTSP server ${cmd} ${mount}: ${answer.error ?? 'failed'}`);
    }
  }

  private async readReplies(lines: AsyncIterable<string>): Promise<void> {
    for await (const line of lines) {
      try {
        const reply = JSON.parse(line) as Reply;
        if (reply.id !== undefined) {
          this.waiting.get(reply.id)?.(reply);
        }
      } catch {
        // not a reply: ignore
      }
    }
  }
}

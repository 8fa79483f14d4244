import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@vigil/infrastructure';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the page's files are: beside this file in the sources, and in dist/ as well (the build copies `static/`).
 * They need no build step: plain HTML, one ES module and one style sheet.
 */
export const CONSOLE_STATIC_DIR = join(__dirname, 'static');

/**
 * What the page may load and where it may connect: its own files and the API (REST and the alarm socket) only; no
 * inline script or style, no frames, no form posted anywhere (the login form is sent by the script).
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Asset = Readonly<{ body: Buffer; contentType: string }>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** Read once at start-up: a missing file stops the API instead of answering 500 later. */
const loadAssets = (dir: string): ReadonlyMap<string, Asset> =>
  new Map(
    Object.entries(CONTENT_TYPES).map(([name, contentType]) => [
      name,
      { body: readFileSync(join(dir, name)), contentType },
    ]),
  );

/**
 * The operator console (FEATURES 5.3): one static page at /console and its two files under /console/. Public, as
 * /health is: the page holds no data, and every call it makes to the API carries the operator's access token.
 */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  private readonly assets = loadAssets(CONSOLE_STATIC_DIR);

  @Get()
  page(@Res() response: FastifyReply): void {
    this.send(response, 'index.html');
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() response: FastifyReply): void {
    if (file === 'index.html' || !this.assets.has(file)) {
      throw new NotFoundException({ code: 'NOT_FOUND', message: `no console file ${file.slice(0, 100)}` });
    }
    this.send(response, file);
  }

  private send(response: FastifyReply, name: string): void {
    const asset = this.assets.get(name);
    if (!asset) {
      throw new NotFoundException({ code: 'NOT_FOUND', message: `no console file ${name}` });
    }
    response
      .status(200)
      .headers({
        'Content-Type': asset.contentType,
        'Content-Security-Policy': CONSOLE_CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      })
      .send(asset.body);
  }
}

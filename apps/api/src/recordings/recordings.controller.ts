import { Controller, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated } from '../auth/require-permission.decorator';
import { RecordingListQuery, RecordingRangeQuery, type RecordingPage } from './recordings.dto';
import { RecordingsService, type PlaybackPurpose } from './recordings.service';

const idParam = new ParseUUIDPipe({ version: '4' });

/** A file name for the download: the camera's name and the range's start, in characters every system accepts. */
const fileName = (cameraName: string, from: number): string =>
  `${cameraName}_${new Date(from).toISOString()}`.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) + '.mp4';

/**
 * Recordings of a camera (issue 6). The rights are per camera (FEATURES 9.1.5: Playback, Export), not components:
 * a Viewer plays back without any component permission. So the routes are open to every signed-in user and the
 * service checks the camera's rights (an API key holds none, and is refused).
 */
@ApiTags('recordings')
@ApiBearerAuth()
@Controller('api/cameras')
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  /** The camera's recordings overlapping [from, to), oldest first, by cursor (needs playback on the camera). */
  @Authenticated()
  @Get(':cameraId/recordings')
  list(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Query() query: RecordingListQuery,
  ): Promise<RecordingPage> {
    return this.recordings.list(actor, cameraId, query);
  }

  /** [from, to) as one MP4 to play (inline; needs playback on the camera). */
  @Authenticated()
  @ApiProduces('video/mp4')
  @Get(':cameraId/playback')
  playback(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Query() query: RecordingRangeQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<StreamableFile> {
    return this.send(actor, cameraId, query, 'playback', response);
  }

  /** [from, to) as one MP4 to download (attachment; needs export on the camera). */
  @Authenticated()
  @ApiProduces('video/mp4')
  @Get(':cameraId/export')
  export(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Query() query: RecordingRangeQuery,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<StreamableFile> {
    return this.send(actor, cameraId, query, 'export', response);
  }

  /** Writes the MP4 to a work folder (its index goes first), sends it, and removes it once sent or abandoned. */
  private async send(
    actor: Actor,
    cameraId: string,
    query: RecordingRangeQuery,
    purpose: PlaybackPurpose,
    response: FastifyReply,
  ): Promise<StreamableFile> {
    const work = mkdtempSync(join(tmpdir(), 'vigil-playback-'));
    const removeWork = (): void => rmSync(work, { recursive: true, force: true });
    const output = join(work, 'recording.mp4');
    let written;
    try {
      written = await this.recordings.writeMp4(actor, cameraId, query, purpose, output);
    } catch (error) {
      removeWork();
      throw error;
    }
    const stream = createReadStream(output);
    // sent, failed or abandoned by the client: the work folder goes either way (an open file stays readable)
    stream.once('close', removeWork);
    response.raw.once('close', () => {
      stream.destroy();
      removeWork();
    });
    response.header('X-Vigil-Media-From', new Date(written.from).toISOString());
    response.header('X-Vigil-Media-To', new Date(written.to).toISOString());
    response.header('X-Vigil-Segments', String(written.segments));
    const name = fileName(written.cameraName, written.from);
    return new StreamableFile(stream, {
      type: 'video/mp4',
      length: statSync(output).size,
      disposition: `${purpose === 'export' ? 'attachment' : 'inline'}; filename="${name}"`,
    });
  }
}

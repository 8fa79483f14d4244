import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, requestPath, type Actor } from '../auth/actor';
import { Authenticated } from '../auth/require-permission.decorator';
import { PtzMoveRequest, PtzPresetRequest, type PtzSessionView } from './ptz.dto';
import { PtzControlService, type RequestRoute } from './ptz-control.service';

const idParam = new ParseUUIDPipe({ version: '4' });
const routeOf = (request: FastifyRequest): RequestRoute => ({ method: request.method, path: requestPath(request) });

/**
 * Manual PTZ of a camera (FEATURES 8.6-8.9). The permission is per camera: the `ptz` camera permission of the
 * caller's roles, with their PTZ priority on it (checked by PtzControlService, 403 FORBIDDEN without it); the
 * routes are for signed-in people (an API key has no roles, hence no PTZ priority). Each command starts or extends
 * the caller's session and answers it; a session of a higher (or equal) priority holding the camera is a 409
 * PTZ_SESSION_HELD naming its holder.
 */
@ApiTags('ptz')
@ApiBearerAuth()
@Controller('api/cameras/:cameraId/ptz')
@Authenticated()
export class PtzController {
  constructor(private readonly ptz: PtzControlService) {}

  /** Who controls the camera now, with their priority and when their session ends; null when nobody does. */
  @Get('session')
  async current(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
  ): Promise<{ session: PtzSessionView | null }> {
    return { session: await this.ptz.current(actor, cameraId, routeOf(request)) };
  }

  /** Starts (or keeps) the caller's session without moving the camera. */
  @Post('session')
  @HttpCode(HttpStatus.OK)
  start(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
  ): Promise<PtzSessionView> {
    return this.ptz.start(actor, cameraId, routeOf(request));
  }

  /** Ends the caller's session (PTZManualSessionStopped, reason released); nothing when they hold none. */
  @Delete('session')
  @HttpCode(HttpStatus.NO_CONTENT)
  release(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.ptz.release(actor, cameraId, routeOf(request));
  }

  @Post('move')
  @HttpCode(HttpStatus.OK)
  move(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
    @Body() body: PtzMoveRequest,
  ): Promise<PtzSessionView> {
    return this.ptz.move(actor, cameraId, routeOf(request), body);
  }

  @Post('preset')
  @HttpCode(HttpStatus.OK)
  gotoPreset(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
    @Body() body: PtzPresetRequest,
  ): Promise<PtzSessionView> {
    return this.ptz.gotoPreset(actor, cameraId, routeOf(request), body);
  }

  /** The default preset (the camera's home position). */
  @Post('home')
  @HttpCode(HttpStatus.OK)
  gotoHome(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
  ): Promise<PtzSessionView> {
    return this.ptz.gotoHome(actor, cameraId, routeOf(request));
  }

  @Post('stop')
  @HttpCode(HttpStatus.OK)
  stop(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Req() request: FastifyRequest,
  ): Promise<PtzSessionView> {
    return this.ptz.stop(actor, cameraId, routeOf(request));
  }
}

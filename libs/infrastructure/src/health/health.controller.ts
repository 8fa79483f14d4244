import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import { ReadinessService, type Readiness } from './readiness.service';

/** The response of either HTTP platform (the API runs on Fastify, the workers' health servers on Express). */
type StatusResponse = { status(code: number): unknown };

/** Liveness and readiness, for supervisors and load balancers. Public: they reveal no data. */
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get('health')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'The process is alive.' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Redis and the event store answer.' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency does not answer.' })
  async ready(@Res({ passthrough: true }) response: StatusResponse): Promise<Readiness> {
    const readiness = await this.readiness.check();
    response.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}

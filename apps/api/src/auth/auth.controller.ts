import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@vigil/infrastructure';
import type { FastifyRequest } from 'fastify';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { ChangeOwnPasswordRequest, LoginRequest, RefreshRequest, TokenResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { clientAddress, CurrentActor, type Actor } from './actor';
import { Authenticated } from './require-permission.decorator';
import { effectivePermissions } from '@vigil/domain';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(AuthRateLimitGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponse })
  login(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.auth.login(body.userName, body.password, clientAddress(request));
  }

  @Public()
  @UseGuards(AuthRateLimitGuard)
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenResponse })
  refresh(@Body() body: RefreshRequest): Promise<TokenResponse> {
    return this.auth.refresh(body.refreshToken);
  }

  @Authenticated()
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Authenticated()
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentActor() actor: Actor): {
    userId: string;
    userName: string;
    isOwner: boolean;
    roleIds: string[];
    permissions: string[];
  } {
    return {
      userId: actor.userId,
      userName: actor.userName,
      isOwner: actor.isOwner,
      roleIds: actor.roles.map((role) => role.id),
      permissions: effectivePermissions(actor.roles),
    };
  }

  @Authenticated()
  @UseGuards(AuthRateLimitGuard)
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangeOwnPasswordRequest): Promise<void> {
    return this.auth.changeOwnPassword(actor, body.currentPassword, body.newPassword);
  }
}

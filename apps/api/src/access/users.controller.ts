import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated, RequirePermission } from '../auth/require-permission.decorator';
import { CreateUserRequest, ResetPasswordRequest, SetRolesRequest, UserView } from './users.dto';
import { UsersService } from './users.service';

const userIdParam = new ParseUUIDPipe({ version: '4' });

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RequirePermission('users.view')
  @Get()
  @ApiOkResponse({ type: [UserView] })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @RequirePermission('users.view')
  @Get(':userId')
  @ApiOkResponse({ type: UserView })
  get(@Param('userId', userIdParam) userId: string): Promise<UserView> {
    return this.users.get(userId);
  }

  @RequirePermission('users.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<{ userId: string }> {
    return this.users.create(actor, body);
  }

  @RequirePermission('users.manage')
  @Post(':userId/disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  disable(@CurrentActor() actor: Actor, @Param('userId', userIdParam) userId: string): Promise<void> {
    return this.users.disable(actor, userId);
  }

  @RequirePermission('users.manage')
  @Post(':userId/enable')
  @HttpCode(HttpStatus.NO_CONTENT)
  enable(@CurrentActor() actor: Actor, @Param('userId', userIdParam) userId: string): Promise<void> {
    return this.users.enable(actor, userId);
  }

  @RequirePermission('users.manage')
  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('userId', userIdParam) userId: string): Promise<void> {
    return this.users.delete(actor, userId);
  }

  @RequirePermission('users.manage')
  @Put(':userId/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('userId', userIdParam) userId: string,
    @Body() body: ResetPasswordRequest,
  ): Promise<void> {
    return this.users.resetPassword(actor, userId, body.password);
  }

  @RequirePermission('roles.manage')
  @Put(':userId/roles')
  @HttpCode(HttpStatus.NO_CONTENT)
  setRoles(
    @CurrentActor() actor: Actor,
    @Param('userId', userIdParam) userId: string,
    @Body() body: SetRolesRequest,
  ): Promise<void> {
    return this.users.setRoles(actor, userId, body.roleIds);
  }

  /** Owner only (decided by the domain, so anyone else gets 403): hands ownership to another user. */
  @Authenticated()
  @Post(':userId/ownership')
  @HttpCode(HttpStatus.NO_CONTENT)
  transferOwnership(@CurrentActor() actor: Actor, @Param('userId', userIdParam) userId: string): Promise<void> {
    return this.users.transferOwnership(actor, userId);
  }
}

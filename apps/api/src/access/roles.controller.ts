import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Role } from '@vigil/domain';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { RoleRequest } from './roles.dto';
import { RolesService } from './roles.service';

const roleIdParam = new ParseUUIDPipe({ version: '4' });

@ApiTags('roles')
@ApiBearerAuth()
@Controller('api/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @RequirePermission('users.view')
  @Get()
  list(): Promise<Role[]> {
    return this.roles.list();
  }

  @RequirePermission('roles.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: RoleRequest): Promise<{ roleId: string }> {
    return this.roles.create(actor, body);
  }

  @RequirePermission('roles.manage')
  @Put(':roleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('roleId', roleIdParam) roleId: string,
    @Body() body: RoleRequest,
  ): Promise<void> {
    return this.roles.update(actor, roleId, body);
  }

  @RequirePermission('roles.manage')
  @Delete(':roleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('roleId', roleIdParam) roleId: string): Promise<void> {
    return this.roles.delete(actor, roleId);
  }
}

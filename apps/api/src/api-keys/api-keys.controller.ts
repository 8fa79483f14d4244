import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CreateApiKeyRequest, type ApiKeyView } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('apiKeys.manage')
  @Get()
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  /** The response holds the key itself: it is shown this once and cannot be read again. */
  @RequirePermission('apiKeys.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyRequest): Promise<{ keyId: string; key: string }> {
    return this.keys.create(actor, body);
  }

  @RequirePermission('apiKeys.manage')
  @Delete(':keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('keyId', new ParseUUIDPipe({ version: '4' })) keyId: string,
  ): Promise<void> {
    return this.keys.revoke(actor, keyId);
  }
}

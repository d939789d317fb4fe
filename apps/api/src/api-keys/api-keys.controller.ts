import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { IdParamsDto } from '../users/users.dto';
import { ApiKeyCreatedDto, ApiKeyListDto, CreateApiKeyBodyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Access(POLICIES.administration.organisation)
  @Get()
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyListDto> {
    return { apiKeys: await this.keys.list(principal) };
  }

  @Access(POLICIES.administration.organisation)
  @Post()
  @ApiCreatedResponse({ type: ApiKeyCreatedDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyBodyDto,
  ): Promise<ApiKeyCreatedDto> {
    return this.keys.create(principal, body);
  }

  @Access(POLICIES.administration.organisation)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The key stops working at once.' })
  revoke(@CurrentPrincipal() principal: Principal, @Param() params: IdParamsDto): Promise<void> {
    return this.keys.revoke(principal, params.id);
  }
}

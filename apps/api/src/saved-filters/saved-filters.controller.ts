import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { IdParamsDto } from '../common/dto/id-params';
import {
  SaveFilterBodyDto,
  SavedFilterListDto,
  SavedFilterListQueryDto,
  SavedFilterResponseDto,
} from './saved-filters.dto';
import { SavedFiltersService } from './saved-filters.service';

// Anyone signed in keeps their own filters; every read and write runs in the party scope, which re-checks the session.
const OWN_FILTERS = { ...POLICIES.search.own, sessionCheckedInScope: true } as const;

@ApiTags('saved-filters')
@Controller('saved-filters')
export class SavedFiltersController {
  constructor(private readonly savedFilters: SavedFiltersService) {}

  @Access(OWN_FILTERS)
  @Get()
  @ApiOkResponse({
    type: SavedFilterListDto,
    description: 'Your own saved filters; nobody else’s.',
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: SavedFilterListQueryDto,
  ): Promise<SavedFilterListDto> {
    return { savedFilters: await this.savedFilters.list(principal, query.page) };
  }

  @Access(OWN_FILTERS)
  @Post()
  @ApiCreatedResponse({
    type: SavedFilterResponseDto,
    description: 'Saves the filter under its name (replacing yours of the same name on that page).',
  })
  async save(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SaveFilterBodyDto,
  ): Promise<SavedFilterResponseDto> {
    return { savedFilter: await this.savedFilters.save(principal, body) };
  }

  @Access(OWN_FILTERS)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted. Another user’s filter answers 404.' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<void> {
    await this.savedFilters.delete(principal, params.id);
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { SearchBodyDto, SearchResponseDto } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  // POST, not GET: the query may be an NI number, which must never sit in a URL (request logs, proxies, history).
  // Every read runs in the party scope, which re-checks the session: the caller may come from the principal cache.
  @Access({ ...POLICIES.search.own, sessionCheckedInScope: true })
  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    type: SearchResponseDto,
    description:
      'Participants, referrals, claims, remittances, subcontractor payments and organisations in your slice that match the query.',
  })
  search(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SearchBodyDto,
  ): Promise<SearchResponseDto> {
    return this.searchService.find(principal, body);
  }
}

import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { CaseloadDto, CaseloadQueryDto } from './caseload.dto';
import { CaseloadService } from './caseload.service';
import { POLICIES } from '@waymark/domain';

// Both routes read only inside a party scope, which re-checks the session: the caller may come from the principal cache.

@ApiTags('caseload')
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @Access({ ...POLICIES.caseload.read, sessionCheckedInScope: true })
  @Get()
  @ApiOkResponse({
    type: CaseloadDto,
    description: 'Referrals in your slice, filtered, sorted and keyset-paged.',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CaseloadQueryDto,
  ): Promise<CaseloadDto> {
    return this.caseload.list(principal, query);
  }

  @Access({ ...POLICIES.caseload.read, sessionCheckedInScope: true })
  @Get('export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="caseload.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'The same filters as the list, as CSV (cells starting = + - @ are prefixed with a quote).',
    schema: { type: 'string' },
  })
  export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CaseloadQueryDto,
  ): Promise<string> {
    return this.caseload.exportCsv(principal, query);
  }
}

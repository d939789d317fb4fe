import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { TrialBalanceDto, TrialBalanceQueryDto } from './ledger.dto';
import { LedgerService } from './ledger.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('ledger')
@Controller('ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Access(POLICIES.ledger.read)
  @Get('trial-balance')
  @ApiOkResponse({
    type: TrialBalanceDto,
    description:
      'Balances by account over the transfers the caller is party to (or oversees), posted in the period.',
  })
  trialBalance(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TrialBalanceQueryDto,
  ): Promise<TrialBalanceDto> {
    return this.ledger.trialBalance(principal, query);
  }
}

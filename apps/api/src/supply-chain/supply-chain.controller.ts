import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { AllocationPolicyResponseDto, DeclareAllocationPolicyBodyDto, FlowDto, PrimeContractIdParamsDto, SupplyChainDto } from './supply-chain.dto';
import { SupplyChainService } from './supply-chain.service';

const CHAIN_PARTIES = { parties: ['COMMISSIONER', 'PRIME', 'SUBCONTRACTOR'], roles: ['ADMIN', 'CASEWORKER', 'FINANCE', 'AUDITOR'] } as const;

@ApiTags('supply-chain')
@Controller('supply-chain')
export class SupplyChainController {
  constructor(private readonly supplyChain: SupplyChainService) {}

  @Access(CHAIN_PARTIES)
  @Get()
  @ApiOkResponse({ type: SupplyChainDto, description: 'Programmes, prime contracts (with bid commitments) and subcontracts in your slice.' })
  list(@CurrentPrincipal() principal: Principal): Promise<SupplyChainDto> {
    return this.supplyChain.list(principal);
  }

  @Access(CHAIN_PARTIES)
  @Get('prime-contracts/:id/flow')
  @ApiOkResponse({ type: FlowDto, description: 'Referrals received per subcontract against the bid share promised, live.' })
  flow(@CurrentPrincipal() principal: Principal, @Param() params: PrimeContractIdParamsDto): Promise<FlowDto> {
    return this.supplyChain.flow(principal, params.id);
  }

  @Access({ parties: ['PRIME'], roles: ['ADMIN'] })
  @Put('prime-contracts/:id/allocation-policy')
  @ApiOkResponse({ type: AllocationPolicyResponseDto })
  async declareAllocationPolicy(@CurrentPrincipal() principal: Principal, @Param() params: PrimeContractIdParamsDto, @Body() body: DeclareAllocationPolicyBodyDto): Promise<AllocationPolicyResponseDto> {
    return { allocationPolicy: await this.supplyChain.declareAllocationPolicy(principal, params.id, body.policy) };
  }
}

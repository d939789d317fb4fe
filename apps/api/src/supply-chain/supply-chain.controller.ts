import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AllocationPolicyResponseDto,
  ContractAreaIdParamsDto,
  ContractAreaResponseDto,
  ContractAreasResponseDto,
  DeclareAllocationPolicyBodyDto,
  FlowDto,
  FlowsQueryDto,
  FlowsResponseDto,
  PrimeContractIdParamsDto,
  ReferralPartnersResponseDto,
  SetAreaReferralPartnersBodyDto,
  SupplyChainDto,
} from './supply-chain.dto';
import { SupplyChainService } from './supply-chain.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('supply-chain')
@Controller('supply-chain')
export class SupplyChainController {
  constructor(private readonly supplyChain: SupplyChainService) {}

  @Access(POLICIES.supplyChain.read)
  @Get()
  @ApiOkResponse({
    type: SupplyChainDto,
    description:
      'Programmes, prime contracts (with bid commitments) and subcontracts in your slice.',
  })
  list(@CurrentPrincipal() principal: Principal): Promise<SupplyChainDto> {
    return this.supplyChain.list(principal);
  }

  @Access(POLICIES.supplyChain.read)
  @Get('flows')
  @ApiOkResponse({
    type: FlowsResponseDto,
    description:
      'Referrals received per subcontract against the bid share promised, live, for every prime contract in your slice (or the one named), in one call.',
  })
  async flows(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FlowsQueryDto,
  ): Promise<FlowsResponseDto> {
    return {
      flows: await this.supplyChain.flows(
        principal,
        query.primeContractId ? { primeContractId: query.primeContractId } : {},
      ),
    };
  }

  @Access(POLICIES.supplyChain.read)
  @Get('prime-contracts/:id/flow')
  @ApiOkResponse({
    type: FlowDto,
    description: 'Referrals received per subcontract against the bid share promised, live.',
  })
  flow(
    @CurrentPrincipal() principal: Principal,
    @Param() params: PrimeContractIdParamsDto,
  ): Promise<FlowDto> {
    return this.supplyChain.flow(principal, params.id);
  }

  @Access(POLICIES.supplyChain.readContractAreas)
  @Get('contract-areas')
  @ApiOkResponse({
    type: ContractAreasResponseDto,
    description:
      "Your programmes' contract areas, each with the referral partners that may refer into it.",
  })
  async contractAreas(@CurrentPrincipal() principal: Principal): Promise<ContractAreasResponseDto> {
    return { contractAreas: await this.supplyChain.contractAreas(principal) };
  }

  @Access(POLICIES.supplyChain.manageReferralPartners)
  @Get('referral-partners')
  @ApiOkResponse({
    type: ReferralPartnersResponseDto,
    description: 'Referral partner organisations on the platform, by name.',
  })
  async referralPartners(
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralPartnersResponseDto> {
    return { referralPartners: await this.supplyChain.referralPartners(principal) };
  }

  @Access(POLICIES.supplyChain.manageReferralPartners)
  @Put('contract-areas/:id/referral-partners')
  @ApiOkResponse({
    type: ContractAreaResponseDto,
    description:
      'Sets which referral partners may refer into the area (an empty list opens it to all).',
  })
  async setAreaReferralPartners(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ContractAreaIdParamsDto,
    @Body() body: SetAreaReferralPartnersBodyDto,
  ): Promise<ContractAreaResponseDto> {
    return {
      contractArea: await this.supplyChain.setAreaReferralPartners(
        principal,
        params.id,
        body.referralPartnerIds,
      ),
    };
  }

  @Access(POLICIES.supplyChain.declareAllocationPolicy)
  @Put('prime-contracts/:id/allocation-policy')
  @ApiOkResponse({ type: AllocationPolicyResponseDto })
  async declareAllocationPolicy(
    @CurrentPrincipal() principal: Principal,
    @Param() params: PrimeContractIdParamsDto,
    @Body() body: DeclareAllocationPolicyBodyDto,
  ): Promise<AllocationPolicyResponseDto> {
    return {
      allocationPolicy: await this.supplyChain.declareAllocationPolicy(
        principal,
        params.id,
        body.policy,
      ),
    };
  }
}

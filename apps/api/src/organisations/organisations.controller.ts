import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  InviteSubcontractorBodyDto,
  OnboardOrganisationBodyDto,
  OrganisationListDto,
  OrganisationOnboardedDto,
  OrganisationResponseDto,
} from './organisations.dto';
import { OrganisationsService } from './organisations.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Access(POLICIES.administration.platformOrganisations)
  @Get()
  @ApiOkResponse({ type: OrganisationListDto })
  async list(): Promise<OrganisationListDto> {
    return { organisations: await this.organisations.list() };
  }

  @Access(POLICIES.account.self)
  @Get('current')
  @ApiOkResponse({ type: OrganisationResponseDto })
  async current(@CurrentPrincipal() principal: Principal): Promise<OrganisationResponseDto> {
    return { organisation: await this.organisations.current(principal) };
  }

  @Access(POLICIES.administration.platformOrganisations)
  @Post()
  @ApiCreatedResponse({ type: OrganisationOnboardedDto })
  onboard(
    @CurrentPrincipal() principal: Principal,
    @Body() body: OnboardOrganisationBodyDto,
  ): Promise<OrganisationOnboardedDto> {
    return this.organisations.onboard(principal, body);
  }

  @Access(POLICIES.administration.inviteSubcontractor)
  @Post('subcontractors')
  @ApiCreatedResponse({
    type: OrganisationOnboardedDto,
    description:
      'A prime invites a subcontractor not yet on Waymark: the organisation and its first admin’s one-time invitation.',
  })
  inviteSubcontractor(
    @CurrentPrincipal() principal: Principal,
    @Body() body: InviteSubcontractorBodyDto,
  ): Promise<OrganisationOnboardedDto> {
    return this.organisations.inviteSubcontractor(principal, body);
  }
}

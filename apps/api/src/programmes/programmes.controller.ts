import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AddContractAreaBodyDto,
  CreatePaymentModelBodyDto,
  CreatePrimeContractBodyDto,
  CreateProgrammeBodyDto,
  CreateVersionBodyDto,
  PaymentModelResponseDto,
  PrimeCandidatesDto,
  PrimeContractResponseDto,
  ProgrammeIdParamsDto,
  ProgrammeListDto,
  ProgrammeResponseDto,
  ReturnVersionBodyDto,
  RulesInForceDto,
  RulesQueryDto,
  SimulateBodyDto,
  SetLateRecordingDaysBodyDto,
  SimulationResponseDto,
  TemplateListDto,
  UpdateVersionBodyDto,
  VersionResponseDto,
} from './programmes.dto';
import { ProgrammesService } from './programmes.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('programmes')
@Controller()
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Access(POLICIES.programmes.readTemplates)
  @Get('payment-model-templates')
  @ApiOkResponse({
    type: TemplateListDto,
    description: 'Definitions a new payment model can start from.',
  })
  templates(): TemplateListDto {
    return this.programmes.templates();
  }

  @Access(POLICIES.programmes.manage)
  @Get('programmes/prime-candidates')
  @ApiOkResponse({
    type: PrimeCandidatesDto,
    description: 'Prime providers on Waymark a commissioner can contract.',
  })
  primeCandidates(@CurrentPrincipal() principal: Principal): Promise<PrimeCandidatesDto> {
    return this.programmes.primeCandidates(principal);
  }

  @Access(POLICIES.programmes.read)
  @Get('programmes')
  @ApiOkResponse({
    type: ProgrammeListDto,
    description: 'Programmes you commission or hold a contract in.',
  })
  list(@CurrentPrincipal() principal: Principal): Promise<ProgrammeListDto> {
    return this.programmes.list(principal);
  }

  @Access(POLICIES.programmes.manage)
  @Post('programmes')
  @ApiCreatedResponse({ type: ProgrammeResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateProgrammeBodyDto,
  ): Promise<ProgrammeResponseDto> {
    return this.programmes.create(principal, body);
  }

  @Access(POLICIES.programmes.read)
  @Get('programmes/:id')
  @ApiOkResponse({
    type: ProgrammeResponseDto,
    description: 'Contract areas, payment models with their versions, and prime contracts.',
  })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<ProgrammeResponseDto> {
    return this.programmes.get(principal, params.id);
  }

  @Access(POLICIES.programmes.manage)
  @Put('programmes/:id/late-recording-days')
  @ApiOkResponse({
    type: ProgrammeResponseDto,
    description:
      'Set how many days late a journey fact may be recorded in this programme (commissioner only, with a reason; audited).',
  })
  setLateRecordingDays(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: SetLateRecordingDaysBodyDto,
  ): Promise<ProgrammeResponseDto> {
    return this.programmes.setLateRecordingDays(principal, params.id, body);
  }

  @Access(POLICIES.programmes.manage)
  @Post('programmes/:id/contract-areas')
  @ApiCreatedResponse({ type: ProgrammeResponseDto })
  addContractArea(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: AddContractAreaBodyDto,
  ): Promise<ProgrammeResponseDto> {
    return this.programmes.addContractArea(principal, params.id, body);
  }

  @Access(POLICIES.programmes.manage)
  @Post('programmes/:id/payment-models')
  @ApiCreatedResponse({
    type: PaymentModelResponseDto,
    description: 'The model with version 1 as a draft.',
  })
  createPaymentModel(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: CreatePaymentModelBodyDto,
  ): Promise<PaymentModelResponseDto> {
    return this.programmes.createPaymentModel(principal, params.id, body);
  }

  @Access(POLICIES.programmes.manage)
  @Post('programmes/:id/prime-contracts')
  @ApiCreatedResponse({ type: PrimeContractResponseDto })
  createPrimeContract(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: CreatePrimeContractBodyDto,
  ): Promise<PrimeContractResponseDto> {
    return this.programmes.createPrimeContract(principal, params.id, body);
  }

  @Access(POLICIES.programmes.read)
  @Get('payment-models/:id')
  @ApiOkResponse({ type: PaymentModelResponseDto })
  getPaymentModel(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<PaymentModelResponseDto> {
    return this.programmes.getPaymentModel(principal, params.id);
  }

  @Access(POLICIES.programmes.read)
  @Get('payment-models/:id/rules')
  @ApiOkResponse({
    type: RulesInForceDto,
    description: 'Every tariff and rule of the version in force on a day.',
  })
  rules(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Query() query: RulesQueryDto,
  ): Promise<RulesInForceDto> {
    return this.programmes.rulesOn(principal, params.id, query.on);
  }

  @Access(POLICIES.programmes.manage)
  @Post('payment-models/:id/versions')
  @ApiCreatedResponse({
    type: VersionResponseDto,
    description: 'A new draft version (a copy of the latest unless a definition is given).',
  })
  createVersion(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: CreateVersionBodyDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.createVersion(principal, params.id, body);
  }

  @Access(POLICIES.programmes.read)
  @Get('payment-model-versions/:id')
  @ApiOkResponse({ type: VersionResponseDto })
  getVersion(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.getVersion(principal, params.id);
  }

  @Access(POLICIES.programmes.manage)
  @Put('payment-model-versions/:id')
  @ApiOkResponse({ type: VersionResponseDto, description: 'Edits a draft.' })
  updateVersion(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: UpdateVersionBodyDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.updateDraft(principal, params.id, body);
  }

  @Access(POLICIES.programmes.manage)
  @Post('payment-model-versions/:id/submit')
  @HttpCode(200)
  @ApiOkResponse({
    type: VersionResponseDto,
    description: 'Submits a consistent draft for another admin to publish.',
  })
  submit(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.submit(principal, params.id);
  }

  @Access(POLICIES.programmes.manage)
  @Post('payment-model-versions/:id/return')
  @HttpCode(200)
  @ApiOkResponse({
    type: VersionResponseDto,
    description: 'Sends a submitted version back to draft, with the reason.',
  })
  returnToDraft(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: ReturnVersionBodyDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.returnToDraft(principal, params.id, body.reason);
  }

  @Access(POLICIES.programmes.manage)
  @Post('payment-model-versions/:id/publish')
  @HttpCode(200)
  @ApiOkResponse({
    type: VersionResponseDto,
    description: 'Publishes a submitted version (by an admin other than its submitter).',
  })
  publish(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
  ): Promise<VersionResponseDto> {
    return this.programmes.publish(principal, params.id);
  }

  @Access(POLICIES.programmes.read)
  @Post('payment-model-versions/:id/simulate')
  @HttpCode(200)
  @ApiOkResponse({
    type: SimulationResponseDto,
    description:
      'A hypothetical participant’s group and milestone schedule under this version, optionally compared with another.',
  })
  simulate(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProgrammeIdParamsDto,
    @Body() body: SimulateBodyDto,
  ): Promise<SimulationResponseDto> {
    return this.programmes.simulate(principal, params.id, body);
  }
}

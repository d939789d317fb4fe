import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  AnswerDisputeBodyDto,
  BankStatementIdParamsDto,
  BankStatementResponseDto,
  CommissionerPrimeQueryDto,
  CommissionerPrimeViewDto,
  DisputeIdParamsDto,
  DisputeListDto,
  DisputeResponseDto,
  ImportBankStatementBodyDto,
  ListResultsQueryDto,
  RaiseDisputeBodyDto,
  ReconciliationResultListDto,
  ReconciliationRunResponseDto,
  ResolveDisputeBodyDto,
  ResultIdParamsDto,
  RunIdParamsDto,
  RunReconciliationBodyDto,
} from './reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Access(POLICIES.reconciliation.run)
  @Post('runs')
  @ApiCreatedResponse({
    type: ReconciliationRunResponseDto,
    description: 'Expected vs recorded for the period, stored as a run with one result per line.',
  })
  run(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RunReconciliationBodyDto,
  ): Promise<ReconciliationRunResponseDto> {
    return this.reconciliation.run(principal, body);
  }

  @Access(POLICIES.reconciliation.readCommissionerPrime)
  @Get('commissioner-prime')
  @ApiOkResponse({
    type: CommissionerPrimeViewDto,
    description:
      'Commissioner → prime, computed on request: claims the commissioner approved in the period against the remittances recorded as paid for them.',
  })
  commissionerPrime(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CommissionerPrimeQueryDto,
  ): Promise<CommissionerPrimeViewDto> {
    return this.reconciliation.commissionerPrime(principal, query);
  }

  @Access(POLICIES.reconciliation.read)
  @Get('runs/:id')
  @ApiOkResponse({ type: ReconciliationRunResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RunIdParamsDto,
  ): Promise<ReconciliationRunResponseDto> {
    return this.reconciliation.get(principal, params.id);
  }

  @Access(POLICIES.reconciliation.read)
  @Get('runs/:id/results')
  @ApiOkResponse({
    type: ReconciliationResultListDto,
    description: 'The run’s lines, drilling down to claims; filter by outcome.',
  })
  results(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RunIdParamsDto,
    @Query() query: ListResultsQueryDto,
  ): Promise<ReconciliationResultListDto> {
    return this.reconciliation.listResults(principal, params.id, query);
  }

  @Access(POLICIES.reconciliation.read)
  @Get('runs/:id/disputes')
  @ApiOkResponse({ type: DisputeListDto })
  disputes(
    @CurrentPrincipal() principal: Principal,
    @Param() params: RunIdParamsDto,
  ): Promise<DisputeListDto> {
    return this.reconciliation.listDisputes(principal, params.id);
  }

  @Access(POLICIES.reconciliation.dispute)
  @Post('results/:id/disputes')
  @ApiCreatedResponse({
    type: DisputeResponseDto,
    description: 'Raised (OPEN); the other party answers; the raiser resolves.',
  })
  raiseDispute(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ResultIdParamsDto,
    @Body() body: RaiseDisputeBodyDto,
  ): Promise<DisputeResponseDto> {
    return this.reconciliation.raiseDispute(principal, params.id, body);
  }

  @Access(POLICIES.reconciliation.dispute)
  @Post('disputes/:id/answer')
  @HttpCode(200)
  @ApiOkResponse({ type: DisputeResponseDto, description: 'OPEN → ANSWERED, by the other party.' })
  answerDispute(
    @CurrentPrincipal() principal: Principal,
    @Param() params: DisputeIdParamsDto,
    @Body() body: AnswerDisputeBodyDto,
  ): Promise<DisputeResponseDto> {
    return this.reconciliation.answerDispute(principal, params.id, body);
  }

  @Access(POLICIES.reconciliation.dispute)
  @Post('disputes/:id/resolve')
  @HttpCode(200)
  @ApiOkResponse({
    type: DisputeResponseDto,
    description: '→ RESOLVED, by the party that raised it.',
  })
  resolveDispute(
    @CurrentPrincipal() principal: Principal,
    @Param() params: DisputeIdParamsDto,
    @Body() body: ResolveDisputeBodyDto,
  ): Promise<DisputeResponseDto> {
    return this.reconciliation.resolveDispute(principal, params.id, body);
  }

  @Access(POLICIES.reconciliation.run)
  @Post('bank-statements')
  @ApiCreatedResponse({
    type: BankStatementResponseDto,
    description:
      'Every line matched by reference and amount to a paid remittance or subcontractor payment of yours.',
  })
  importBankStatement(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ImportBankStatementBodyDto,
  ): Promise<BankStatementResponseDto> {
    return this.reconciliation.importBankStatement(principal, body);
  }

  @Access(POLICIES.reconciliation.read)
  @Get('bank-statements/:id')
  @ApiOkResponse({ type: BankStatementResponseDto })
  getBankStatement(
    @CurrentPrincipal() principal: Principal,
    @Param() params: BankStatementIdParamsDto,
  ): Promise<BankStatementResponseDto> {
    return this.reconciliation.getBankStatement(principal, params.id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  IdempotencyKey,
  RequiresIdempotencyKey,
} from '../common/idempotency/idempotency-key.decorator';
import { sendIdempotent } from '../common/idempotency/idempotent-reply';
import {
  ApprovePaymentBodyDto,
  ListPaymentsQueryDto,
  MarkPaymentPaidBodyDto,
  PaymentDetailDto,
  PaymentIdParamsDto,
  PaymentListDto,
  PaymentPreviewDto,
  PaymentResponseDto,
  PaymentRunDto,
  RunPaymentBodyDto,
} from './subcontractor-payments.dto';
import { SubcontractorPaymentsService } from './subcontractor-payments.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('subcontractor-payments')
@Controller('subcontractor-payments')
export class SubcontractorPaymentsController {
  constructor(private readonly payments: SubcontractorPaymentsService) {}

  @Access(POLICIES.payments.run)
  @Post()
  @RequiresIdempotencyKey()
  @ApiCreatedResponse({
    type: PaymentRunDto,
    description: 'One DRAFT payment per subcontract with anything due, computed from its terms.',
  })
  async run(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Body() body: RunPaymentBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentRunDto> {
    return sendIdempotent(reply, await this.payments.run(principal, key, body));
  }

  @Access(POLICIES.payments.run)
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({
    type: PaymentPreviewDto,
    description:
      'Dry run: exactly what POST /subcontractor-payments would create for this body (payments, lines, totals, due dates), computed by the same statements and rolled back. Writes nothing; no Idempotency-Key.',
  })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RunPaymentBodyDto,
  ): Promise<PaymentPreviewDto> {
    return this.payments.preview(principal, body);
  }

  @Access(POLICIES.payments.run)
  @Post(':id/approve')
  @HttpCode(200)
  @RequiresIdempotencyKey()
  @ApiOkResponse({
    type: PaymentResponseDto,
    description:
      'DRAFT → APPROVED, by a second prime finance or admin user: the user who ran the payment answers 403 PAYMENT_MAKER_CANNOT_APPROVE.',
  })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param() params: PaymentIdParamsDto,
    @Body() body: ApprovePaymentBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponseDto> {
    return sendIdempotent(reply, await this.payments.approve(principal, key, params.id, body));
  }

  @Access(POLICIES.payments.run)
  @Post(':id/paid')
  @HttpCode(200)
  @RequiresIdempotencyKey()
  @ApiOkResponse({
    type: PaymentResponseDto,
    description: 'APPROVED → PAID, and the transfer prime → subcontractor posted to the ledger.',
  })
  async markPaid(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param() params: PaymentIdParamsDto,
    @Body() body: MarkPaymentPaidBodyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponseDto> {
    return sendIdempotent(reply, await this.payments.markPaid(principal, key, params.id, body));
  }

  @Access(POLICIES.payments.read)
  @Get()
  @ApiOkResponse({ type: PaymentListDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPaymentsQueryDto,
  ): Promise<PaymentListDto> {
    return this.payments.list(principal, query);
  }

  @Access(POLICIES.payments.read)
  @Get(':id')
  @ApiOkResponse({ type: PaymentDetailDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: PaymentIdParamsDto,
  ): Promise<PaymentDetailDto> {
    return this.payments.get(principal, params.id);
  }
}

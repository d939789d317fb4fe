// "Where did this money come from?": a remittance or subcontractor payment,
// its lines, the claims behind them with their approvals (claim_transition)
// and evidence, the ledger transfers, and every audit event about them.
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { type z } from 'zod';
import { type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { type PaymentTrace } from './analytics.dto';
import { PaymentTraceRepository, TRACE_CLAIM_LIMIT } from './payment-trace.repository';

type Kind = 'REMITTANCE' | 'SUBCONTRACTOR_PAYMENT';

@Injectable()
export class PaymentTraceService {
  constructor(
    private readonly repository: PaymentTraceRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  trace(principal: Principal, kind: Kind, id: string): Promise<z.infer<typeof PaymentTrace>> {
    return withPartyScope(this.pool, principal, async (client) => {
      const payment =
        kind === 'REMITTANCE'
          ? await this.repository.findRemittance(client, id)
          : await this.repository.findSubcontractorPayment(client, id);
      if (!payment)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No ${kind === 'REMITTANCE' ? 'remittance' : 'subcontractor payment'} ${id} in your organisation's slice.`,
        );
      const lines =
        kind === 'REMITTANCE'
          ? await this.repository.remittanceLines(client, id)
          : await this.repository.subcontractorPaymentLines(client, id);
      const claimLines = lines.filter(
        (l): l is typeof l & { claimId: string } => l.claimId !== null,
      );
      const isTruncated = claimLines.length > TRACE_CLAIM_LIMIT;
      const shown = claimLines.slice(0, TRACE_CLAIM_LIMIT);
      const claimIds = shown.map((l) => l.claimId);
      const [claims, transitions, evidence, ledger, totalPence] = [
        await this.repository.claims(client, claimIds),
        await this.repository.transitions(client, claimIds),
        await this.repository.evidence(client, claimIds),
        await this.repository.ledger(client, kind, id),
        await this.repository.totalPence(client, kind, id),
      ];
      const auditEvents = await this.repository.auditEvents(
        client,
        { type: kind === 'REMITTANCE' ? 'remittance' : 'subcontractor_payment', id },
        claimIds,
        evidence.map((e) => e.id),
      );
      const lineOf = new Map(shown.map((l) => [l.claimId, l.amountPence]));
      return {
        kind,
        ...payment,
        totalPence,
        scheduledFees: lines
          .filter((l) => l.claimId === null)
          .map(({ claimId: _none, ...fee }) => fee),
        claims: claims.map((c) => ({
          ...c,
          linePence: lineOf.get(c.id) ?? '0',
          transitions: transitions
            .filter((t) => t.claimId === c.id)
            .map(({ claimId: _c, at, ...t }) => ({ ...t, at: at.toISOString() })),
          evidence: evidence
            .filter((e) => e.claimId === c.id)
            .map(({ claimId: _c, uploadedAt, ...e }) => ({
              ...e,
              uploadedAt: uploadedAt.toISOString(),
            })),
        })),
        isTruncated,
        ledger: ledger.map((l) => ({ ...l, occurredAt: l.occurredAt.toISOString() })),
        auditEvents: auditEvents.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
      };
    });
  }
}

// A subcontractor's statement for a period: per claim (and scheduled fee)
// what was claimed, approved by the commissioner, what the terms entitle it to,
// what it has received from the prime, what is owed and what is overdue. The
// totals reconcile by construction: owed = entitled − received, and each total
// is the sum of its column. CSV (injection-safe) and PDF (pdfkit).
import { Inject, Injectable } from '@nestjs/common';
import { formatDayInWords, formatPence } from '@waymark/domain';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { type Pool } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { ReadDatabase } from '../common/db/read-database';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { penceToPoundsText } from '../analytics/tabular-export';
import { neutraliseFormula } from '../common/csv/neutralise-formula';
import {
  scheduledLinesFor,
  SubcontractorPaymentsService,
} from '../subcontractor-payments/subcontractor-payments.service';
import { StatementsRepository } from './statements.repository';

export interface StatementLine {
  kind: 'CLAIM' | 'SCHEDULED_FEE' | 'CLAWBACK';
  claimId: string | null;
  description: string;
  status: string;
  claimedPence: string;
  approvedPence: string;
  entitledPence: string;
  receivedPence: string;
  owedPence: string;
  overduePence: string;
  dueOn: string | null;
}

const COLUMNS = [
  'claimedPence',
  'approvedPence',
  'entitledPence',
  'receivedPence',
  'owedPence',
  'overduePence',
] as const;

@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly subcontractorPayments: SubcontractorPaymentsService,
    private readonly reader: ReadDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async build(
    principal: Principal,
    subcontractId: string,
    period: { periodStart: string; periodEnd: string },
  ) {
    // The statement is a heavy read (the replica when there is one); reading it is audited on the primary.
    const built = await this.reader.withReadScope(principal, async (client) => {
      const subcontract = await this.statements.findSubcontract(
        client,
        principal.organisationId,
        subcontractId,
      );
      if (!subcontract)
        throw new AppError(CommonError.NOT_FOUND, 'No subcontract with that id among yours.');
      const today = this.clock.today();
      const owedAndOverdue = (entitled: bigint, received: bigint, dueOn: string | null) => {
        const owed = entitled - received;
        return {
          owedPence: owed.toString(),
          overduePence: (owed > 0n && dueOn !== null && dueOn < today ? owed : 0n).toString(),
        };
      };
      const entitlements = await this.subcontractorPayments.entitlementsOf(client, subcontractId);
      const claims = (await this.statements.claimLines(client, { subcontractId, ...period })).map(
        (row): StatementLine => {
          const entitledPence = entitlements.get(row.claimId)?.entitledPence ?? '0';
          const dueOn = entitlements.get(row.claimId)?.dueOn ?? null;
          return {
            kind: 'CLAIM',
            claimId: row.claimId,
            description: `${row.participantReference}: ${row.milestoneName}${row.occurrence > 1 ? ` ${row.occurrence}` : ''} on ${formatDayInWords(row.milestoneOn)}`,
            status: row.status,
            claimedPence: row.claimedPence,
            approvedPence: row.approvedPence,
            entitledPence,
            receivedPence: row.receivedPence,
            ...owedAndOverdue(BigInt(entitledPence), BigInt(row.receivedPence), dueOn),
            dueOn,
          };
        },
      );
      const received = await this.statements.scheduledReceived(client, subcontractId);
      const fees = scheduledLinesFor([subcontract], period).map((fee): StatementLine => {
        const entitled = fee.grossPence - fee.managementFeePence;
        const got = received.get(fee.description) ?? 0n;
        return {
          kind: 'SCHEDULED_FEE',
          claimId: null,
          description: fee.description,
          status: got >= entitled ? 'PAID' : 'SCHEDULED',
          claimedPence: '0',
          approvedPence: '0',
          entitledPence: entitled.toString(),
          receivedPence: got.toString(),
          ...owedAndOverdue(entitled, got, fee.dueOn),
          dueOn: fee.dueOn,
        };
      });
      // A clawback passed down is a negative line: entitled is what it gives back, received that amount once the
      // payment netting it is paid, so owed is negative (owed to the prime) until then.
      const clawbacks = (
        await this.statements.clawbackLines(client, { subcontractId, ...period })
      ).map((row): StatementLine => ({
        kind: 'CLAWBACK',
        claimId: row.claimId,
        description: `Clawback: ${row.participantReference} ${row.milestoneCode} #${row.occurrence}, decided ${row.decidedOn} (${row.reason})`,
        status: row.isPaid ? 'RECOVERED' : 'TO_RECOVER',
        claimedPence: '0',
        approvedPence: '0',
        entitledPence: row.amountPence,
        receivedPence: row.isPaid ? row.amountPence : '0',
        owedPence: row.isPaid ? '0' : row.amountPence,
        overduePence: '0',
        dueOn: row.dueOn,
      }));
      const lines = [...claims, ...clawbacks, ...fees];
      const totals = Object.fromEntries(
        COLUMNS.map((column) => [
          column,
          lines.reduce((sum, line) => sum + BigInt(line[column]), 0n).toString(),
        ]),
      ) as Record<(typeof COLUMNS)[number], string>;
      return {
        programmeId: subcontract.programmeId,
        statement: {
          subcontractId,
          subcontractorName: subcontract.subcontractorName,
          primeName: subcontract.primeName,
          primeContractReference: subcontract.primeContractReference,
          termsKind: subcontract.termsKind,
          periodStart: period.periodStart,
          periodEnd: period.periodEnd,
          asOf: today,
          lines,
          totals,
        },
      };
    });
    await withPartyScope(this.pool, principal, (client) =>
      this.audit.record(client, {
        ...auditActor(principal),
        action: 'statement.read',
        entityType: 'subcontract',
        entityId: subcontractId,
        programmeId: built.programmeId,
        data: period,
      }),
    );
    return { statement: built.statement };
  }

  async csv(
    principal: Principal,
    subcontractId: string,
    period: { periodStart: string; periodEnd: string },
  ): Promise<string> {
    const { statement } = await this.build(principal, subcontractId, period);
    // Auditors read pounds: each pence column is followed by the same figure in pounds (exact, two places).
    const money = (values: string[]) =>
      values.flatMap((pence) => [pence, penceToPoundsText(pence)]);
    return stringify([
      [
        'kind',
        'claim_id',
        'description',
        'status',
        'due_on',
        ...COLUMNS.flatMap((c) => {
          const name = c.replace(/Pence$/, '');
          return [`${name}_pence`, `${name}_pounds`];
        }),
      ],
      ...statement.lines.map((l) => [
        l.kind,
        l.claimId ?? '',
        neutraliseFormula(l.description),
        l.status,
        l.dueOn ?? '',
        ...money(COLUMNS.map((c) => l[c])),
      ]),
      [
        'TOTAL',
        '',
        neutraliseFormula(
          `${statement.subcontractorName} from ${statement.primeName}, ${statement.periodStart} to ${statement.periodEnd}`,
        ),
        '',
        '',
        ...money(COLUMNS.map((c) => statement.totals[c])),
      ],
    ]);
  }

  async pdf(
    principal: Principal,
    subcontractId: string,
    period: { periodStart: string; periodEnd: string },
  ): Promise<Buffer> {
    const { statement } = await this.build(principal, subcontractId, period);
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 36,
      info: {
        Title: `Statement ${statement.subcontractorName} ${statement.periodStart} to ${statement.periodEnd}`,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) =>
      doc.on('end', () => resolve(Buffer.concat(chunks))),
    );
    doc.fontSize(16).text(`Statement: ${statement.subcontractorName}`);
    doc
      .fontSize(10)
      .text(
        `From ${statement.primeName} (${statement.primeContractReference}), terms ${statement.termsKind}, ${statement.periodStart} to ${statement.periodEnd}, as of ${statement.asOf}`,
      );
    doc.moveDown();
    const x = [36, 300, 380, 450, 520, 590, 660, 730];
    const row = (cells: string[], bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      cells.forEach((cell, i) =>
        doc.text(cell, x[i], y, { width: (x[i + 1] ?? 800) - (x[i] ?? 0) - 4, lineBreak: false }),
      );
      doc.text('', 36, y + 12);
      if (doc.y > 540) doc.addPage();
    };
    row(['Line', 'Due', 'Claimed', 'Approved', 'Entitled', 'Received', 'Owed', 'Overdue'], true);
    for (const line of statement.lines)
      row([
        line.description,
        line.dueOn ?? '',
        ...COLUMNS.map((c) => formatPence(BigInt(line[c]))),
      ]);
    row(['Total', '', ...COLUMNS.map((c) => formatPence(BigInt(statement.totals[c])))], true);
    doc.end();
    return done;
  }
}

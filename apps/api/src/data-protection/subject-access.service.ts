// Subject access (UK GDPR Art. 15): everything held about one participant, as
// JSON and as a readable PDF, for the controller (the commissioner's admins
// and auditors) or the prime's admins acting for it. Each export is audited,
// and so is its read of special category data and of the NI number.
import { Inject, Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { auditActor, type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { decryptNiNumber } from '../common/pii/ni-number';
import { DataProtectionError } from './data-protection.errors';
import { type SubjectAccessExportData } from './data-protection.dto';
import { type SubjectParticipantRow, SubjectAccessRepository } from './subject-access.repository';

const idsOf = (rows: Record<string, unknown>[]): string[] => rows.map((row) => String(row.id));

type People = Map<string, { name: string; organisationName: string }>;
const USER_KEY = /^(.*)UserId$/;
const ORGANISATION_KEY = /^(.*)(OrganisationId|PartnerId)$/;

/** Every user and organisation id the export mentions (keys …UserId, …OrganisationId, …PartnerId), at any depth. */
export function mentionedIds(
  value: unknown,
  found = { users: new Set<string>(), organisations: new Set<string>() },
) {
  if (Array.isArray(value)) for (const item of value) mentionedIds(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string' && USER_KEY.test(key)) found.users.add(inner);
      else if (typeof inner === 'string' && ORGANISATION_KEY.test(key))
        found.organisations.add(inner);
      else mentionedIds(inner, found);
    }
  }
  return found;
}

/**
 * People read names, not ids: `recordedByUserId: <uuid>` becomes
 * `recordedBy: "Sam Carter (Acme Charity)"`, `actorUserId` becomes `actor`;
 * an organisation id beside a named person is dropped (the name carries it),
 * otherwise `…OrganisationId` / `…PartnerId` becomes `…Organisation` / `…Partner`
 * with the organisation's name.
 */
export function withNames(
  value: unknown,
  people: People,
  organisations: Map<string, string>,
): unknown {
  if (Array.isArray(value)) return value.map((item) => withNames(item, people, organisations));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const named = new Set(
    entries
      .filter(([key, inner]) => USER_KEY.test(key) && typeof inner === 'string')
      .map(([key]) => key.replace(USER_KEY, '$1')),
  );
  const out: Record<string, unknown> = {};
  for (const [key, inner] of entries) {
    const user = USER_KEY.exec(key);
    const organisation = ORGANISATION_KEY.exec(key);
    if (user) {
      const person = typeof inner === 'string' ? people.get(inner) : undefined;
      out[user[1] || 'by'] =
        typeof inner === 'string'
          ? person
            ? `${person.name} (${person.organisationName})`
            : 'a user no longer on record'
          : null;
    } else if (organisation) {
      const prefix = organisation[1] ?? '';
      if (named.has(prefix)) continue;
      const label = `${prefix}${organisation[2] === 'PartnerId' ? 'Partner' : 'Organisation'}`;
      out[label.charAt(0).toLowerCase() + label.slice(1)] =
        typeof inner === 'string'
          ? (organisations.get(inner) ?? 'an organisation no longer on record')
          : null;
    } else {
      out[key] = withNames(inner, people, organisations);
    }
  }
  return out;
}

/** snake_case column names → camelCase, so the export reads like the rest of the API. */
const camelKey = (key: string) => key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
function camelKeys(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [camelKey(key), value]));
}
/** The same, into nested records (a claim query's messages). */
function camelKeysDeep(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      camelKey(key),
      Array.isArray(value)
        ? value.map((item: unknown) =>
            item !== null && typeof item === 'object'
              ? camelKeysDeep(item as Record<string, unknown>)
              : item,
          )
        : value,
    ]),
  );
}

export function mayExportSubjectAccess(
  principal: Pick<Principal, 'organisationId' | 'roles'>,
  participant: Pick<SubjectParticipantRow, 'commissionerId' | 'primeId'>,
): boolean {
  if (participant.commissionerId === principal.organisationId)
    return principal.roles.includes('ADMIN') || principal.roles.includes('AUDITOR');
  if (participant.primeId === principal.organisationId) return principal.roles.includes('ADMIN');
  return false;
}

@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly repository: SubjectAccessRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async export(
    principal: Principal,
    participantId: string,
    format: 'json' | 'pdf',
  ): Promise<SubjectAccessExportData> {
    return withPartyScope(this.pool, principal, async (client) => {
      const participant = await this.repository.findParticipant(client, participantId);
      if (!participant)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No participant with that id is visible to your organisation.',
        );
      if (!mayExportSubjectAccess(principal, participant)) {
        throw new AppError(
          DataProtectionError.SUBJECT_ACCESS_NOT_ALLOWED,
          'Subject access exports are made by the commissioner’s admins or auditors, or the prime’s admins.',
        );
      }
      const data = await this.collect(client, principal, participant);
      const actor = auditActor(principal);
      const about = {
        entityType: 'participant',
        entityId: participant.id,
        programmeId: participant.programmeId,
      };
      if (data.specialCategory) {
        const fields = Object.keys(data.specialCategory).filter(
          (key) => key !== 'recordedBy' && key !== 'recordedAt',
        );
        await this.audit.record(client, {
          ...actor,
          ...about,
          action: 'participant.read-special-category',
          data: { fields, purpose: 'subject-access-export' },
        });
      }
      if (data.participant.niNumber)
        await this.audit.record(client, {
          ...actor,
          ...about,
          action: 'participant.read-ni-number',
          data: { purpose: 'subject-access-export' },
        });
      await this.audit.record(client, {
        ...actor,
        ...about,
        action: 'participant.subject-access-export',
        data: {
          format,
          includesNiNumber: data.participant.niNumber !== null,
          includesSpecialCategory: data.specialCategory !== null,
          counts: {
            referrals: data.referrals.length,
            activities: data.activities.length,
            claims: data.claims.length,
            claimQueries: data.claimQueries.length,
            evidence: data.evidence.length,
            dataMatchRows: data.dataMatchRows.length,
            auditEvents: data.auditEvents.length,
          },
        },
      });
      return data;
    });
  }

  async exportPdf(principal: Principal, participantId: string): Promise<Buffer> {
    return renderSubjectAccessPdf(await this.export(principal, participantId, 'pdf'));
  }

  private async collect(
    client: PoolClient,
    principal: Principal,
    participant: SubjectParticipantRow,
  ): Promise<SubjectAccessExportData> {
    const referrals = await this.repository.referrals(client, participant.id);
    const referralIds = idsOf(referrals);
    const claims = await this.repository.claims(client, referralIds);
    const claimIds = idsOf(claims);
    const evidence = await this.repository.evidence(client, claimIds);
    const requests = await this.repository.dataSubjectRequests(client, participant.id);
    const auditEvents = await this.repository.auditEvents(client, {
      participantId: participant.id,
      referralIds,
      claimIds,
      evidenceIds: idsOf(evidence),
      requestIds: idsOf(requests),
    });
    const sections = {
      specialCategory: await this.repository.findSpecialCategory(client, participant.id),
      needsAssessments: (await this.repository.needsAssessments(client, participant.id)).map(
        camelKeys,
      ),
      referrals: referrals.map(camelKeys),
      referralTransitions: (await this.repository.referralTransitions(client, referralIds)).map(
        camelKeys,
      ),
      activities: (await this.repository.activities(client, referralIds)).map(camelKeys),
      journeyEvents: (await this.repository.journeyEvents(client, referralIds)).map(camelKeys),
      jobSpells: (await this.repository.jobSpells(client, referralIds)).map(camelKeys),
      claims: claims.map(camelKeys),
      claimTransitions: (await this.repository.claimTransitions(client, claimIds)).map(camelKeys),
      claimQueries: (await this.repository.claimQueries(client, claimIds)).map(camelKeysDeep),
      evidence: evidence.map(camelKeys),
      dataMatchRows: (await this.repository.dataMatchRows(client, participant.id)).map(camelKeys),
      dataSubjectRequests: requests.map(camelKeys),
      auditEvents: auditEvents.map(camelKeys),
    };
    const mentioned = mentionedIds({ ...sections, generatedByUserId: principal.userId });
    const isUuid = (id: string) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const people = await this.repository.people(client, [...mentioned.users].filter(isUuid));
    const organisations = await this.repository.organisations(
      client,
      [...mentioned.organisations].filter(isUuid),
    );
    const named = withNames(sections, people, organisations) as Omit<
      SubjectAccessExportData,
      'generatedAt' | 'generatedBy' | 'participant'
    >;
    const generator = principal.userId ? people.get(principal.userId) : undefined;
    return {
      generatedAt: this.clock.now().toISOString(),
      generatedBy: generator ? `${generator.name} (${generator.organisationName})` : null,
      participant: {
        id: participant.id,
        reference: participant.reference,
        programmeId: participant.programmeId,
        primeContractId: participant.primeContractId,
        niNumber: safeDecrypt(participant.niNumberCiphertext, this.config.piiEncryptionKey),
        benefitType: participant.benefitType,
        dateOfBirth: participant.dateOfBirth,
        createdAt: participant.createdAt.toISOString(),
        pseudonymisedAt: participant.pseudonymisedAt?.toISOString() ?? null,
      },
      ...named,
    };
  }
}

function safeDecrypt(sealed: Buffer, key: Buffer): string | null {
  try {
    return decryptNiNumber(sealed, key);
  } catch {
    return null; // pseudonymised (empty) or sealed by another key: nothing to show
  }
}

const SECTIONS: { key: keyof SubjectAccessExportData; title: string }[] = [
  { key: 'needsAssessments', title: 'Needs assessments' },
  { key: 'referrals', title: 'Referrals' },
  { key: 'referralTransitions', title: 'Referral history' },
  { key: 'activities', title: 'Activities' },
  { key: 'journeyEvents', title: 'Milestones achieved' },
  { key: 'jobSpells', title: 'Jobs' },
  { key: 'claims', title: 'Claims' },
  { key: 'claimTransitions', title: 'Claim history' },
  { key: 'claimQueries', title: 'Queries about claims, with their messages' },
  { key: 'evidence', title: 'Evidence (metadata)' },
  { key: 'dataMatchRows', title: 'Earnings records matched to the participant' },
  { key: 'dataSubjectRequests', title: 'Data protection requests' },
  { key: 'auditEvents', title: 'Audit trail' },
];

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The export as a readable A4 document: one heading per section, one block per record. */
export function renderSubjectAccessPdf(data: SubjectAccessExportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Subject access export ${data.participant.reference}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    doc.on('end', () => resolve(Buffer.concat(chunks))),
  );
  const fields = (record: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(record))
      doc
        .font('Helvetica-Bold')
        .fontSize(8)
        .text(`${key}: `, { continued: true })
        .font('Helvetica')
        .text(show(value));
  };
  doc
    .fontSize(16)
    .font('Helvetica-Bold')
    .text(`Subject access export: participant ${data.participant.reference}`);
  doc
    .fontSize(9)
    .font('Helvetica')
    .text(
      `Generated ${data.generatedAt}. Everything Waymark holds about this participant, under UK GDPR Article 15.`,
    );
  doc.moveDown();
  doc.fontSize(12).font('Helvetica-Bold').text('Personal details');
  fields(data.participant);
  doc.moveDown();
  doc
    .fontSize(12)
    .font('Helvetica-Bold')
    .text('Special category data (health, disability, offending)');
  if (data.specialCategory) fields(data.specialCategory);
  else doc.fontSize(8).font('Helvetica').text('None held.');
  for (const section of SECTIONS) {
    const records = data[section.key] as Record<string, unknown>[];
    doc.moveDown();
    doc.fontSize(12).font('Helvetica-Bold').text(`${section.title} (${records.length})`);
    if (records.length === 0) doc.fontSize(8).font('Helvetica').text('None held.');
    for (const record of records) {
      fields(record);
      doc.moveDown(0.5);
    }
  }
  doc.end();
  return done;
}

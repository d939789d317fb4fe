// Evidence files for a claim: PDF, PNG or JPEG by their bytes, at most 10 MB,
// stored through FILE_STORAGE with the SHA-256 recorded; only parties that can
// see the claim can list or download them.
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { ClaimsService } from '../claims/claims.service';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { FILE_STORAGE, type FileStorage } from '../common/storage/file-storage';
import { detectContentType, isEvidenceContentType } from './detect-content-type';
import { EvidenceError } from './evidence.errors';
import { type EvidenceRow, EvidenceRepository } from './evidence.repository';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

function toEvidenceSummary(row: EvidenceRow) {
  return {
    id: row.id,
    claimId: row.claimId,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256.toString('hex'),
    uploadedByUserId: row.uploadedByUserId,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

/** A name safe to show and to put in Content-Disposition: no paths, no control characters. */
function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'evidence';
}

@Injectable()
export class EvidenceService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly claims: ClaimsService,
    private readonly audit: AuditService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async upload(principal: Principal, claimId: string, file: { filename: string; content: Buffer }) {
    const detected = detectContentType(file.content.subarray(0, 16));
    return withPartyScope(this.pool, principal, async (client) => {
      const claim = await this.claims.findVisibleClaim(client, principal, claimId);
      if (!isEvidenceContentType(detected)) {
        throw new AppError(
          EvidenceError.TYPE_NOT_ALLOWED,
          `The file’s content is ${detected}; evidence must be a PDF, PNG or JPEG (judged by the bytes, not the name).`,
          [{ field: 'file', message: `detected ${detected}` }],
        );
      }
      const stored = await this.storage.put(Readable.from([file.content]), {
        prefix: 'evidence',
        maxBytes: EVIDENCE_MAX_BYTES,
      });
      try {
        const filename = cleanFilename(file.filename);
        const id = await this.evidence.insert(client, {
          programmeId: claim.programmeId,
          primeContractId: claim.primeContractId,
          claimId: claim.id,
          filename,
          contentType: detected,
          sizeBytes: stored.sizeBytes,
          sha256: Buffer.from(stored.sha256, 'hex'),
          storageKey: stored.key,
          uploadedByUserId: principal.userId!,
        });
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'evidence.upload',
          entityType: 'evidence',
          entityId: id,
          programmeId: claim.programmeId,
          data: {
            claimId: claim.id,
            filename,
            contentType: detected,
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
          },
        });
        const rows = await this.evidence.listForClaim(client, claim.id);
        return toEvidenceSummary(rows.find((row) => row.id === id)!);
      } catch (error) {
        await this.storage.delete(stored.key);
        throw error;
      }
    });
  }

  async list(principal: Principal, claimId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const claim = await this.claims.findVisibleClaim(client, principal, claimId);
      return (await this.evidence.listForClaim(client, claim.id)).map(toEvidenceSummary);
    });
  }

  async open(
    principal: Principal,
    evidenceId: string,
  ): Promise<{ evidence: ReturnType<typeof toEvidenceSummary>; content: Readable }> {
    const row = await withPartyScope(this.pool, principal, async (client) => {
      const found = await this.evidence.findVisible(client, principal.organisationId, evidenceId);
      if (!found)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No evidence with that id is visible to your organisation.',
        );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'evidence.download',
        entityType: 'evidence',
        entityId: found.id,
        programmeId: found.programmeId,
        data: { claimId: found.claimId },
      });
      return found;
    });
    return { evidence: toEvidenceSummary(row), content: this.storage.get(row.storageKey) };
  }
}

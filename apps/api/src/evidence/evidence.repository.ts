import { Injectable } from '@nestjs/common';
import { type PoolClient } from 'pg';
import { visibleClaimSql } from '../claims/claim-scope';

export interface EvidenceRow {
  id: string;
  claimId: string;
  programmeId: string;
  filename: string;
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg';
  sizeBytes: string;
  sha256: Buffer;
  storageKey: string;
  uploadedByUserId: string;
  uploadedAt: Date;
}

const EVIDENCE_SELECT = `SELECT e.id, e.claim_id AS "claimId", e.programme_id AS "programmeId", e.filename, e.content_type AS "contentType",
  e.size_bytes::text AS "sizeBytes", e.sha256, e.storage_key AS "storageKey", e.uploaded_by_user_id AS "uploadedByUserId", e.uploaded_at AS "uploadedAt"
  FROM evidence e JOIN claim c ON c.id = e.claim_id`;

@Injectable()
export class EvidenceRepository {
  async insert(
    client: PoolClient,
    evidence: {
      programmeId: string;
      primeContractId: string;
      claimId: string;
      filename: string;
      contentType: string;
      sizeBytes: number;
      sha256: Buffer;
      storageKey: string;
      uploadedByUserId: string;
    },
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO evidence (programme_id, prime_contract_id, claim_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        evidence.programmeId,
        evidence.primeContractId,
        evidence.claimId,
        evidence.filename,
        evidence.contentType,
        evidence.sizeBytes,
        evidence.sha256,
        evidence.storageKey,
        evidence.uploadedByUserId,
      ],
    );
    return rows[0]!.id;
  }

  async listForClaim(client: PoolClient, claimId: string): Promise<EvidenceRow[]> {
    const { rows } = await client.query<EvidenceRow>(
      `${EVIDENCE_SELECT} WHERE e.claim_id = $1 ORDER BY e.uploaded_at, e.id`,
      [claimId],
    );
    return rows;
  }

  async findVisible(
    client: PoolClient,
    organisationId: string,
    evidenceId: string,
  ): Promise<EvidenceRow | undefined> {
    const { rows } = await client.query<EvidenceRow>(
      `${EVIDENCE_SELECT} WHERE e.id = $2 AND ${visibleClaimSql('c', '$1')}`,
      [organisationId, evidenceId],
    );
    return rows[0];
  }
}

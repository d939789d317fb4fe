// A programme's OCDS release package, for its commissioner and (once the
// commissioner publishes it) for anyone. Each fetch builds the programme's
// releases from the current data and makes a new release only for a
// contracting process whose content changed since its latest release: that
// release gets the next id and the time of the fetch as its date; unchanged
// processes keep their release. The package carries every release made, so
// a reader can compile each process's record and see what changed when.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { canonicalJson } from '../common/audit/canonical-json';
import { auditActor, type Principal } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig, type OpenDataPublisherConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { buildReleasePackage, buildReleases, type OcdsRelease } from './ocds-release-package';
import { type OcdsProgramme, OpenDataRepository } from './open-data.repository';

export const publishedPackagePath = (programmeId: string) =>
  `/open-data/published/programmes/${programmeId}/ocds`;

@Injectable()
export class OpenDataService {
  constructor(
    private readonly repository: OpenDataRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The programme's release package, for its commissioner (published or not). */
  releasePackage(principal: Principal, programmeId: string) {
    const publisher = this.publisher();
    return withPartyScope(this.pool, principal, async (client) => {
      const programme = await this.ownProgramme(client, principal, programmeId);
      return this.packageOf(client, publisher, programme, auditActor(principal));
    });
  }

  /** The package of a programme its commissioner has published; 404 otherwise. Nobody is signed in. */
  async publishedPackage(programmeId: string) {
    const notPublished = () =>
      new AppError(CommonError.NOT_FOUND, `No published open data for programme ${programmeId}.`);
    const publisher = this.config.openData;
    if (!publisher) throw notPublished();
    const commissionerId = await this.repository.publishedProgrammeCommissioner(
      this.pool,
      programmeId,
    );
    if (!commissionerId) throw notPublished();
    // Read as the commissioner's organisation: row-level security still
    // confines every query to what that commissioner may see.
    return withPartyScope(this.pool, { organisationId: commissionerId }, async (client) => {
      const programme = await this.repository.findProgramme(client, commissionerId, programmeId);
      const publication = await this.repository.publication(client, programmeId);
      if (!programme || !publication?.isPublished) throw notPublished();
      // Nobody is signed in: a release made now is the system's.
      return this.packageOf(client, publisher, programme, {
        actorUserId: null,
        actorOrganisationId: null,
      });
    });
  }

  publication(principal: Principal, programmeId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      return this.publicationView(client, programmeId);
    });
  }

  /** The commissioner publishes the programme's package at its public URL, or withdraws it. */
  setPublication(principal: Principal, programmeId: string, isPublished: boolean) {
    if (isPublished) this.publisher();
    const userId = principal.userId;
    if (!userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'Publishing open data is a decision a signed-in person makes, not an API key.',
      );
    return withPartyScope(this.pool, principal, async (client) => {
      await this.ownProgramme(client, principal, programmeId);
      const before = await this.repository.publication(client, programmeId);
      if ((before?.isPublished ?? false) !== isPublished) {
        await this.repository.setPublication(client, programmeId, isPublished, userId);
        await this.audit.record(client, {
          ...auditActor(principal),
          action: isPublished ? 'open-data.publish' : 'open-data.withdraw',
          entityType: 'programme',
          entityId: programmeId,
          programmeId,
          data: { path: publishedPackagePath(programmeId) },
        });
      }
      return this.publicationView(client, programmeId);
    });
  }

  private async publicationView(client: PoolClient, programmeId: string) {
    const row = await this.repository.publication(client, programmeId);
    const base = this.config.openData?.publicBaseUrl;
    return {
      programmeId,
      isPublished: row?.isPublished ?? false,
      publicUrl: base ? `${base}${publishedPackagePath(programmeId)}` : null,
      changedAt: row?.changedAt.toISOString() ?? null,
      changedBy: row
        ? { name: row.changedByName, organisationName: row.changedByOrganisationName }
        : null,
    };
  }

  private publisher(): OpenDataPublisherConfig {
    const publisher = this.config.openData;
    if (!publisher) {
      throw new AppError(
        CommonError.CONFLICT,
        'Open data has no publisher configured: set OCDS_PUBLISHER_NAME, OCDS_PUBLIC_BASE_URL and OCDS_PUBLICATION_POLICY_URL.',
      );
    }
    return publisher;
  }

  private async ownProgramme(
    client: PoolClient,
    principal: Principal,
    programmeId: string,
  ): Promise<OcdsProgramme> {
    const programme = await this.repository.findProgramme(
      client,
      principal.organisationId,
      programmeId,
    );
    if (!programme)
      throw new AppError(
        CommonError.NOT_FOUND,
        `No programme ${programmeId} commissioned by your organisation.`,
      );
    return programme;
  }

  private async packageOf(
    client: PoolClient,
    publisher: OpenDataPublisherConfig,
    programme: OcdsProgramme,
    actor: { actorUserId: string | null; actorOrganisationId: string | null },
  ) {
    const now = this.clock.now();
    const contents = buildReleases({
      ocidPrefix: publisher.ocidPrefix,
      today: this.clock.today(),
      programme,
      primeContracts: await this.repository.primeContracts(client, programme.id),
      subcontracts: await this.repository.subcontracts(client, programme.id),
      remittances: await this.repository.remittances(client, programme.id),
      subcontractorPayments: await this.repository.subcontractorPayments(client, programme.id),
      milestoneTypes: await this.repository.milestoneTypes(client, programme.id),
    });
    await this.repository.lockReleases(client, programme.id);
    const latest = new Map(
      (await this.repository.latestReleases(client, programme.id)).map((r) => [r.ocid, r]),
    );
    for (const content of contents) {
      const contentSha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
      const previous = latest.get(content.ocid);
      if (previous?.contentSha256 === contentSha256) continue;
      const sequence = (previous?.sequence ?? 0) + 1;
      const { ocid, ...rest } = content;
      const release: OcdsRelease = {
        ocid,
        id: `${ocid}-${sequence}`,
        date: now.toISOString(),
        ...rest,
      };
      await this.repository.insertRelease(client, programme.id, {
        ocid: content.ocid,
        sequence,
        releaseId: release.id,
        releasedAt: release.date,
        contentSha256,
        release,
      });
      await this.audit.record(client, {
        ...actor,
        action: 'open-data.release',
        entityType: 'programme',
        entityId: programme.id,
        programmeId: programme.id,
        data: { ocid, releaseId: release.id, sequence },
      });
    }
    return buildReleasePackage({
      uri: `${publisher.publicBaseUrl}${publishedPackagePath(programme.id)}`,
      publisher: {
        name: publisher.publisherName,
        scheme: publisher.publisherScheme,
        uid: publisher.publisherUid,
        uri: publisher.publisherUri,
      },
      publicationPolicy: publisher.publicationPolicyUrl,
      releases: await this.repository.releases(client, programme.id),
    });
  }
}

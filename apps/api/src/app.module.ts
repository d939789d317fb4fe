import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import './error-areas';
import { ConfigModule } from './common/config/config.module';
import { type AppConfig } from './common/config/env';
import { DatabaseModule } from './common/db/database.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { ZodValidationPipe } from './common/errors/zod-validation.pipe';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './common/audit/audit.module';
import { JobsModule } from './common/jobs/jobs.module';
import { StorageModule } from './common/storage/storage.module';
import { AccessGuard } from './common/auth/access.guard';
import { UsersModule } from './users/users.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ReferralImportsModule } from './referral-imports/referral-imports.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { LedgerModule } from './ledger/ledger.module';
import { RemittancesModule } from './remittances/remittances.module';
import { SubcontractorPaymentsModule } from './subcontractor-payments/subcontractor-payments.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { StatementsModule } from './statements/statements.module';
import { ReferralsModule } from './referrals/referrals.module';
import { SupplyChainModule } from './supply-chain/supply-chain.module';
import { SubcontractsModule } from './subcontracts/subcontracts.module';
import { JourneysModule } from './journeys/journeys.module';
import { CaseloadModule } from './caseload/caseload.module';
import { ClaimsModule } from './claims/claims.module';
import { ClaimQueriesModule } from './claim-queries/claim-queries.module';
import { EvidenceModule } from './evidence/evidence.module';
import { DataMatchesModule } from './data-matches/data-matches.module';
import { ClaimSamplesModule } from './claim-samples/claim-samples.module';
import { DataProtectionModule } from './data-protection/data-protection.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AlertsModule } from './alerts/alerts.module';
import { OpenDataModule } from './open-data/open-data.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ClockModule } from './common/clock/clock';
import { ProgrammesModule } from './programmes/programmes.module';
import { NotificationsModule } from './notifications/notifications.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { SearchModule } from './search/search.module';
import { SavedFiltersModule } from './saved-filters/saved-filters.module';

@Module({})
export class AppModule {
  static forRoot(options: { config: AppConfig; databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl, {
          pooler: options.config.databasePooler,
          directUrl: options.config.databaseDirectUrl,
          poolMax: options.config.databasePoolMax,
          readUrl: options.config.databaseReadUrl,
          readMaxLagSeconds: options.config.databaseReadMaxLagSeconds,
        }),
        ClockModule,
        AuditModule,
        JobsModule,
        StorageModule,
        HealthModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        OrganisationsModule,
        ReferralImportsModule,
        IdempotencyModule,
        LedgerModule,
        RemittancesModule,
        SubcontractorPaymentsModule,
        ReconciliationModule,
        StatementsModule,
        ReferralsModule,
        SupplyChainModule,
        SubcontractsModule,
        JourneysModule,
        CaseloadModule,
        ClaimsModule,
        ClaimQueriesModule,
        EvidenceModule,
        DataMatchesModule,
        ClaimSamplesModule,
        DataProtectionModule,
        AnalyticsModule,
        AlertsModule,
        OpenDataModule,
        DashboardModule,
        ProgrammesModule,
        NotificationsModule,
        AuditTrailModule,
        SearchModule,
        SavedFiltersModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}

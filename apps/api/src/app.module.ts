import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
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

@Module({})
export class AppModule {
  static forRoot(options: { config: AppConfig; databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(options.config), DatabaseModule.forRoot(options.databaseUrl), AuditModule, JobsModule, StorageModule, HealthModule, AuthModule, UsersModule, ApiKeysModule, OrganisationsModule],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}

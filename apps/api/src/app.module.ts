import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from './common/config/config.module';
import { type AppConfig } from './common/config/env';
import { DatabaseModule } from './common/db/database.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { ZodValidationPipe } from './common/errors/zod-validation.pipe';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(options: { config: AppConfig; databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(options.config), DatabaseModule.forRoot(options.databaseUrl), HealthModule],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}

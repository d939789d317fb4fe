import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const HealthResponse = z
  .object({ status: z.literal('ok').describe('The process is up and serving requests.') })
  .describe('Liveness: answers without touching the database.');
export class HealthResponseDto extends createZodDto(HealthResponse) {}

export const ReadinessResponse = z
  .object({
    status: z.literal('ready'),
    database: z.literal('ok').describe('A query round-trip to PostgreSQL succeeded.'),
    migrations: z.object({
      applied: z.number().int().describe('Number of applied migrations.'),
      latest: z.string().nullable().describe('Name of the newest applied migration.'),
    }),
  })
  .describe('Readiness: the database is reachable and every migration is applied unchanged.');
export class ReadinessResponseDto extends createZodDto(ReadinessResponse) {}

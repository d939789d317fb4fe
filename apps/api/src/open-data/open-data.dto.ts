import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const ProgrammeIdParams = z.strictObject({ id: z.uuid('must be a programme id (uuid)') });
export class OpenDataProgrammeIdParamsDto extends createZodDto(ProgrammeIdParams) {}

// The package's full shape is the OCDS 1.1 release-package schema (schema/ in this folder); described loosely here.
export const ReleasePackage = z
  .object({
    uri: z.string(),
    version: z.literal('1.1'),
    publishedDate: z.string(),
    publisher: z.object({ name: z.string(), scheme: z.string().optional(), uid: z.string().optional() }),
    license: z.string().optional(),
    publicationPolicy: z.string().optional(),
    releases: z.array(z.record(z.string(), z.unknown())).describe('OCDS 1.1 releases: the programme (planning, tender), prime contracts and subcontracts (award, contract, implementation).'),
  })
  .describe('An OCDS 1.1 release package.');
export class ReleasePackageDto extends createZodDto(ReleasePackage) {}

import { createZodDto } from '../common/dto/create-zod-dto';
import { z } from 'zod';

export const ProgrammeIdParams = z.strictObject({ id: z.uuid('must be a programme id (uuid)') });
export class OpenDataProgrammeIdParamsDto extends createZodDto(ProgrammeIdParams) {}

// The package's full shape is the official OCDS 1.1.5 release-package schema
// (schema/ in this folder, which the tests validate every export against); described loosely here.
export const ReleasePackage = z
  .object({
    uri: z.string().describe('Where this package is published (the programme’s public URL).'),
    version: z.literal('1.1'),
    extensions: z
      .array(z.string())
      .describe(
        'The OCDS extensions used: the subcontracting extension (awards’ hasSubcontracting and subcontracting).',
      ),
    publishedDate: z.string().describe('The date of the last change to the package’s contents.'),
    publisher: z.object({
      name: z.string(),
      scheme: z.string().optional(),
      uid: z.string().optional(),
      uri: z.string().optional(),
    }),
    license: z.string().optional(),
    publicationPolicy: z.string().optional(),
    releases: z
      .array(z.record(z.string(), z.unknown()))
      .describe(
        'Every OCDS release made for the programme, oldest first per process: the programme (tender, prime contracts as awards and contracts, payments to primes) and each subcontract (award, contract, payments to the subcontractor). Unchanged data keeps its release id and date.',
      ),
  })
  .describe('An OCDS 1.1 release package.');
export class ReleasePackageDto extends createZodDto(ReleasePackage) {}

export const SetPublicationBody = z.strictObject({
  isPublished: z
    .boolean()
    .describe(
      'true: anyone may read the programme’s release package at its public URL, without signing in; false: withdraw it.',
    ),
});
export class SetPublicationBodyDto extends createZodDto(SetPublicationBody) {}

export const Publication = z
  .object({
    programmeId: z.uuid(),
    isPublished: z.boolean().describe('Whether the package is public now.'),
    publicUrl: z
      .string()
      .nullable()
      .describe(
        'The public, unauthenticated address of the package (null while no publisher is configured).',
      ),
    changedAt: z
      .string()
      .nullable()
      .describe('When the commissioner last published or withdrew it (null: never).'),
    changedBy: z
      .object({ name: z.string(), organisationName: z.string() })
      .nullable()
      .describe('Who last published or withdrew it.'),
  })
  .describe('A commissioner’s choice to publish a programme’s open data.');
export const PublicationResponse = z.object({ publication: Publication });
export class PublicationResponseDto extends createZodDto(PublicationResponse) {}

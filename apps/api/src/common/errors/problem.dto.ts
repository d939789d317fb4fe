import { createZodDto } from '../dto/create-zod-dto';
import { z } from 'zod';

/** The RFC 9457 body of every error response; published in OpenAPI so clients type it. */
export const ProblemDocumentSchema = z
  .object({
    type: z.string().describe('Stable URI identifying the problem type.'),
    title: z.string().describe('Short, human-readable summary of the problem type.'),
    status: z.number().int().describe('HTTP status code.'),
    detail: z.string().describe('What went wrong in this occurrence, and what was expected.'),
    code: z.string().describe('Machine-readable error code, e.g. VALIDATION_FAILED.'),
    instance: z.string().optional().describe('The request path.'),
    requestId: z
      .string()
      .optional()
      .describe('Correlates with server logs and the x-request-id header.'),
    errors: z
      .array(z.object({ field: z.string().describe('e.g. body.amountPence'), message: z.string() }))
      .optional()
      .describe('Every invalid field, for validation errors.'),
  })
  .catchall(
    z
      .unknown()
      .describe(
        'Extension members with machine-readable context, e.g. dueDate or allowedTransitions.',
      ),
  )
  .describe('RFC 9457 problem details.');

export class ProblemDocument extends createZodDto(ProblemDocumentSchema) {}

import { z } from 'zod';
import { createZodDto } from './create-zod-dto';

/** `/:id` path parameter of every record route. */
export const IdParams = z.strictObject({ id: z.uuid('must be a UUID') });
export class IdParamsDto extends createZodDto(IdParams) {}

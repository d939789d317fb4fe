// Validates every @Body/@Query/@Param typed with a zod DTO (createZodDto) and
// reports every bad field, prefixed with where it came from (body.x, query.y).
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type ZodType } from 'zod';
import { AppError } from './app-error';
import { CommonError } from './error-codes';
import { fieldErrorsFrom } from './problem.filter';

interface ZodDtoClass {
  isZodDto: true;
  schema: ZodType;
}

function isZodDto(metatype: unknown): metatype is ZodDtoClass {
  return typeof metatype === 'function' && (metatype as Partial<ZodDtoClass>).isZodDto === true;
}

@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!isZodDto(metadata.metatype)) return value;
    const where =
      metadata.type === 'param' ? 'params' : metadata.type === 'custom' ? 'input' : metadata.type;
    const result = metadata.metatype.schema.safeParse(value ?? (where === 'body' ? undefined : {}));
    if (result.success) return result.data;
    const errors = fieldErrorsFrom(result.error, where);
    const first = errors[0];
    throw new AppError(
      CommonError.VALIDATION_FAILED,
      first
        ? `${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
        : 'The request is not valid.',
      errors,
    );
  }
}

import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { ProblemDocument } from '../errors/problem.dto';
import { IdempotencyError } from './idempotency.errors';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key; a missing or malformed key answers 428 before any work is done. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const value = context.switchToHttp().getRequest<FastifyRequest>().headers[IDEMPOTENCY_HEADER];
    if (typeof value !== 'string' || !KEY_SHAPE.test(value)) {
      throw new AppError(
        IdempotencyError.IDEMPOTENCY_KEY_REQUIRED,
        'Money-moving requests need an Idempotency-Key header (1–255 printable ASCII characters, e.g. a UUID) so a retry cannot pay twice.',
        [
          {
            field: 'headers.idempotency-key',
            message:
              typeof value === 'string'
                ? 'must be 1–255 printable ASCII characters'
                : 'is required',
          },
        ],
      );
    }
    return value;
  },
);

/** OpenAPI for a route that requires an Idempotency-Key. */
export const RequiresIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        'Unique per intended operation (e.g. a UUID). A retry with the same key and body replays the first response.',
    }),
    ApiResponse({
      status: 409,
      type: ProblemDocument,
      description: 'IDEMPOTENCY_REQUEST_IN_FLIGHT, or a business conflict.',
    }),
    ApiResponse({
      status: 422,
      type: ProblemDocument,
      description: 'IDEMPOTENCY_KEY_REUSED: the key was used for a different request.',
    }),
    ApiResponse({ status: 428, type: ProblemDocument, description: 'IDEMPOTENCY_KEY_REQUIRED.' }),
  );

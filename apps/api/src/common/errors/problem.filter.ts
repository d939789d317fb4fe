// The single exception filter: whatever was thrown leaves as an RFC 9457
// problem document. Bad input is never a 500; unexpected errors are logged
// with the request id and answered with a generic 500 that leaks nothing.
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ZodValidationException } from 'nestjs-zod';
import { type ZodError } from 'zod';
import { AppError, type FieldError } from './app-error';
import { CommonError, type ErrorCode } from './error-codes';
import { describeCause, isInfrastructureFailure } from './infrastructure-failure';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { code, detail, errors, headers, extensions } = this.classify(exception, request);
    const problem = buildProblem({
      code,
      detail,
      errors,
      extensions,
      instance: request.url,
      requestId: String(request.id),
    });
    if (code === CommonError.NOT_READY && !(exception instanceof AppError)) {
      this.logger.error(
        { cause: describeCause(exception), requestId: request.id },
        'The database could not be used; answered 503',
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        { cause: describeCause(exception), requestId: request.id },
        'Unhandled error',
      );
    }
    void reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(problem);
  }

  private classify(
    exception: unknown,
    request: FastifyRequest,
  ): {
    code: ErrorCode;
    detail: string;
    errors?: FieldError[];
    headers?: Record<string, string>;
    extensions?: Record<string, unknown>;
  } {
    if (exception instanceof AppError) {
      return {
        code: exception.code,
        detail: exception.detail,
        errors: exception.errors,
        headers: exception.headers,
        extensions: exception.extensions,
      };
    }
    if (exception instanceof ZodValidationException) {
      const errors = fieldErrorsFrom(exception.getZodError() as ZodError, 'body');
      return { code: CommonError.VALIDATION_FAILED, detail: summarise(errors), errors };
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception, request);
    }
    const fastifyCode = (exception as { code?: unknown }).code;
    const statusCode = (exception as { statusCode?: unknown }).statusCode;
    if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
      return fromFastifyError(fastifyCode, (exception as Error).message, statusCode);
    }
    if (isMalformedMultipart(exception) || (isPrematureClose(exception) && request.isMultipart())) {
      return {
        code: CommonError.MALFORMED_REQUEST,
        detail: `The multipart body could not be parsed: ${exception.message}`,
      };
    }
    if (isInfrastructureFailure(exception)) {
      return {
        code: CommonError.NOT_READY,
        detail: 'Waymark cannot reach its database just now. Try again shortly.',
        headers: { 'retry-after': '5' },
      };
    }
    if (isClosedRecordRefusal(exception)) {
      return {
        code: CommonError.CONFLICT,
        detail:
          'The participant’s record is closed: their personal data was erased or pseudonymised, so nothing more is recorded or claimed under it. A returning person is referred afresh, as a new start.',
      };
    }
    return {
      code: CommonError.INTERNAL,
      detail: 'Something went wrong on our side. Quote the request id if you contact support.',
    };
  }
}

/** Turns zod issues into `{ field, message }` pairs; `where` prefixes the path (body, query, params). */
export function fieldErrorsFrom(error: ZodError, where: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [where, ...issue.path.map(String)];
    // Strict DTOs accept only declared fields: name each stray field on its own.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...base, key].join('.'),
        message: 'is not a field this route accepts',
      }));
    }
    return [{ field: base.join('.'), message: issue.message }];
  });
}

function summarise(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is not valid.';
  const first = errors[0]!;
  const more =
    errors.length > 1
      ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`
      : '';
  return `${first.field}: ${first.message}${more}`;
}

function fromHttpException(exception: HttpException, request: FastifyRequest) {
  const status = exception.getStatus();
  switch (status) {
    case 404:
      return {
        code: CommonError.ROUTE_NOT_FOUND,
        detail: `No route matches ${request.method} ${request.url.split('?')[0]}.`,
      };
    case 401:
      return {
        code: CommonError.UNAUTHENTICATED,
        detail: 'Sign in, or send a valid bearer token or API key.',
      };
    case 403:
      return { code: CommonError.FORBIDDEN, detail: 'Your role does not allow this action.' };
    case 405:
      return {
        code: CommonError.METHOD_NOT_ALLOWED,
        detail: `${request.method} is not allowed here.`,
      };
    case 413:
      return { code: CommonError.PAYLOAD_TOO_LARGE, detail: exception.message };
    case 415:
      return { code: CommonError.UNSUPPORTED_MEDIA_TYPE, detail: exception.message };
    case 429:
      return { code: CommonError.RATE_LIMITED, detail: exception.message };
    default:
      if (status >= 400 && status < 500)
        return { code: CommonError.MALFORMED_REQUEST, detail: exception.message };
      return {
        code: CommonError.INTERNAL,
        detail: 'Something went wrong on our side. Quote the request id if you contact support.',
      };
  }
}

/**
 * The multipart parser (@fastify/busboy) throws plain Errors, without a code,
 * for a body the client got wrong: no boundary, a bad part header, a form cut
 * short. Bad input, so 400 — not a 500 (found by the hostile-input drill).
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Unexpected end of multipart data|(Part|Preamble) terminated early due to unexpected end of multipart data)/;
function isMalformedMultipart(exception: unknown): exception is Error {
  return exception instanceof Error && MALFORMED_MULTIPART.test(exception.message);
}

/**
 * The database refusing a write about a pseudonymised participant (trigger
 * participant_pseudonymised_record_closed in prisma/schema.sql): whichever
 * area's write reached it, a conflict with the record's state, never a 500.
 */
function isClosedRecordRefusal(exception: unknown): boolean {
  const { code, constraint } = (exception ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23514' && constraint === 'participant_pseudonymised_record_closed';
}

/** A multipart upload whose body ended mid-part surfaces from the storage pipeline as a premature close. */
function isPrematureClose(exception: unknown): exception is Error {
  // Duck-typed: Node's internal stream errors need not share this realm's Error (under Jest they do not).
  return (exception as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function fromFastifyError(fastifyCode: string, message: string, statusCode: unknown) {
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      code: CommonError.PAYLOAD_TOO_LARGE,
      detail: 'The request body is larger than this route accepts.',
    };
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      code: CommonError.UNSUPPORTED_MEDIA_TYPE,
      detail: `${message}. Send application/json.`,
    };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      code: CommonError.MALFORMED_REQUEST,
      detail: `The request body could not be parsed: ${message}`,
    };
  }
  return {
    code: CommonError.INTERNAL,
    detail: 'Something went wrong on our side. Quote the request id if you contact support.',
  };
}

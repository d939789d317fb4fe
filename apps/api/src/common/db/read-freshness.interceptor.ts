import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';
import { readFreshnessStore, type ReadFreshness } from './read-database';

/** Response headers saying how fresh an answer's data is (docs/operations.md, "A read replica"). */
export const FRESHNESS_HEADERS = {
  source: 'waymark-data-source',
  asOf: 'waymark-data-as-of',
  lag: 'waymark-data-lag-seconds',
} as const;

/**
 * The Waymark-Data-* headers as the API document declares them (the `headers` of a route's ApiOkResponse), on the
 * routes whose reads may come from the read replica: the dashboard, analytics and statements.
 */
export const DATA_FRESHNESS_RESPONSE_HEADERS = {
  'Waymark-Data-Source': {
    description:
      'Which server answered the heavy reads behind this answer: `replica` or `primary`. Sent only when the deployment has a read replica (DATABASE_READ_URL).',
    schema: { type: 'string', enum: ['replica', 'primary'] },
  },
  'Waymark-Data-As-Of': {
    description:
      'The instant the data behind this answer is complete up to (ISO 8601, UTC). Sent only with a read replica.',
    schema: { type: 'string', format: 'date-time' },
  },
  'Waymark-Data-Lag-Seconds': {
    description:
      'Seconds the replica was behind the primary at its last probe (0.0 when the primary answered). Sent only with a read replica.',
    schema: { type: 'string', pattern: '^[0-9]+\\.[0-9]$' },
  },
};

function setHeaders(reply: FastifyReply, freshness: ReadFreshness | undefined): void {
  if (!freshness || reply.sent) return;
  void reply.header(FRESHNESS_HEADERS.source, freshness.source);
  void reply.header(FRESHNESS_HEADERS.asOf, freshness.dataAsOf.toISOString());
  void reply.header(FRESHNESS_HEADERS.lag, freshness.lagSeconds.toFixed(1));
}

/**
 * Gives each request a place where ReadDatabase notes which server answered
 * its heavy reads and how far behind that server was, and sends it as the
 * Waymark-Data-* headers (JSON and file exports alike). Requests that made no
 * such read, and every request when no replica is configured, carry none.
 */
@Injectable()
export class ReadFreshnessInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const store: { freshness?: ReadFreshness } = {};
    return new Observable((subscriber) =>
      readFreshnessStore.run(store, () =>
        next
          .handle()
          .pipe(tap(() => setHeaders(reply, store.freshness)))
          .subscribe(subscriber),
      ),
    );
  }
}

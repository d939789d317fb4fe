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

import { type FastifyReply } from 'fastify';
import { type IdempotentResponse } from './idempotency.service';

/** Sends the first response's status, and marks a replay so clients can tell. */
export function sendIdempotent<T>(reply: FastifyReply, response: IdempotentResponse<T>): T {
  void reply.status(response.status);
  if (response.isReplay) void reply.header('idempotent-replayed', 'true');
  return response.body;
}

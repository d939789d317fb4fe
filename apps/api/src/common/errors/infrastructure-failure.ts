// Errors that are our infrastructure failing (the database down, restarting,
// out of connections), not the caller's request: they answer 503 NOT_READY
// with Retry-After, never 401 or 500, and are logged by their fields only.

/**
 * SQLSTATEs of a database that cannot serve us just now: connection exceptions (class 08), shutdown or start-up (57P01–57P03), too
 * many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
/** Socket-level failures reaching the database. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** Prisma's codes for an unreachable or closed database server. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** node-postgres and pg-pool say these in words, without a code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|Cannot use a pool after calling end/i;

/** True when the error (or any error in its cause chain) means the database could not be used, rather than a bad request or a bug. */
export function isInfrastructureFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, name, cause } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_SQLSTATES.test(code) ||
      UNAVAILABLE_SOCKET_CODES.has(code) ||
      UNAVAILABLE_PRISMA_CODES.has(code))
  )
    return true;
  if (name === 'PrismaClientInitializationError') return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // AggregateError (a refused connection to every address of a host) and wrapped driver errors.
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some((inner) => isInfrastructureFailure(inner, depth + 1)))
    return true;
  return isInfrastructureFailure(cause, depth + 1);
}

/**
 * An error for a log line, by its fields only. A pg error can carry its
 * client (and that the pool, the connection, the parser…): serialised whole it
 * is dozens of lines and may hold the connection string. Never log the object.
 */
export function describeCause(error: unknown): {
  type: string;
  message: string;
  code?: string;
  stack?: string;
} {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      type: error.name,
      message: error.message,
      ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  if (typeof error === 'string') return { type: 'string', message: error };
  return { type: typeof error, message: 'a value that is not an Error was thrown' };
}

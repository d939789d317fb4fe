// Builds the Nest application without listening, so main.ts, the OpenAPI
// writer and the end-to-end tests all run exactly the same wiring.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { type AppConfig } from './common/config/env';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { AppModule } from './app.module';
import { ProblemDocument } from './common/errors/problem.dto';
import { CSRF_HEADER } from './common/auth/csrf';
import { finishOpenApiDocument, readRouteAccess } from './common/openapi/finish-document';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** JSON bodies are small; file uploads use multipart with their own per-route limits. */
const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** The largest file any route accepts (bulk referral files); evidence routes set lower limits. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export async function createApp(options: {
  config: AppConfig;
  databaseUrl: string;
}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    requestIdHeader: false,
    // Honour a caller's (or proxy's) request id when it is well-formed, so logs correlate end to end.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    trustProxy: options.config.trustProxy,
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
      // Throw bootstrap errors to the caller instead of exiting the process.
      abortOnError: false,
      // Fastify's own JSON parser only: Nest's default parsers add application/x-www-form-urlencoded,
      // which a cross-site HTML form can send without a preflight (login CSRF on /auth/sign-in).
      // The API takes JSON and multipart; a form body is answered 415.
      bodyParser: false,
    },
  );
  // Security headers. The API serves JSON (and /docs); the portal sets its own page policy.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(fastifyCookie);
  // Multipart uploads stream to storage; each route sets its own file size limit below this ceiling.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 },
  });
  app.enableCors({
    origin: options.config.webOrigin,
    credentials: true,
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-api-key',
      'x-request-id',
      'idempotency-key',
      'if-match',
      CSRF_HEADER,
    ],
    exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id'],
  });
  // No enableShutdownHooks(): main.ts owns SIGTERM/SIGINT (app.close() runs the shutdown hooks, then the
  // embedded database stops and the process exits 0). With both, two shutdowns raced and Nest's re-raised
  // the signal, so a graceful stop could end as "killed by SIGTERM" (bench/results/faults.md).
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Waymark API')
    .setDescription(
      'Supply-chain management for outcome-funded employment programmes. Errors are RFC 9457 problem documents (application/problem+json) with a stable `code` and, for validation, `errors: [{ field, message }]`.',
    )
    .setOpenAPIVersion('3.1.0')
    .setVersion('0.1.0')
    .build();
  return finishOpenApiDocument(
    cleanupOpenApiDoc(
      SwaggerModule.createDocument(app, config, { extraModels: [ProblemDocument] }),
    ),
    readRouteAccess(app),
  );
}

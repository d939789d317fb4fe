// The OpenAPI document's finishing pass (W13). What @nestjs/swagger cannot see
// per route is added here once, from each route's own access metadata, rather
// than by decorating every controller: a summary, who may call it (as the
// description and as `security`), and the problem documents it can answer
// with. Run by buildOpenApiDocument, so openapi.json passes `redocly lint` and
// `spectral lint` (spectral:oas) with no errors (the `openapi lint` test step).
import { type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { type OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_POLICY, type AccessPolicy } from '../auth/access.decorator';
import { PUBLIC_ROUTE } from '../auth/public.decorator';

/** What the finishing pass knows of one route, keyed by its operationId (`ClaimsController_transition`). */
export interface RouteAccess {
  policy?: AccessPolicy;
  /** Set on @Public routes: why the route needs no sign-in. */
  publicReason?: string;
}

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every route's access policy or public reason, read from Nest's metadata (as the AccessGuard reads it). */
export function readRouteAccess(app: INestApplicationContext): Map<string, RouteAccess> {
  const routes = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        const publicReason = (Reflect.getMetadata(PUBLIC_ROUTE, handler) ??
          Reflect.getMetadata(PUBLIC_ROUTE, controller)) as string | undefined;
        const policy = (Reflect.getMetadata(ACCESS_POLICY, handler) ??
          Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy | undefined;
        routes.set(`${controller.name}_${name}`, { policy, publicReason });
      }
    }
  }
  return routes;
}

const PROBLEM = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocument' } },
};
const problemResponse = (description: string) => ({ description, content: PROBLEM });

/** `ClaimsController_listQueries` → "List queries (claims)". */
function summaryOf(operationId: string): string {
  const [controller = '', handler = operationId] = operationId.split('_');
  const words = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const action = words(handler);
  const area = words(controller.replace(/Controller$/, ''));
  return `${action.charAt(0).toUpperCase()}${action.slice(1)} (${area})`;
}

function accessDescription(access: RouteAccess): string {
  if (access.publicReason !== undefined) return `Public: no sign-in needed. ${access.publicReason}`;
  const policy = access.policy!;
  const keys = policy.apiKeyScope
    ? ` An organisation API key holding the scope ${policy.apiKeyScope} may call it.`
    : '';
  return `For ${policy.parties.join(', ')} organisations; roles ${policy.roles.join(', ')}.${keys} Records outside the caller's slice answer 404.`;
}

export function finishOpenApiDocument(
  document: OpenAPIObject,
  routes: Map<string, RouteAccess>,
): OpenAPIObject {
  document.info.license ??= { name: 'Proprietary' };
  if (!document.servers || document.servers.length === 0) {
    document.servers = [
      {
        url: '/',
        description:
          'Paths are relative to where the API is served (the portal proxies it under /api).',
      },
    ];
  }
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'An access token from POST /auth/sign-in (or /auth/refresh).',
    },
    cookie: {
      type: 'apiKey',
      in: 'cookie',
      name: 'waymark_access',
      description:
        "The portal's httpOnly session cookie; writes also need the header x-waymark-csrf: 1.",
    },
    apiKey: {
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
      description:
        'An organisation API key (also accepted as Authorization: Bearer wmk_…), on the routes that say so.',
    },
  };

  const tags = new Set<string>();
  for (const methods of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (methods as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      for (const tag of operation.tags ?? []) tags.add(tag);
      const access = operation.operationId ? routes.get(operation.operationId) : undefined;
      if (operation.operationId) operation.summary ??= summaryOf(operation.operationId);
      const responses = (operation.responses ??= {});
      const takesInput =
        operation.requestBody !== undefined ||
        (operation.parameters ?? []).some((parameter) => parameter.in !== 'header');
      if (takesInput)
        responses['400'] ??= problemResponse(
          'The request is not valid: a problem document naming each bad field.',
        );
      // Without metadata the route is left undeclared, so the linters (and the lint test step) notice.
      if (!access) continue;
      operation.description = [operation.description, accessDescription(access)]
        .filter(Boolean)
        .join('\n\n');
      if (access.publicReason !== undefined) {
        operation.security = [];
      } else {
        operation.security = [
          { bearer: [] },
          { cookie: [] },
          ...(access.policy?.apiKeyScope ? [{ apiKey: [] }] : []),
        ];
        responses['401'] ??= problemResponse('Not signed in, or the token or key is not valid.');
        responses['403'] ??= problemResponse(
          "The caller's roles (or the API key's scopes) may not do this, or the route is closed to the caller's party.",
        );
        if ((operation.parameters ?? []).some((parameter) => parameter.in === 'path'))
          responses['404'] ??= problemResponse(
            "No such record in the caller's slice, or the route is closed to the caller's party (the same answer either way).",
          );
      }
      responses['4XX'] ??= problemResponse(
        'Any other refusal (e.g. 409 conflict, 413 too large, 415 content type, 429 too many requests), as a problem document.',
      );
    }
  }
  document.tags = [...new Set([...(document.tags ?? []).map((tag) => tag.name), ...tags])]
    .sort()
    .map((name) => document.tags?.find((tag) => tag.name === name) ?? { name });
  return document;
}

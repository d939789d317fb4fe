// The authorisation matrix, generated from the route table: every route ×
// every party kind × every role (plus anonymous and an API key) is called over
// HTTP, and the answer must match the route's declared policy — 401 without
// credentials; for a party the policy excludes, 404 on a route that names a
// record (the same answer as an unknown id) and 403 on a collection route; 403
// for a role it excludes; and never 401/403 for one it includes. Record-level 404s for other parties' records are
// proven per area, where real records exist.
import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '@waymark/domain';
import { aMember, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../../test-support/http';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorator';
import { PUBLIC_ROUTE } from './public.decorator';

interface RouteEntry {
  method: string;
  path: string;
  policy: AccessPolicy | undefined;
  isPublic: boolean;
  namesRecord: boolean;
}

let api: TestApp;
const tokens = new Map<string, string>();
const key = (kind: OrganisationKind, role: Role) => `${kind}:${role}`;

beforeAll(async () => {
  api = await createTestApp();
  for (const kind of ORGANISATION_KINDS) {
    for (const role of ROLES) {
      const { user } = await aMember(api.db.pool, { kind, roles: [role] });
      tokens.set(
        key(kind, role),
        (await signIn(api.baseUrl, user.email, TEST_PASSWORD)).accessToken,
      );
    }
  }
}, 120_000);
afterAll(async () => {
  await api.close();
});

function routeTable(app: TestApp['app']): RouteEntry[] {
  const container = (
    app as unknown as {
      container: {
        getModules(): Map<
          string,
          { controllers: Map<unknown, { metatype: new (...args: never[]) => object }> }
        >;
      };
    }
  ).container;
  const routes: RouteEntry[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const routePath = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path =
          `/${[prefix, routePath].filter((part) => part && part !== '/').join('/')}`.replace(
            /\/+/g,
            '/',
          );
        routes.push({
          method: RequestMethod[method],
          path: path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000'),
          policy: (Reflect.getMetadata(ACCESS_POLICY, handler) ??
            Reflect.getMetadata(ACCESS_POLICY, controller)) as AccessPolicy | undefined,
          isPublic: !!Reflect.getMetadata(PUBLIC_ROUTE, handler),
          namesRecord: /:[A-Za-z]+/.test(path),
        });
      }
    }
  }
  return routes;
}

describe('authorisation matrix', () => {
  it('answers every protected route according to its declared party × role policy', async () => {
    const routes = routeTable(api.app).filter((route) => !route.isPublic && route.policy);
    expect(routes.length).toBeGreaterThan(10);
    const mismatches: string[] = [];

    for (const route of routes) {
      // Destructive self-service routes are exercised last per principal by their own tests.
      if (route.path === '/auth/sign-out') continue;
      const anonymous = await call(
        api.baseUrl,
        route.method,
        route.path,
        route.method === 'GET' ? {} : { body: {} },
      );
      if (anonymous.status !== 401)
        mismatches.push(
          `${route.method} ${route.path} anonymous → ${anonymous.status}, expected 401`,
        );

      for (const kind of ORGANISATION_KINDS) {
        for (const role of ROLES) {
          const isPartyAllowed = route.policy!.parties.includes(kind);
          const allowed = isPartyAllowed && route.policy!.roles.includes(role);
          const result = await call(api.baseUrl, route.method, route.path, {
            token: tokens.get(key(kind, role)),
            ...(route.method === 'GET' ? {} : { body: {} }),
          });
          const denied = result.status === 401 || result.status === 403;
          if (allowed && denied)
            mismatches.push(
              `${route.method} ${route.path} as ${kind} ${role} → ${result.status} (${String(result.body?.detail)}), policy allows`,
            );
          const expected =
            !isPartyAllowed && route.namesRecord
              ? { status: 404, code: 'NOT_FOUND' }
              : { status: 403, code: 'FORBIDDEN' };
          if (
            !allowed &&
            (result.status !== expected.status || result.body?.code !== expected.code)
          ) {
            mismatches.push(
              `${route.method} ${route.path} as ${kind} ${role} → ${result.status} ${String(result.body?.code)}, expected ${expected.status} ${expected.code}`,
            );
          }
          if (result.status >= 500)
            mismatches.push(
              `${route.method} ${route.path} as ${kind} ${role} → ${result.status}: a 5xx for placeholder input`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});

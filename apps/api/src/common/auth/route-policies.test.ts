// Default deny, proven: every route of the real application declares either
// @Public(reason) or an @Access policy, and a route without one is refused.
import 'reflect-metadata';
import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppError } from '../errors/app-error';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import { ACCESS_POLICY } from './access.decorator';
import { AccessGuard } from './access.guard';
import { PUBLIC_ROUTE } from './public.decorator';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

function allRoutes(app: TestApp['app']) {
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
  const routes: { name: string; handler: object; controller: object }[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[key];
        if (
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        routes.push({
          name: `${controller.name}.${key} (${String(Reflect.getMetadata(PATH_METADATA, handler))})`,
          handler,
          controller,
        });
      }
    }
  }
  return routes;
}

describe('route access policies', () => {
  it('every route declares @Public(reason) or an @Access policy', () => {
    const routes = allRoutes(api.app);
    expect(routes.length).toBeGreaterThan(10);
    const undeclared = routes.filter(
      ({ handler, controller }) =>
        !Reflect.getMetadata(PUBLIC_ROUTE, handler) &&
        !Reflect.getMetadata(ACCESS_POLICY, handler) &&
        !Reflect.getMetadata(ACCESS_POLICY, controller),
    );
    expect(undeclared.map((route) => route.name)).toEqual([]);
  });

  it('refuses a route that declares no policy (default deny)', async () => {
    class Undeclared {
      open = (): void => undefined;
    }
    const guard = new AccessGuard(new Reflector());
    const context = {
      getHandler: () => new Undeclared().open,
      getClass: () => Undeclared,
    } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toThrow(AppError);
    await expect(guard.canActivate(context)).rejects.toThrow(/declares no access policy/);
  });

  it('answers 401 with a problem document when a protected route is called anonymously', async () => {
    const response = await fetch(`${api.baseUrl}/users`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

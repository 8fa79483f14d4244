import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { BUILT_IN_ROLES, hasPermission, isPermission, VIEWER_ROLE_ID } from '@vigil/domain';
import { IS_PUBLIC } from '@vigil/infrastructure';
import { randomUUID } from 'node:crypto';
import { AUTHENTICATED, REQUIRED_ACCESS, type RequiredAccess } from '../auth/require-permission.decorator';
import { bearer, login, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';

type Route = Readonly<{ method: string; path: string; access: RequiredAccess | 'public' | undefined }>;

/** Every HTTP route Nest registered, with the access it declares (on the handler or its controller). */
const registeredRoutes = (api: ApiTestApp): Route[] => {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  return [...api.app.get(ModulesContainer, { strict: false }).values()]
    .flatMap((module) => [...module.controllers.values()])
    .flatMap((wrapper) => {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || !wrapper.instance) {
        return [];
      }
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = Object.getPrototypeOf(wrapper.instance) as object;
      return scanner.getAllMethodNames(prototype).flatMap((name): Route[] => {
        const handler = (prototype as Record<string, unknown>)[name] as () => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) {
          return [];
        }
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]);
        const access = reflector.getAllAndOverride<RequiredAccess | undefined>(REQUIRED_ACCESS, [handler, controller]);
        const full = `/${[prefix, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
        return [{ method, path: full, access: isPublic ? 'public' : access }];
      });
    });
};

const concrete = (path: string): string => path.replace(/:[A-Za-z]+/g, () => randomUUID());

describe('every route declares its access, and is enforced', () => {
  let api: ApiTestApp;
  let viewer: Session;
  let routes: Route[];

  beforeAll(async () => {
    api = await startApiTestApp();
    const owner = await login(api, 'owner', 'Owner-Passw0rd!');
    await api
      .http()
      .post('/api/users')
      .set('Authorization', bearer(owner))
      .send({ userName: 'vic', displayName: 'Vic', password: 'Str0ng-Passw0rd!', roleIds: [VIEWER_ROLE_ID] })
      .expect(201);
    viewer = await login(api, 'vic', 'Str0ng-Passw0rd!');
    routes = registeredRoutes(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('finds the routes (the enumeration itself works)', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining([
        'GET /health',
        'POST /api/auth/login',
        'GET /api/users',
        'PUT /api/users/:userId/roles',
        'GET /api/webhooks',
        'POST /api/webhooks',
        'GET /api/webhooks/:webhookId',
        'PUT /api/webhooks/:webhookId',
        'DELETE /api/webhooks/:webhookId',
        'GET /api/webhooks/:webhookId/deliveries',
        'GET /api/notification-profiles',
        'POST /api/notification-profiles',
        'GET /api/notification-profiles/:notificationProfileId',
        'PUT /api/notification-profiles/:notificationProfileId',
        'DELETE /api/notification-profiles/:notificationProfileId',
        'POST /api/notification-profiles/:notificationProfileId/test',
        'GET /api/settings/mail-server',
        'PUT /api/settings/mail-server',
        'POST /api/rules/:ruleId/simulate',
        'GET /api/events/:eventId/trace',
        'GET /api/logs/rule-triggered',
        'GET /api/alarm-definitions',
        'POST /api/alarm-definitions',
        'GET /api/alarm-definitions/validation',
        'GET /api/alarm-definitions/:alarmDefinitionId',
        'PUT /api/alarm-definitions/:alarmDefinitionId',
        'DELETE /api/alarm-definitions/:alarmDefinitionId',
        'GET /api/alarm-definitions/:alarmDefinitionId/validation',
        'GET /api/alarm-settings',
        'PUT /api/alarm-settings/priorities',
        'PUT /api/alarm-settings/states',
        'PUT /api/alarm-settings/categories',
        'PUT /api/alarm-settings/reasons-for-closing',
        'PUT /api/alarm-settings/retention',
        'GET /api/cameras/:cameraId/recordings',
        'GET /api/cameras/:cameraId/playback',
        'GET /api/cameras/:cameraId/export',
      ]),
    );
  });

  it('has an explicit declaration on every route', () => {
    const undeclared = routes.filter((route) => route.access === undefined);

    expect(undeclared).toEqual([]);
  });

  it('answers 401 without a token on every route that is not public', async () => {
    for (const route of routes.filter((candidate) => candidate.access !== 'public')) {
      const response = await api.http()[route.method.toLowerCase() as 'get'](concrete(route.path));
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  it('answers 403 on every route whose permission the caller lacks', async () => {
    const viewerRoles = [BUILT_IN_ROLES.Viewer];
    const forbidden = routes.filter(
      (route) =>
        route.access !== 'public' &&
        route.access !== AUTHENTICATED &&
        route.access !== undefined &&
        isPermission(route.access) &&
        !hasPermission(viewerRoles, route.access),
    );
    expect(forbidden.length).toBeGreaterThan(0);

    for (const route of forbidden) {
      const response = await api
        .http()
        [route.method.toLowerCase() as 'get'](concrete(route.path))
        .set('Authorization', bearer(viewer));
      expect({ route, status: response.status }).toEqual({ route, status: 403 });
    }
  });
});

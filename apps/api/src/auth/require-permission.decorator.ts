import { SetMetadata } from '@nestjs/common';
import { isCameraPermission, type CameraPermission, type Permission } from '@vigil/domain';

export const REQUIRED_ACCESS = 'vigil:requiredAccess';

/** Any signed-in user (their own session, their own password): still an explicit declaration. */
export const AUTHENTICATED = 'authenticated';

/** A permission on the camera a route names (`camera:manualRecording`, …): the route's service checks it. */
export type CameraAccess = `camera:${CameraPermission}`;

export type RequiredAccess = Permission | typeof AUTHENTICATED | CameraAccess;

const CAMERA_ACCESS_PREFIX = 'camera:';

export const isCameraAccess = (access: unknown): access is CameraAccess =>
  typeof access === 'string' &&
  access.startsWith(CAMERA_ACCESS_PREFIX) &&
  isCameraPermission(access.slice(CAMERA_ACCESS_PREFIX.length));

/**
 * The permission a route needs. Every route declares one, @Authenticated() or @Public(): the access guard refuses a
 * route that declares nothing (deny by default), and a test enumerates the routes so that it fails early.
 */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ACCESS, permission);

export const Authenticated = (): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ACCESS, AUTHENTICATED);

/**
 * A per-camera permission (FEATURES 9.1.5: "Start/Stop manual recording" on each camera). The guard only
 * authenticates: which camera is meant is known once it is loaded, so the route's service decides, answering a camera
 * the caller may not see as an unknown one (404) and refusing (403, audited) one they see without the permission.
 */
export const RequireCameraPermission = (permission: CameraPermission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ACCESS, `${CAMERA_ACCESS_PREFIX}${permission}`);

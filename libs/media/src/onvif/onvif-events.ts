import type { CameraNotification } from '@vigil/domain';
import type { Cam } from 'onvif';
import { connectOnvifCamera, parseOnvifAddress, type OnvifDiscoveryOptions } from './onvif-discovery';

export type OnvifEventsOptions = Pick<OnvifDiscoveryOptions, 'address' | 'username' | 'password'> &
  Readonly<{
    /** Each request's timeout (default 80 s: a PullMessages waits up to 60 s for news). */
    timeoutMs?: number;
    /** Pause before connecting again after a failure; doubles up to 30 s. */
    retryMs?: number;
  }>;

export type OnvifEventFollower = Readonly<{ close: () => void }>;

type SimpleItems = { simpleItem?: unknown } | undefined;

const itemsOf = (node: unknown): Record<string, string> => {
  const list = (node as SimpleItems)?.simpleItem;
  const array = (Array.isArray(list) ? list : list === undefined ? [] : [list]) as {
    $?: { Name?: unknown; Value?: unknown };
  }[];
  return Object.fromEntries(
    array.flatMap((item) => {
      const name = item.$?.Name;
      const value = item.$?.Value; // the package turns "true" and "12" into a boolean and a number
      return typeof name === 'string' &&
        (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        ? [[name, String(value)]]
        : [];
    }),
  );
};

/** The onvif package's notification (its XML as objects) as a CameraNotification; undefined when malformed. */
export const cameraNotificationOf = (raw: unknown): CameraNotification | undefined => {
  const notification = raw as
    | {
        topic?: { _?: unknown };
        message?: { message?: { $?: { PropertyOperation?: unknown }; source?: unknown; data?: unknown } };
      }
    | undefined;
  const topic = notification?.topic?._;
  const message = notification?.message?.message;
  if (typeof topic !== 'string' || message === undefined) {
    return undefined;
  }
  const operation = message.$?.PropertyOperation;
  return {
    topic,
    operation: typeof operation === 'string' ? operation : '',
    source: itemsOf(message.source),
    data: itemsOf(message.data),
  };
};

/**
 * Follows a camera's events: the onvif package's pull-point loop subscribes, pulls, renews, and subscribes again
 * after a fault (a camera reboot loses the subscription). When the camera cannot be reached, connects again with
 * back-off. `onProblem` hears every failure (for the worker's log and its communication state).
 */
export const followOnvifEvents = (
  options: OnvifEventsOptions,
  onNotification: (notification: CameraNotification) => void,
  onProblem: (error: unknown) => void,
): OnvifEventFollower => {
  const address = parseOnvifAddress(options.address);
  const initialRetryMs = options.retryMs ?? 1_000;
  let closed = false;
  let cam: Cam | undefined;
  let retry: NodeJS.Timeout | undefined;

  const start = (retryMs: number): void => {
    connectOnvifCamera(address, options, options.timeoutMs ?? 80_000).then(
      (connected) => {
        if (closed) {
          connected.removeAllListeners();
          return;
        }
        cam = connected;
        connected.on('eventsError', onProblem);
        connected.on('event', (raw: unknown) => {
          const notification = cameraNotificationOf(raw);
          if (notification) {
            onNotification(notification);
          }
        });
      },
      (error: unknown) => {
        onProblem(error);
        if (!closed) {
          retry = setTimeout(() => start(Math.min(retryMs * 2, 30_000)), retryMs);
        }
      },
    );
  };
  start(initialRetryMs);

  return {
    close: () => {
      closed = true;
      clearTimeout(retry);
      cam?.removeAllListeners(); // ends the package's pull loop after the pending pull
    },
  };
};

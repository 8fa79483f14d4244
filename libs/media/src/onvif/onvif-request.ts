// The onvif package has no DeviceIO methods and builds its PTZ bodies without escaping: requests with a body of our
// own go through its transport (and its WS-Security header) with this helper.
import type { Cam } from 'onvif';

type Callback<T> = (error: Error | null, value?: T, xml?: string) => void;
type RawRequest = (options: { body: string; service?: string }, callback: Callback<unknown>) => void;

/** Sends `body` (the SOAP body's content) to the camera's `service` (the device service by default); resolves its XML. */
export const onvifRequest = (cam: Cam, body: string, service?: string): Promise<string> => {
  const raw = cam as unknown as {
    _request: RawRequest;
    _envelopeHeader: () => string;
    _envelopeFooter: () => string;
  };
  return new Promise((resolve, reject) =>
    raw._request.call(
      cam,
      { body: raw._envelopeHeader.call(cam) + body + raw._envelopeFooter.call(cam), ...(service ? { service } : {}) },
      (error, _value, xml) => (error ? reject(error) : resolve(xml ?? '')),
    ),
  );
};

const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** A value as XML text: a token from a job or a request never changes the shape of the SOAP body. */
export const xmlText = (value: string): string => value.replace(/[<>&"']/g, (char) => XML_ESCAPES[char] ?? char);

export type PtzPresetRef = Readonly<{ token: string; name: string }>;

/** The presets of the onvif package's GetPresets answer (keyed by name, each with its token). */
export const presetsOfOnvifAnswer = (
  answer: Record<string, { $?: { token?: unknown }; name?: unknown }> | undefined,
): PtzPresetRef[] =>
  Object.entries(answer ?? {}).flatMap(([name, preset]) => {
    const token = preset.$?.token;
    const text = typeof preset.name === 'string' || typeof preset.name === 'number' ? String(preset.name) : name;
    return typeof token === 'string' || typeof token === 'number' ? [{ token: String(token), name: text }] : [];
  });

import { classifyOnvifError, parseOnvifAddress } from './onvif-discovery';

describe('parseOnvifAddress', () => {
  it.each([
    ['10.0.0.5', 'http://10.0.0.5:80/onvif/device_service'],
    ['10.0.0.5:8080', 'http://10.0.0.5:8080/onvif/device_service'],
    ['http://cam.local:8000/onvif/device_service', 'http://cam.local:8000/onvif/device_service'],
    ['https://cam.local/', 'https://cam.local:443/onvif/device_service'],
    [' http://127.0.0.1:9000/custom/path ', 'http://127.0.0.1:9000/custom/path'],
  ])('reads %p as %p', (address, url) => expect(parseOnvifAddress(address).url).toBe(url));

  it.each(['', 'ftp://cam', 'http://user:pw@cam', 'http://'])('refuses %p', (address) => {
    let thrown: unknown;
    try {
      parseOnvifAddress(address);
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'CAMERA_ADDRESS_INVALID' });
  });
});

describe('classifyOnvifError', () => {
  const codeOf = (error: unknown) => classifyOnvifError(error, 'http://cam:80/onvif/device_service').code;

  it('tells unreachable, refused credentials and not-ONVIF apart', () => {
    expect(codeOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'CAMERA_UNREACHABLE',
    );
    expect(codeOf(new Error('Network timeout'))).toBe('CAMERA_UNREACHABLE');
    expect(codeOf(new Error('ONVIF SOAP Fault: Sender not authorized'))).toBe('CAMERA_AUTH_FAILED');
    expect(codeOf(new Error('Digest authentication failed 401'))).toBe('CAMERA_AUTH_FAILED');
    expect(codeOf(new Error('Wrong ONVIF SOAP response'))).toBe('CAMERA_NOT_ONVIF');
  });
});

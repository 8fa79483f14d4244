export * from './onvif-control.errors';
export * from './onvif-discovery';
export * from './onvif-events';
export * from './onvif-ptz';
export * from './onvif-relay-outputs';

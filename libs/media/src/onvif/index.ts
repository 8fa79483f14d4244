export * from './onvif-discovery';
export * from './onvif-events';

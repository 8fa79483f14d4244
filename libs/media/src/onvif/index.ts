export * from './onvif-discovery';

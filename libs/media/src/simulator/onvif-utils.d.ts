// The onvif package's own SOAP response parser (it ships no types for lib/utils): specs check that what the
// simulator writes is what Cam reads.
declare module 'onvif/lib/utils' {
  export function parseSOAPString(
    xml: string,
    callback: (error: Error | null, body: unknown, xml: string, statusCode: number) => void,
    statusCode: number,
  ): void;
}

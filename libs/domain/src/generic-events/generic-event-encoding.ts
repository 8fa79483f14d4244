import { assertNever } from '../shared';
import type { GenericEventEncoding } from './generic-event-data-source';

/**
 * Text encodings of data sources ("Encoding type selector", S2:10890; Compatible: "current code page encoding (ANSI)",
 * International: "UTF-8 encoding", S2:10878). Pure: only the global TextDecoder/TextEncoder for UTF-8, tables for the
 * single-byte encodings. Undecodable bytes become U+FFFD; unencodable characters become '?'.
 */

/** Windows-1252 bytes 0x80-0x9F (WHATWG table; the five unassigned bytes map to the C1 control of the same value). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const WINDOWS_1252_REVERSE = new Map(WINDOWS_1252_HIGH.map((code, index) => [code, 0x80 + index]));

const REPLACEMENT = 0xfffd;
const QUESTION_MARK = 0x3f;
const CHUNK = 8192;

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

const byteToCode = (encoding: Exclude<GenericEventEncoding, 'utf8'>, byte: number): number => {
  switch (encoding) {
    case 'ascii':
      return byte < 0x80 ? byte : REPLACEMENT;
    case 'latin1':
      return byte;
    case 'windows-1252':
      return byte >= 0x80 && byte < 0xa0 ? (WINDOWS_1252_HIGH[byte - 0x80] ?? byte) : byte;
    default:
      return assertNever(encoding);
  }
};

/** The text of a packet. */
export const decodeGenericEventPacket = (bytes: Uint8Array, encoding: GenericEventEncoding): string => {
  if (encoding === 'utf8') {
    return utf8Decoder.decode(bytes);
  }
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const codes = Array.from(bytes.subarray(offset, offset + CHUNK), (byte) => byteToCode(encoding, byte));
    text += String.fromCharCode(...codes);
  }
  return text;
};

const codeToByte = (encoding: Exclude<GenericEventEncoding, 'utf8'>, code: number): number => {
  switch (encoding) {
    case 'ascii':
      return code < 0x80 ? code : QUESTION_MARK;
    case 'latin1':
      return code < 0x100 ? code : QUESTION_MARK;
    case 'windows-1252':
      if (code < 0x80 || (code >= 0xa0 && code < 0x100)) {
        return code;
      }
      return WINDOWS_1252_REVERSE.get(code) ?? QUESTION_MARK;
    default:
      return assertNever(encoding);
  }
};

/** The bytes of a reply text (used for echoes). */
export const encodeGenericEventText = (text: string, encoding: GenericEventEncoding): Uint8Array => {
  if (encoding === 'utf8') {
    return utf8Encoder.encode(text);
  }
  // One byte per code point: a surrogate pair is one unencodable character, so one '?'.
  return Uint8Array.from(Array.from(text, (char) => codeToByte(encoding, char.codePointAt(0) ?? QUESTION_MARK)));
};

// Fixture, not product code: strings that break storage or hide meaning, for the property tests of the
// contract's schemas (unit) and of every REST route and socket event (end to end).
import fc from 'fast-check';

const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const tricky = fc.constantFrom('\u0000', '\u202e', '\u200f', '\u200b', '\ufeff', '\u2028', 'a', 'é', '😀', ' ', '\n');

/** NUL, unpaired surrogates, right-to-left and zero-width marks, any code point, and 64 KiB strings. */
export const nastyString = fc.oneof(
  fc.string({ unit: fc.oneof(surrogate, tricky), maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udc00\ud800', '\u202eevil.exe', 'x'.repeat(64 * 1024), '😀'.repeat(16 * 1024), `${'é'.repeat(32 * 1024)}\u0000`),
);

/** Pieces up to this long (a streamed character or token, a tag) are copied in by code unit; longer ones are appended as they are. */
const SMALL = 8;
const UNITS = 1024;

/** Whether a Uint16Array holds its units little-endian, as the 'utf16le' decoding reads them (every platform Node ships for but s390x). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The body of the block being read, as it arrives. A reply streamed a character or a token at a time appends
 * thousands of tiny pieces per file: added to a string one by one, each makes a new string that stays alive
 * (linked into the next) until the block closes, the garbage collector copies them all, again and again, and
 * the body must then be copied out of the chain to be read. Here tiny pieces go into a buffer of UTF-16 code
 * units, decoded into one string at each longer piece, at the end and every UNITS units: no allocation per
 * push, and a body of any length stays a short list of large strings. 'utf16le' decoding keeps every unit as
 * it is (unlike TextDecoder), so a surrogate pair split across pushes comes out whole and a lone one stays.
 *
 * A reply that arrives in large chunks gives the body as ranges of the parser's input instead (addRange): while
 * they follow one another in the same string they are only counted, and the body is one slice of the input in
 * the end, not pieces cut out and joined (a whole reply's bodies then cost no copies, and little to collect).
 */
export class BodyText {
  private text = '';
  private readonly units = new Uint16Array(UNITS);
  private readonly bytes = Buffer.from(this.units.buffer);
  private pending = 0;
  /** The range of `source` not yet in `text`; empty when from === to. */
  private source = '';
  private from = 0;
  private to = 0;
  /** The length so far, counted as pieces come (the parser checks it at every push). */
  private size = 0;

  get length(): number {
    return this.size;
  }

  add(s: string) {
    if (s.length > SMALL || !LITTLE_ENDIAN) {
      this.flush();
      this.text += s;
      this.size += s.length;
      return;
    }
    for (let i = 0; i < s.length; i++) this.addUnit(s.charCodeAt(i));
  }

  /** One UTF-16 code unit: the piece of a reply streamed a character at a time. */
  addUnit(c: number) {
    this.size++;
    if (!LITTLE_ENDIAN) {
      this.flush();
      this.text += String.fromCharCode(c);
      return;
    }
    if (this.to !== this.from) this.flushRange();
    if (this.pending === UNITS) this.flushUnits();
    this.units[this.pending++] = c;
  }

  /** The characters of `source` from `from` to `to`. */
  addRange(source: string, from: number, to: number) {
    if (from === to) return;
    if (this.pending !== 0) {
      // Streamed tiny pieces: a tag read by the steps joins them rather than cutting the units short.
      if (to - from <= SMALL && LITTLE_ENDIAN) {
        for (let i = from; i < to; i++) this.addUnit(source.charCodeAt(i));
        return;
      }
      this.flushUnits();
    }
    this.size += to - from;
    if (from === this.to && this.to !== this.from && source === this.source) {
      this.to = to;
      return;
    }
    this.flushRange();
    this.source = source;
    this.from = from;
    this.to = to;
  }

  clear() {
    this.text = '';
    this.pending = 0;
    this.size = 0;
    this.source = '';
    this.from = this.to = 0;
  }

  toString(): string {
    this.flush();
    return this.text;
  }

  private flush() {
    this.flushUnits();
    this.flushRange();
  }

  private flushUnits() {
    if (this.pending === 0) return;
    this.text += this.bytes.toString('utf16le', 0, this.pending * 2);
    this.pending = 0;
  }

  private flushRange() {
    if (this.to === this.from) return;
    this.text += this.source.slice(this.from, this.to);
    this.source = '';
    this.from = this.to = 0;
  }
}

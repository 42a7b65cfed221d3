import { acceptedEncodings, chooseEncoding } from './encoding.js';

const both = { br: true, gzip: true };

describe('Accept-Encoding negotiation', () => {
  it('prefers brotli, then gzip, as browsers send them', () => {
    expect(chooseEncoding(acceptedEncodings('gzip, deflate, br, zstd'), both)).toBe('br');
    expect(chooseEncoding(acceptedEncodings('gzip, deflate'), both)).toBe('gzip');
    expect(chooseEncoding(acceptedEncodings('gzip, deflate, br'), { br: false, gzip: true })).toBe('gzip');
  });

  it('sends the file as built when nothing is asked, nothing fits, or the copy is missing', () => {
    expect(chooseEncoding(acceptedEncodings(undefined), both)).toBeNull();
    expect(chooseEncoding(acceptedEncodings('identity'), both)).toBeNull();
    expect(chooseEncoding(acceptedEncodings('br'), { br: false, gzip: true })).toBeNull();
  });

  it('honours q-values: q=0 refuses, a higher q wins, * covers the rest', () => {
    expect(chooseEncoding(acceptedEncodings('br;q=0, gzip'), both)).toBe('gzip');
    expect(chooseEncoding(acceptedEncodings('br;q=0.5, gzip;q=0.9'), both)).toBe('gzip');
    expect(chooseEncoding(acceptedEncodings('*'), both)).toBe('br');
    expect(chooseEncoding(acceptedEncodings('*;q=0'), both)).toBeNull();
    expect(chooseEncoding(acceptedEncodings('GZIP;Q=1'), both)).toBe('gzip');
    expect(chooseEncoding(acceptedEncodings('br;q=abc'), both)).toBeNull();
  });
});

/** What a request's Accept-Encoding takes of the encodings a deployment has precompressed. */
export interface Accepts {
  br: boolean;
  gzip: boolean;
  /** Brotli is taken over gzip unless gzip is asked for with a higher q. */
  brFirst: boolean;
}

const NONE: Accepts = { br: false, gzip: false, brFirst: true };

/** Every distinct Accept-Encoding a site host sees is one of a few browsers' strings: parse each once. */
const MEMO_LIMIT = 256;
const memo = new Map<string, Accepts>();

/** Parses Accept-Encoding (RFC 9110 12.5.3): names with optional q-values; `*` covers names not listed; q=0 refuses. */
export function acceptedEncodings(header: string | undefined): Accepts {
  if (!header) return NONE;
  const known = memo.get(header);
  if (known) return known;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const token = name.trim().toLowerCase();
    if (!token) continue;
    let weight = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key.trim().toLowerCase() === 'q') weight = Number(value);
    }
    q.set(token, Number.isFinite(weight) ? weight : 0);
  }
  const of = (name: string) => q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = of('gzip');
  const accepts: Accepts = { br: br > 0, gzip: gzip > 0, brFirst: br >= gzip };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(header, accepts);
  return accepts;
}

/** The representation to send: the preferred precompressed one the client takes, else the file as it is. */
export function chooseEncoding(accepts: Accepts, has: { br: boolean; gzip: boolean }): 'br' | 'gzip' | null {
  const br = accepts.br && has.br;
  const gzip = accepts.gzip && has.gzip;
  if (br && (accepts.brFirst || !gzip)) return 'br';
  if (gzip) return 'gzip';
  return null;
}

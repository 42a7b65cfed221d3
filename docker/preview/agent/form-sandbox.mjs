// The preview's stand-in for a published site's form endpoint (POST /_forms/<name>, libs/contracts sites.ts):
// the same parsing and the same refusals as the real one (size cap, field caps, honeypot), then an answer
// saying what a published page would have sent. It stores nothing and sends nothing anywhere: the preview
// runs model-written code, and a person trying their form must not fill their real submissions with tests.

const PREFIX = '/_forms/';
// Kept equal to libs/contracts/src/sites.ts (FORM_NAME_PATTERN, FORM_HONEYPOT_FIELD) and the site host's
// caps (docs/API.md "Sites and publishing"): the image cannot import the repository's TypeScript.
const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const HONEYPOT = 'company_website';
const PAGE_FIELD = '_page';
const MAX_FIELDS = 50;
const MAX_KEY = 64;
const MAX_VALUE = 5000;
/** FORM_MAX_BYTES's default; the preview gets none of the platform's configuration. */
const MAX_BYTES = 16 * 1024;

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {{ status: number, code: string, message: string }} Refusal
 */

/** @param {Response} res @param {number} status @param {object} body @param {Record<string, string>} [headers] */
function answer(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** @param {number} status @param {string} code @param {string} message @returns {Refusal} */
const refusal = (status, code, message) => ({ status, code, message });
/** @param {number} status @param {string} code @param {string} message @returns {{ refused: Refusal }} */
const rejected = (status, code, message) => ({ refused: refusal(status, code, message) });

/**
 * The body, or a refusal once it passes the cap (counted as it streams, whatever Content-Length says).
 * @param {Request} req @param {number} maxBytes @returns {Promise<{ body: Buffer } | { refused: Refusal }>}
 */
function readBody(req, maxBytes) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? { refused: refusal(413, 'FORM_TOO_LARGE', `A form submission is at most ${maxBytes} bytes.`) } : { body: Buffer.concat(chunks) }));
    req.on('error', () => resolve({ refused: refusal(400, 'FORM_INVALID', 'The submission was cut off.') }));
  });
}

/** Text Postgres can store and JSON can carry: no NUL, no lone surrogate (libs/contracts isStorableText). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (/** @type {string} */ text) => !UNSTORABLE.test(text);

/**
 * A submission's fields from its body: a flat JSON object of strings, numbers and booleans, or a urlencoded
 * form; every value a string. Exported for the agent's own checks.
 * @param {string} contentType @param {Buffer} body @returns {{ fields: Record<string, string> } | { refused: Refusal }}
 */
export function parseFields(contentType, body) {
  const type = contentType.split(';')[0].trim().toLowerCase();
  /** @type {[string, unknown][]} */
  let entries;
  if (type === 'application/json') {
    let parsed;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return rejected(400, 'FORM_INVALID', 'The body is not valid JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return rejected(400, 'FORM_INVALID', 'The body must be a JSON object of fields.');
    entries = Object.entries(parsed);
  } else if (type === 'application/x-www-form-urlencoded') {
    /** @type {Map<string, string>} */
    const merged = new Map();
    // A repeated name (a group of checkboxes) keeps every value, joined, as the site does.
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) merged.set(key, merged.has(key) ? `${merged.get(key)}, ${value}` : value);
    entries = [...merged];
  } else {
    return rejected(400, 'FORM_INVALID', 'Send the fields as application/json or application/x-www-form-urlencoded.');
  }
  if (entries.length > MAX_FIELDS) return rejected(400, 'FORM_INVALID', `A form has at most ${MAX_FIELDS} fields.`);
  /** @type {Record<string, string>} */
  const fields = Object.create(null);
  for (const [key, value] of entries) {
    if (!key || key.length > MAX_KEY) return rejected(400, 'FORM_INVALID', `Field names are 1 to ${MAX_KEY} characters.`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) return rejected(400, 'FORM_INVALID', `The field "${key}" must be text, a number or true/false.`);
    const text = String(value);
    if (text.length > MAX_VALUE) return rejected(400, 'FORM_INVALID', `The field "${key}" is over ${MAX_VALUE} characters.`);
    if (!storable(key) || !storable(text)) return rejected(400, 'FORM_INVALID', 'Fields must not contain NUL or unpaired surrogate characters.');
    fields[key] = text;
  }
  return { fields };
}

/** @param {Request} req @param {Response} res */
async function handle(req, res) {
  // A form name is plain ASCII: nothing to decode, and an encoded one is simply not a name.
  const name = (req.url ?? '/').split('?')[0].slice(PREFIX.length);
  if (!NAME.test(name)) return answer(res, 404, { error: { code: 'NOT_FOUND', message: 'A form name is 1 to 40 lowercase letters, digits and hyphens.' } });
  if (req.method !== 'POST') return answer(res, 405, { error: { code: 'FORM_INVALID', message: 'A form accepts POST only.' } }, { allow: 'POST' });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BYTES) {
    // No need to read what will be refused; closing keeps a client from streaming the rest.
    res.setHeader('connection', 'close');
    return answer(res, 413, { error: { code: 'FORM_TOO_LARGE', message: `A form submission is at most ${MAX_BYTES} bytes.` } });
  }
  const read = await readBody(req, MAX_BYTES);
  const parsed = 'body' in read ? parseFields(String(req.headers['content-type'] ?? ''), read.body) : read;
  if ('refused' in parsed) return answer(res, parsed.refused.status, { error: { code: parsed.refused.code, message: parsed.refused.message } });
  const { fields } = parsed;
  if ((fields[HONEYPOT] ?? '').trim() !== '') return answer(res, 422, { error: { code: 'FORM_REJECTED', message: 'This submission was refused.' } });
  const wouldSend = { ...fields };
  delete wouldSend[HONEYPOT];
  delete wouldSend[PAGE_FIELD];
  return answer(res, 200, { ok: true, sandbox: true, wouldSend });
}

/** A Vite plugin: the middleware runs ahead of Vite's own, so no page route or SPA fallback answers these paths. */
export function formSandboxPlugin() {
  return {
    name: 'studio:form-sandbox',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!(req.url ?? '').startsWith(PREFIX)) return next();
        handle(req, res).catch(() => {
          if (!res.headersSent) answer(res, 400, { error: { code: 'FORM_INVALID', message: 'The submission could not be read.' } });
          else res.destroy();
        });
      });
    },
  };
}

/**
 * Sends a form to the page's own endpoint, `/_forms/<name>` on the same origin: once the page is published the
 * site stores each submission for its owner (and sends it to their webhooks); in the preview the same path is a
 * sandbox that stores nothing and answers with what would have been sent. No third-party service.
 *
 *   <form onSubmit={async (e) => { e.preventDefault(); setResult(await submitForm('contact', e.currentTarget)); }}>
 *     <input name="email" type="email" /> <textarea name="message" /> <input {...honeypotInput} />
 */

/** A field no person sees or fills: a bot that fills it is refused. Keep it in every form. */
export const HONEYPOT_FIELD = 'company_website';

/** Spread on an <input> inside the form: hidden from view, from the keyboard and from screen readers. */
export const honeypotInput = { name: HONEYPOT_FIELD, type: 'text', tabIndex: -1, autoComplete: 'off', 'aria-hidden': true, defaultValue: '', className: 'sr-only' } as const;

export type FormResult =
  /** Stored by the published site. */
  | { status: 'sent' }
  /** The preview: nothing was stored; these are the fields a published page would send. */
  | { status: 'sandbox'; wouldSend: Record<string, string> }
  | { status: 'error'; message: string };

const MESSAGES: Record<number, string> = {
  413: 'That is too long to send. Please shorten it and try again.',
  422: 'This submission was refused.',
  429: 'Too many submissions from your connection. Please try again in a minute.',
};

/** The fields of a form element (text fields only; files are not sent), or a plain object of them. */
function fieldsOf(source: HTMLFormElement | Record<string, string>): Record<string, string> {
  if (!(source instanceof HTMLFormElement)) return { ...source };
  const fields: Record<string, string> = {};
  for (const [key, value] of new FormData(source)) if (typeof value === 'string') fields[key] = value;
  return fields;
}

/** Posts the fields as JSON with the page's path; never throws: every outcome is a result to show. */
export async function submitForm(name: string, source: HTMLFormElement | Record<string, string>): Promise<FormResult> {
  const body = JSON.stringify({ ...fieldsOf(source), _page: window.location.pathname });
  let response: Response;
  try {
    response = await fetch(`/_forms/${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } catch {
    return { status: 'error', message: 'Could not send: check your connection and try again.' };
  }
  const answer: { sandbox?: boolean; wouldSend?: Record<string, string>; error?: { message?: string } } = await response.json().catch(() => ({}));
  if (response.ok) return answer.sandbox ? { status: 'sandbox', wouldSend: answer.wouldSend ?? {} } : { status: 'sent' };
  return { status: 'error', message: MESSAGES[response.status] ?? answer.error?.message ?? 'Something went wrong. Please try again later.' };
}

/** How the preview tells the person what a published page would have sent: `email: ada@example.com`. */
export const describeFields = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');

import { useId, useState, type FormEvent } from 'react';
import { CircleCheck, Eye, Mail } from 'lucide-react';

export interface NewsletterSignupProps {
  /** Section id, so nav links can target it. */
  id?: string;
  title?: string;
  subtitle?: string;
  /** Visually hidden label of the email field. */
  inputLabel?: string;
  placeholder?: string;
  buttonLabel?: string;
  /** Shown inline (role="status") after a valid email is submitted. */
  successMessage?: string;
  /** Shown when the email is missing or malformed. */
  errorMessage?: string;
  /** Small print under the form; omit to hide it. */
  privacyNote?: string;
  /** The form's name on the site: submissions go to /_forms/<formName> and are listed under it. */
  formName?: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
/** A field no person fills (hidden below): a bot that fills it is refused by the site. */
const HONEYPOT = 'company_website';

type Sent = { status: 'sent' } | { status: 'sandbox'; wouldSend: Record<string, string> } | { status: 'error'; message: string };

/** Posts the form to the page's own endpoint: stored by the published site; in the preview a sandbox echoes it. */
async function send(name: string, form: HTMLFormElement): Promise<Sent> {
  const fields: Record<string, string> = { _page: window.location.pathname };
  for (const [key, value] of new FormData(form)) if (typeof value === 'string') fields[key] = value;
  try {
    const response = await fetch(`/_forms/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
    const answer: { sandbox?: boolean; wouldSend?: Record<string, string>; error?: { message?: string } } = await response.json().catch(() => ({}));
    if (response.ok) return answer.sandbox ? { status: 'sandbox', wouldSend: answer.wouldSend ?? {} } : { status: 'sent' };
    if (response.status === 429) return { status: 'error', message: 'Too many sign-ups from your connection. Please try again in a minute.' };
    return { status: 'error', message: answer.error?.message ?? 'Something went wrong. Please try again later.' };
  } catch {
    return { status: 'error', message: 'Could not send: check your connection and try again.' };
  }
}

/** A newsletter block: heading, lead, an email form with validation, inline success and a privacy note. */
export default function NewsletterSignup({
  id = 'newsletter',
  title = 'Get one useful insight every other Tuesday',
  subtitle = 'Practical notes on metrics, reporting and product decisions from our data team. Five minutes to read, zero fluff.',
  inputLabel = 'Email address',
  placeholder = 'you@company.com',
  buttonLabel = 'Subscribe',
  successMessage = 'You are on the list. Check your inbox to confirm your subscription.',
  errorMessage = 'Please enter a valid email address.',
  privacyNote = 'We care about your data. Unsubscribe anytime with one click; we never share your email.',
  formName = 'newsletter',
}: NewsletterSignupProps) {
  const headingId = `${id}-title`;
  const fieldId = useId();
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<'idle' | 'error' | 'sending' | 'success'>('idle');
  // What the endpoint said: its refusal, or (in the preview) the fields a published page would send.
  const [failure, setFailure] = useState('');
  const [wouldSend, setWouldSend] = useState<Record<string, string> | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!EMAIL_PATTERN.test(email.trim())) {
      setFailure('');
      setStatus('error');
      return;
    }
    setStatus('sending');
    const sent = await send(formName, event.currentTarget);
    if (sent.status === 'error') {
      setFailure(sent.message);
      setStatus('error');
      return;
    }
    setWouldSend(sent.status === 'sandbox' ? sent.wouldSend : null);
    setStatus('success');
    setEmail('');
  }

  return (
    <section id={id} aria-labelledby={headingId}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="relative isolate mx-auto max-w-3xl overflow-hidden rounded-box border border-border bg-card px-6 py-12 text-center text-card-foreground shadow-sm sm:px-12 sm:py-16">
          <div
            aria-hidden="true"
            className="absolute inset-x-0 -top-32 -z-10 mx-auto h-64 max-w-lg rounded-full bg-primary/10 blur-3xl"
          />
          <span className="mx-auto flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary ring-1 ring-primary/20">
            <Mail aria-hidden="true" className="size-5" />
          </span>
          <h2 id={headingId} className="mt-6 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          {subtitle && <p className="mx-auto mt-4 max-w-xl text-lg text-muted-foreground">{subtitle}</p>}
          <form noValidate onSubmit={handleSubmit} className="mx-auto mt-8 flex max-w-md flex-col gap-3 sm:flex-row">
            <input name={HONEYPOT} type="text" tabIndex={-1} autoComplete="off" aria-hidden="true" defaultValue="" className="sr-only" />
            <label htmlFor={fieldId} className="sr-only">
              {inputLabel}
            </label>
            <input
              id={fieldId}
              type="email"
              name="email"
              autoComplete="email"
              required
              value={email}
              placeholder={placeholder}
              aria-invalid={status === 'error' && !failure}
              aria-describedby={status === 'error' ? `${fieldId}-error` : undefined}
              onChange={(event) => {
                setEmail(event.target.value);
                if (status !== 'idle' && status !== 'sending') setStatus('idle');
              }}
              className="min-w-0 flex-1 rounded-control border border-border bg-background px-4 py-3 text-foreground placeholder:text-muted-foreground aria-invalid:border-primary"
            />
            <button
              type="submit"
              disabled={status === 'sending'}
              className="rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90 disabled:opacity-70"
            >
              {status === 'sending' ? 'Sending…' : buttonLabel}
            </button>
          </form>
          {status === 'error' && (
            <p id={`${fieldId}-error`} role="alert" className="mt-3 text-sm font-medium text-primary">
              {failure || errorMessage}
            </p>
          )}
          <p role="status" className="empty:hidden mx-auto mt-4 max-w-md">
            {status === 'success' && !wouldSend && (
              <span className="inline-flex items-center gap-2 rounded-control bg-accent px-4 py-2 text-left text-sm font-medium text-accent-foreground">
                <CircleCheck aria-hidden="true" className="size-4 shrink-0" />
                {successMessage}
              </span>
            )}
            {status === 'success' && wouldSend && (
              <span className="inline-flex items-center gap-2 rounded-control bg-muted px-4 py-2 text-left text-sm font-medium text-foreground">
                <Eye aria-hidden="true" className="size-4 shrink-0" />
                <span>
                  Preview: nothing was sent. Once published, this form sends{' '}
                  {Object.entries(wouldSend)
                    .map(([key, value]) => `${key}: ${value}`)
                    .join(', ')}
                </span>
              </span>
            )}
          </p>
          {privacyNote && <p className="mt-6 text-sm text-muted-foreground">{privacyNote}</p>}
        </div>
      </div>
    </section>
  );
}

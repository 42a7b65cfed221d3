import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Check, CircleCheck, Eye, Sparkles } from 'lucide-react';

export interface HeroWaitlistProps {
  /** Section id, so navigation links can target the hero. */
  id?: string;
  /** Pill above the headline; omit to hide it. */
  badge?: string;
  title?: string;
  subtitle?: string;
  /** Accessible label of the email field (visually hidden). */
  inputLabel?: string;
  placeholder?: string;
  buttonLabel?: string;
  /** Message shown inline once a valid email is submitted. */
  successMessage?: string;
  /** The form's name on the site: submissions go to /_forms/<formName> and are listed under it. */
  formName?: string;
  /** Initials shown in the avatar stack. */
  avatars?: string[];
  /** Social proof line beside the avatar stack. */
  joinedText?: string;
  /** Small reassurance notes under the form. */
  notes?: string[];
}

const TONES = ['bg-primary text-primary-foreground', 'bg-accent text-accent-foreground', 'bg-muted text-foreground', 'bg-accent-foreground text-accent'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
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

/** A launch/waitlist hero: badge, headline, email sign-up with inline success, and social proof. */
export default function HeroWaitlist({
  id = 'waitlist',
  badge = 'Launching spring 2027',
  title = 'The calm inbox for teams that ship.',
  subtitle = 'Threadline sorts customer email by urgency, drafts replies in your voice and hands off to the right teammate. Join the waitlist for early access.',
  inputLabel = 'Work email',
  placeholder = 'you@company.com',
  buttonLabel = 'Join the waitlist',
  successMessage = "You're on the list. We'll email you when your invite is ready.",
  formName = 'waitlist',
  avatars = ['MK', 'JS', 'AL', 'RP', 'TN'],
  joinedText = '2,400 people already joined',
  notes = ['No spam, ever', 'Early-bird pricing for the first 500'],
}: HeroWaitlistProps) {
  const fieldId = useId();
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Sent | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!EMAIL.test(email.trim())) {
      setError('Please enter a valid email address.');
      return;
    }
    setError('');
    setSending(true);
    const sent = await send(formName, event.currentTarget);
    setSending(false);
    if (sent.status === 'error') setError(sent.message);
    else setResult(sent);
  }

  return (
    <section id={id} aria-labelledby={`${id}-title`} className="relative isolate overflow-hidden">
      <div aria-hidden="true" className="absolute inset-x-0 -top-40 -z-10 mx-auto h-[32rem] max-w-4xl rounded-full bg-primary/15 blur-3xl" />
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-28">
        <div className="mx-auto max-w-2xl text-center">
          {badge && (
            <p className="inline-flex items-center gap-2 rounded-full border border-primary/20 bg-accent px-4 py-1.5 text-sm font-semibold text-accent-foreground">
              <Sparkles aria-hidden="true" className="size-4" />
              {badge}
            </p>
          )}
          <h1 id={`${id}-title`} className="mt-6 text-4xl font-bold sm:text-6xl">
            {title}
          </h1>
          <p className="mx-auto mt-6 max-w-xl text-lg text-muted-foreground">{subtitle}</p>

          <div className="mx-auto mt-10 max-w-md text-left">
            {result?.status === 'sent' ? (
              <p role="status" className="flex items-start gap-3 rounded-box border border-primary/20 bg-accent px-5 py-4 text-sm font-medium text-accent-foreground">
                <CircleCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
                {successMessage}
              </p>
            ) : result?.status === 'sandbox' ? (
              <p role="status" className="flex items-start gap-3 rounded-box border border-border bg-muted px-5 py-4 text-sm font-medium text-foreground">
                <Eye aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
                <span>
                  Preview: nothing was sent. Once published, this form sends{' '}
                  {Object.entries(result.wouldSend)
                    .map(([key, value]) => `${key}: ${value}`)
                    .join(', ')}
                </span>
              </p>
            ) : (
              <form noValidate onSubmit={handleSubmit}>
                <input name={HONEYPOT} type="text" tabIndex={-1} autoComplete="off" aria-hidden="true" defaultValue="" className="sr-only" />
                <label htmlFor={fieldId} className="sr-only">
                  {inputLabel}
                </label>
                <div className="flex flex-col gap-3 sm:flex-row">
                  <input
                    id={fieldId}
                    name="email"
                    type="email"
                    autoComplete="email"
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                    placeholder={placeholder}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${fieldId}-error` : undefined}
                    className="min-w-0 flex-1 rounded-control border border-border bg-card px-4 py-3 text-card-foreground shadow-sm placeholder:text-muted-foreground"
                  />
                  <button
                    type="submit"
                    disabled={sending}
                    className="rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90 disabled:opacity-70"
                  >
                    {sending ? 'Sending…' : buttonLabel}
                  </button>
                </div>
                {error && (
                  <p id={`${fieldId}-error`} role="alert" className="mt-2 text-sm font-medium text-primary">
                    {error}
                  </p>
                )}
              </form>
            )}
            {notes.length > 0 && (
              <ul className="mt-4 flex flex-wrap justify-center gap-x-5 gap-y-1 text-sm text-muted-foreground">
                {notes.map((note) => (
                  <li key={note} className="inline-flex items-center gap-1.5">
                    <Check aria-hidden="true" className="size-4 text-primary" />
                    {note}
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div className="mt-12 flex flex-col items-center justify-center gap-3 sm:flex-row">
            <ul aria-hidden="true" className="flex -space-x-1.5">
              {avatars.map((initials, i) => (
                <li
                  key={`${initials}-${i}`}
                  className={`grid size-10 place-items-center rounded-full border-2 border-background text-xs font-semibold ${TONES[i % TONES.length]}`}
                >
                  {initials}
                </li>
              ))}
            </ul>
            <p className="text-sm font-medium text-muted-foreground">{joinedText}</p>
          </div>
        </div>
      </div>
    </section>
  );
}

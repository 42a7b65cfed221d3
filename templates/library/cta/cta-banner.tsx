import { ArrowRight } from 'lucide-react';

export interface CtaBannerAction {
  label: string;
  href: string;
}

export interface CtaBannerProps {
  /** Section id, so nav links can target it. */
  id?: string;
  title?: string;
  subtitle?: string;
  /** Inverted button (primary-foreground background). */
  primaryAction?: CtaBannerAction;
  /** Outlined button; omit to hide it. */
  secondaryAction?: CtaBannerAction;
}

/** A full-width primary-coloured band with a headline, one supporting line and two actions. */
export default function CtaBanner({
  id = 'get-started',
  title = 'Give your whole team the same answers, today.',
  subtitle = 'Start free for 14 days. Connect your first data source in minutes and share your first report before lunch.',
  primaryAction = { label: 'Start your free trial', href: '#pricing' },
  secondaryAction = { label: 'Talk to sales', href: '#contact' },
}: CtaBannerProps) {
  const headingId = `${id}-title`;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className="relative isolate overflow-hidden bg-primary text-primary-foreground"
    >
      <div aria-hidden="true" className="absolute inset-0 -z-10">
        <div className="absolute -top-24 -left-24 size-80 rounded-full bg-primary-foreground/10 blur-3xl" />
        <div className="absolute -right-16 -bottom-32 size-96 rounded-full bg-primary-foreground/10 blur-3xl" />
      </div>
      <div className="mx-auto max-w-6xl px-6 py-20 text-center sm:py-24">
        <h2 id={headingId} className="mx-auto max-w-3xl text-3xl font-bold sm:text-4xl lg:text-5xl">
          {title}
        </h2>
        {subtitle && (
          <p className="mx-auto mt-6 max-w-2xl text-lg text-primary-foreground/85 sm:text-xl">{subtitle}</p>
        )}
        <div className="mt-10 flex flex-col items-stretch justify-center gap-3 sm:flex-row sm:items-center">
          <a
            href={primaryAction.href}
            className="inline-flex items-center justify-center gap-2 rounded-control bg-primary-foreground px-6 py-3 font-semibold text-primary shadow-sm transition hover:bg-primary-foreground/90 focus-visible:outline-primary-foreground"
          >
            {primaryAction.label}
            <ArrowRight aria-hidden="true" className="size-4" />
          </a>
          {secondaryAction && (
            <a
              href={secondaryAction.href}
              className="inline-flex items-center justify-center rounded-control border border-primary-foreground/30 px-6 py-3 font-semibold text-primary-foreground transition hover:bg-primary-foreground/10 focus-visible:outline-primary-foreground"
            >
              {secondaryAction.label}
            </a>
          )}
        </div>
      </div>
    </section>
  );
}

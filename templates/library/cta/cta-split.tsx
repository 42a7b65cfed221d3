import { ArrowRight, Check } from 'lucide-react';

export interface CtaSplitAction {
  label: string;
  href: string;
}

export interface CtaSplitProps {
  /** Section id, so nav links can target it. */
  id?: string;
  title?: string;
  subtitle?: string;
  /** Short reassurance points under the text; empty to hide. */
  points?: string[];
  primaryAction?: CtaSplitAction;
  /** Outlined button; omit to hide it. */
  secondaryAction?: CtaSplitAction;
}

/** A rounded card with the pitch on the left and actions on the right; stacks on mobile. */
export default function CtaSplit({
  id = 'cta',
  title = 'Ready to see your numbers clearly?',
  subtitle = 'Join 4,000+ teams who turned scattered dashboards into one source of truth.',
  points = ['14-day free trial', 'No credit card', 'Cancel anytime'],
  primaryAction = { label: 'Get started free', href: '#pricing' },
  secondaryAction = { label: 'Book a demo', href: '#contact' },
}: CtaSplitProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} aria-labelledby={headingId}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="relative isolate overflow-hidden rounded-box border border-border bg-muted px-6 py-10 sm:px-12 sm:py-14 lg:flex lg:items-center lg:justify-between lg:gap-12">
          <div
            aria-hidden="true"
            className="absolute -top-20 -right-20 -z-10 size-72 rounded-full bg-primary/10 blur-3xl"
          />
          <div className="max-w-xl">
            <h2 id={headingId} className="text-3xl font-bold sm:text-4xl">
              {title}
            </h2>
            {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
            {points.length > 0 && (
              <ul className="mt-6 flex flex-wrap gap-x-6 gap-y-2 text-sm text-muted-foreground">
                {points.map((point) => (
                  <li key={point} className="inline-flex items-center gap-2">
                    <Check aria-hidden="true" className="size-4 text-primary" />
                    {point}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="mt-8 flex shrink-0 flex-col gap-3 sm:flex-row lg:mt-0">
            <a
              href={primaryAction.href}
              className="inline-flex items-center justify-center gap-2 rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
            >
              {primaryAction.label}
              <ArrowRight aria-hidden="true" className="size-4" />
            </a>
            {secondaryAction && (
              <a
                href={secondaryAction.href}
                className="inline-flex items-center justify-center rounded-control border border-border bg-card px-6 py-3 font-semibold text-card-foreground transition hover:bg-background"
              >
                {secondaryAction.label}
              </a>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

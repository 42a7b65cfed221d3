import { ArrowRight, Check } from 'lucide-react';

export interface PricingSimpleProps {
  id?: string;
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  /** Name of the plan or ticket shown in the card. */
  planName?: string;
  planDescription?: string;
  /** Small line above the price. */
  priceLabel?: string;
  price?: string;
  /** Unit after the price, e.g. "/ month" or "per ticket". */
  priceUnit?: string;
  /** Everything included, shown as a two-column checklist. */
  features?: string[];
  action?: { label: string; href: string };
  /** Small print under the action. */
  note?: string;
}

/** A single plan or ticket in one card: price, two-column checklist of what's included, action and note. */
export default function PricingSimple({
  id = 'pricing',
  eyebrow = 'One plan, everything included',
  title = 'Pay one price. Get the whole product.',
  subtitle = 'No seats to count, no features behind a sales call. Invite your whole team and cancel whenever you like.',
  planName = 'Ledgerline Pro',
  planDescription = 'Unlimited dashboards, reports and teammates for one flat monthly price.',
  priceLabel = 'Flat price for your whole team',
  price = '$79',
  priceUnit = '/ month',
  features = [
    'Unlimited teammates',
    'Unlimited dashboards',
    '5M events per month',
    'Scheduled email reports',
    'Slack and Teams alerts',
    'Two-year data history',
    'SAML single sign-on',
    'Priority support',
  ],
  action = { label: 'Start your 14-day trial', href: '#signup' },
  note = 'No credit card required. Cancel anytime.',
}: PricingSimpleProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>
        </div>

        <div className="mx-auto mt-14 grid max-w-4xl overflow-hidden rounded-box border border-border bg-card text-card-foreground shadow-xl shadow-primary/5 lg:grid-cols-5">
          <div className="p-8 sm:p-10 lg:col-span-3">
            <h3 className="text-xl font-semibold">{planName}</h3>
            <p className="mt-2 text-muted-foreground">{planDescription}</p>
            <div className="mt-8 flex items-center gap-4">
              <p className="text-sm font-semibold text-primary">What's included</p>
              <div aria-hidden="true" className="h-px flex-1 bg-border" />
            </div>
            <ul className="mt-6 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              {features.map((feature) => (
                <li key={feature} className="flex gap-3">
                  <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-primary" />
                  {feature}
                </li>
              ))}
            </ul>
          </div>
          <div className="flex flex-col justify-center border-t border-border bg-muted p-8 text-center sm:p-10 lg:col-span-2 lg:border-t-0 lg:border-l">
            {priceLabel && <p className="text-sm font-medium text-muted-foreground">{priceLabel}</p>}
            <p className="mt-4 flex items-baseline justify-center gap-1.5">
              <span className="font-display text-5xl font-bold tracking-tight text-foreground">{price}</span>
              <span className="text-sm font-medium text-muted-foreground">{priceUnit}</span>
            </p>
            <a
              href={action.href}
              className="mt-8 inline-flex items-center justify-center gap-2 rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
            >
              {action.label}
              <ArrowRight aria-hidden="true" className="size-4" />
            </a>
            {note && <p className="mt-4 text-xs text-muted-foreground">{note}</p>}
          </div>
        </div>
      </div>
    </section>
  );
}

import { useState } from 'react';
import clsx from 'clsx';
import { Check } from 'lucide-react';

export interface PricingTier {
  name: string;
  /** Price per month when billed monthly. */
  monthlyPrice: string;
  /** Price per month when billed yearly. */
  yearlyPrice: string;
  description: string;
  features: string[];
  action: { label: string; href: string };
  /** Replaces the "Billed monthly/yearly" line, e.g. "Free forever". */
  billingNote?: string;
  /** Highlights the tier and shows the "Most popular" badge. */
  featured?: boolean;
}

export interface PricingTiersProps {
  id?: string;
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  /** Small note next to the yearly option, e.g. the discount. */
  yearlyNote?: string;
  /** Text of the badge on the featured tier. */
  popularLabel?: string;
  tiers?: PricingTier[];
}

/** Three pricing tiers with a monthly/yearly toggle and a highlighted middle plan. */
export default function PricingTiers({
  id = 'pricing',
  eyebrow = 'Pricing',
  title = 'Simple plans that grow with your team',
  subtitle = 'Start free, upgrade when you need more. Every plan includes unlimited dashboards and secure share links.',
  yearlyNote = 'Save 20%',
  popularLabel = 'Most popular',
  tiers = [
    { name: 'Starter', monthlyPrice: '$0', yearlyPrice: '$0', billingNote: 'Free forever', description: 'For individuals exploring their first product metrics.', features: ['Up to 3 projects', '10k events per month', '7-day data history', 'Community support'], action: { label: 'Start for free', href: '#signup' } },
    { name: 'Team', monthlyPrice: '$49', yearlyPrice: '$39', description: 'For growing teams who make decisions with data every day.', features: ['Unlimited projects', '1M events per month', '2-year data history', 'Shared team workspaces', 'Priority email support'], action: { label: 'Start 14-day trial', href: '#signup' }, featured: true },
    { name: 'Scale', monthlyPrice: '$149', yearlyPrice: '$119', description: 'For organisations with advanced security needs.', features: ['Everything in Team', '10M events per month', 'SAML single sign-on', 'Audit log & roles', 'Dedicated success manager'], action: { label: 'Talk to sales', href: '#contact' } },
  ],
}: PricingTiersProps) {
  const [yearly, setYearly] = useState(false);
  const options = [
    { label: 'Monthly', value: false },
    { label: 'Yearly', value: true },
  ];

  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">{title}</h2>
          <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>
        </div>

        <div className="mt-10 flex items-center justify-center gap-3">
          <div role="group" aria-label="Billing period" className="inline-flex rounded-full border border-border bg-muted p-1">
            {options.map((option) => (
              <button
                key={option.label}
                type="button"
                aria-pressed={yearly === option.value}
                onClick={() => setYearly(option.value)}
                className={clsx(
                  'rounded-full px-5 py-2 text-sm font-semibold transition',
                  yearly === option.value ? 'bg-card text-card-foreground shadow-sm ring-1 ring-border' : 'text-muted-foreground hover:text-foreground',
                )}
              >
                {option.label}
              </button>
            ))}
          </div>
          {yearlyNote && <span className="rounded-full bg-accent px-3 py-1 text-xs font-semibold text-accent-foreground">{yearlyNote}</span>}
        </div>

        <ul className="mx-auto mt-12 grid max-w-md gap-6 lg:max-w-none lg:grid-cols-3">
          {tiers.map((tier) => (
            <li
              key={tier.name}
              className={clsx(
                'relative flex flex-col rounded-box border bg-card p-8 text-card-foreground',
                tier.featured ? 'border-primary shadow-xl shadow-primary/10 ring-1 ring-primary' : 'border-border shadow-sm',
              )}
            >
              {tier.featured && (
                <p className="absolute -top-3 left-8 rounded-full bg-primary px-3 py-1 text-xs font-semibold text-primary-foreground">{popularLabel}</p>
              )}
              <h3 className="text-lg font-semibold">{tier.name}</h3>
              <p className="mt-2 text-sm text-muted-foreground">{tier.description}</p>
              <p className="mt-6 flex items-baseline gap-1">
                <span className="font-display text-4xl font-bold tracking-tight">{yearly ? tier.yearlyPrice : tier.monthlyPrice}</span>
                <span className="text-sm text-muted-foreground">/ month</span>
              </p>
              <p className="mt-1 text-xs text-muted-foreground">{tier.billingNote ?? (yearly ? 'Billed yearly' : 'Billed monthly')}</p>
              <a
                href={tier.action.href}
                className={clsx(
                  'mt-6 rounded-control px-5 py-2.5 text-center font-semibold transition',
                  tier.featured ? 'bg-primary text-primary-foreground shadow-sm hover:bg-primary/90' : 'border border-border bg-card hover:bg-muted',
                )}
              >
                {tier.action.label}
              </a>
              <ul className="mt-8 space-y-3 border-t border-border pt-6 text-sm">
                {tier.features.map((feature) => (
                  <li key={feature} className="flex gap-3">
                    <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-primary" />
                    {feature}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

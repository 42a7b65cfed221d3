import { Bell, ChartBar, Lock, Plug, Users, Zap } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface FeaturesGridItem {
  icon: LucideIcon;
  title: string;
  text: string;
}

export interface FeaturesGridProps {
  id?: string;
  /** Small label above the heading; omit to hide it. */
  eyebrow?: string;
  title?: string;
  lead?: string;
  /** Six cards read best (a full 3 × 2 grid on desktop). */
  items?: FeaturesGridItem[];
}

/** A feature overview: heading and lead over six icon cards in a 1/2/3-column grid. */
export default function FeaturesGrid({
  id = 'features',
  eyebrow = 'Features',
  title = 'Everything you need to understand your product',
  lead = 'From the first event to the weekly review, Lumen keeps your metrics accurate, your team aligned and your decisions fast.',
  items = [
    { icon: Plug, title: 'One-click integrations', text: 'Connect Stripe, Postgres, Segment and 40 more sources in minutes, without writing a pipeline.' },
    { icon: ChartBar, title: 'Dashboards that explain', text: 'Every chart comes with a plain-language summary of what changed and why it matters.' },
    { icon: Bell, title: 'Alerts that matter', text: 'Get a Slack message when a metric moves outside its normal range, not every time it twitches.' },
    { icon: Users, title: 'Built for the whole team', text: 'Share live reports with a link. Comments and mentions keep the discussion next to the data.' },
    { icon: Zap, title: 'Fast on any dataset', text: 'Queries over a billion rows return in under a second, thanks to a columnar engine and smart caching.' },
    { icon: Lock, title: 'Secure by default', text: 'SOC 2 Type II, SSO, role-based access and audit logs, included on every plan.' },
  ],
}: FeaturesGridProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          <p className="mt-4 text-lg text-pretty text-muted-foreground">{lead}</p>
        </div>
        <ul className="mt-14 grid gap-5 sm:grid-cols-2 lg:grid-cols-3 lg:gap-6">
          {items.map(({ icon: Icon, title: itemTitle, text }) => (
            <li
              key={itemTitle}
              className="rounded-box border border-border bg-card p-6 text-card-foreground shadow-sm transition hover:border-primary/30 hover:shadow-md"
            >
              <span className="flex size-11 items-center justify-center rounded-control bg-primary/10 text-primary ring-1 ring-primary/15">
                <Icon aria-hidden="true" className="size-5" />
              </span>
              <h3 className="mt-5 text-lg font-semibold">{itemTitle}</h3>
              <p className="mt-2 leading-relaxed text-muted-foreground">{text}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

import { Bell, ChartLine, Database, Lock, Sparkles } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import clsx from 'clsx';

export interface FeaturesBentoItem {
  icon: LucideIcon;
  title: string;
  text: string;
}

export interface FeaturesBentoProps {
  id?: string;
  /** Small label above the heading; omit to hide it. */
  eyebrow?: string;
  title?: string;
  lead?: string;
  /** Caption and change figure of the chart drawn in the large tile. */
  chartLabel?: string;
  chartChange?: string;
  /** The first item is the large tile (with a drawn chart); four more fill the small tiles. */
  items?: FeaturesBentoItem[];
}

/** A bento grid of features: one large tile with a drawn chart beside four small tiles; stacks on mobile. */
export default function FeaturesBento({
  id = 'features',
  eyebrow = 'Why Lumen',
  title = 'One workspace for every product question',
  lead = 'Bring your data together once, then let everyone from design to finance find answers on their own.',
  chartLabel = 'Revenue · last 30 days',
  chartChange = '+24%',
  items = [
    { icon: ChartLine, title: 'Live metrics, explained', text: 'Charts update as events arrive, with a one-line summary of what changed and which segment drove it.' },
    { icon: Database, title: '40+ sources', text: 'Stripe, Postgres, Segment and more, synced every five minutes.' },
    { icon: Bell, title: 'Smart alerts', text: 'Hear about real anomalies, not every wobble.' },
    { icon: Lock, title: 'SSO and audit logs', text: 'Enterprise controls on every plan, not just the top one.' },
    { icon: Sparkles, title: 'Ask in plain English', text: 'Type a question, get a chart and the query behind it.' },
  ],
}: FeaturesBentoProps) {
  const [hero, ...rest] = items;
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="max-w-2xl">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          <p className="mt-4 text-lg text-pretty text-muted-foreground">{lead}</p>
        </div>
        <ul className="mt-12 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:gap-5">
          {hero && (
            <li className="flex flex-col justify-between gap-8 rounded-box border border-border bg-linear-to-b from-primary/5 to-card p-6 text-card-foreground shadow-sm sm:col-span-2 sm:p-8 lg:row-span-2">
              <div>
                <span className="flex size-11 items-center justify-center rounded-control bg-primary/10 text-primary ring-1 ring-primary/15">
                  <hero.icon aria-hidden="true" className="size-5" />
                </span>
                <h3 className="mt-5 text-xl font-semibold sm:text-2xl">{hero.title}</h3>
                <p className="mt-2 max-w-md leading-relaxed text-pretty text-muted-foreground">{hero.text}</p>
              </div>
              <div aria-hidden="true" className="rounded-control border border-border bg-background p-4 shadow-sm">
                <div className="flex items-center justify-between text-xs text-muted-foreground">
                  <span className="font-medium">{chartLabel}</span>
                  <span className="rounded-full bg-primary/10 px-2 py-0.5 font-semibold text-primary">{chartChange}</span>
                </div>
                <svg viewBox="0 0 300 90" preserveAspectRatio="none" className="mt-4 h-32 w-full text-primary sm:h-36">
                  <defs>
                    <linearGradient id={`${id}-area`} x1="0" y1="0" x2="0" y2="1">
                      <stop offset="0%" stopColor="currentColor" stopOpacity="0.25" />
                      <stop offset="100%" stopColor="currentColor" stopOpacity="0" />
                    </linearGradient>
                  </defs>
                  <g className="text-border" stroke="currentColor" strokeDasharray="3 4">
                    <line x1="0" y1="22" x2="300" y2="22" vectorEffect="non-scaling-stroke" />
                    <line x1="0" y1="45" x2="300" y2="45" vectorEffect="non-scaling-stroke" />
                    <line x1="0" y1="68" x2="300" y2="68" vectorEffect="non-scaling-stroke" />
                  </g>
                  <path d="M0 72 L30 66 L60 70 L90 55 L120 58 L150 44 L180 48 L210 32 L240 36 L270 20 L300 12 L300 90 L0 90 Z" fill={`url(#${id}-area)`} />
                  <path d="M0 72 L30 66 L60 70 L90 55 L120 58 L150 44 L180 48 L210 32 L240 36 L270 20 L300 12" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
                </svg>
              </div>
            </li>
          )}
          {rest.map(({ icon: Icon, title: itemTitle, text }, i) => {
            const featured = i === rest.length - 1;
            return (
              <li
                key={itemTitle}
                className={clsx(
                  'rounded-box border p-6 shadow-sm',
                  featured ? 'border-primary bg-primary text-primary-foreground' : 'border-border bg-card text-card-foreground',
                )}
              >
                <span
                  className={clsx(
                    'flex size-10 items-center justify-center rounded-control',
                    featured ? 'bg-primary-foreground/15 text-primary-foreground' : 'bg-primary/10 text-primary ring-1 ring-primary/15',
                  )}
                >
                  <Icon aria-hidden="true" className="size-5" />
                </span>
                <h3 className="mt-4 font-semibold">{itemTitle}</h3>
                <p className={clsx('mt-1.5 text-sm leading-relaxed', featured ? 'text-primary-foreground/85' : 'text-muted-foreground')}>{text}</p>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

import { Check } from 'lucide-react';
import clsx from 'clsx';

export interface FeaturesAlternatingRow {
  /** Small label above the row title. */
  eyebrow: string;
  title: string;
  text: string;
  /** Three short points shown as a checklist. */
  points: string[];
  /** The CSS-drawn illustration beside the text, with its own words so it matches the page. */
  visual: FeaturesAlternatingVisual;
}

export type FeaturesAlternatingVisual =
  | { kind: 'chart'; label: string; value: string; change: string; bars?: number[]; barLabels?: string[] }
  | { kind: 'list'; items: { initials: string; label: string; meta: string }[] }
  | { kind: 'toggles'; items: { label: string; note: string; on: boolean }[] };

export interface FeaturesAlternatingProps {
  id?: string;
  title?: string;
  lead?: string;
  rows?: FeaturesAlternatingRow[];
}

function ChartVisual({ label, value, change, bars = [38, 52, 45, 61, 58, 74, 92], barLabels = ['M', 'T', 'W', 'T', 'F', 'S', 'S'] }: Extract<FeaturesAlternatingVisual, { kind: 'chart' }>) {
  return (
    <div className="rounded-box border border-border bg-card p-5 text-card-foreground shadow-sm">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-xs font-medium text-muted-foreground">{label}</p>
          <p className="mt-1 font-display text-2xl font-bold tracking-tight">{value}</p>
        </div>
        <span className="rounded-full bg-primary/10 px-2 py-0.5 text-xs font-semibold text-primary">{change}</span>
      </div>
      <div className="mt-6 grid gap-2 sm:gap-3" style={{ gridTemplateColumns: `repeat(${bars.length}, minmax(0, 1fr))` }}>
        {bars.map((h, i) => (
          <div key={i} className="flex flex-col items-center gap-2">
            <div className="flex h-28 w-full items-end">
              <div className={clsx('w-full rounded-t-control', i === bars.length - 1 ? 'bg-primary' : 'bg-primary/20')} style={{ height: `${h}%` }} />
            </div>
            <span className="text-[11px] text-muted-foreground">{barLabels[i] ?? ''}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function ListVisual({ items }: Extract<FeaturesAlternatingVisual, { kind: 'list' }>) {
  return (
    <ul className="space-y-3">
      {items.map((a, i) => (
        <li key={a.label} className="flex items-center gap-3 rounded-box border border-border bg-card p-3.5 text-card-foreground shadow-sm sm:p-4">
          <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-bold text-accent-foreground">{a.initials}</span>
          <span className="min-w-0 flex-1 text-sm leading-snug font-medium">{a.label}</span>
          <span className={clsx('size-2 shrink-0 rounded-full', ['bg-primary', 'bg-primary/50', 'bg-muted-foreground/40'][Math.min(i, 2)])} aria-hidden="true" />
          <span className="shrink-0 text-right text-xs text-muted-foreground">{a.meta}</span>
        </li>
      ))}
    </ul>
  );
}

function TogglesVisual({ items }: Extract<FeaturesAlternatingVisual, { kind: 'toggles' }>) {
  return (
    <div className="divide-y divide-border rounded-box border border-border bg-card text-card-foreground shadow-sm">
      {items.map((t) => (
        <div key={t.label} className="flex items-center justify-between gap-4 p-4 sm:p-5">
          <div className="min-w-0">
            <p className="text-sm font-semibold">{t.label}</p>
            <p className="mt-0.5 text-xs text-muted-foreground">{t.note}</p>
          </div>
          <span className={clsx('flex h-6 w-11 shrink-0 items-center rounded-full p-0.5 transition', t.on ? 'justify-end bg-primary' : 'justify-start bg-border')}>
            <span className="size-5 rounded-full bg-background shadow-sm" />
          </span>
        </div>
      ))}
    </div>
  );
}

function Visual({ visual }: { visual: FeaturesAlternatingVisual }) {
  if (visual.kind === 'chart') return <ChartVisual {...visual} />;
  if (visual.kind === 'list') return <ListVisual {...visual} />;
  return <TogglesVisual {...visual} />;
}

/** Three feature rows alternating copy (with a checklist) and a CSS-drawn product illustration. */
export default function FeaturesAlternating({
  id = 'features',
  title = 'Built for how product teams actually work',
  lead = 'Less time wrangling spreadsheets, more time acting on what the numbers say.',
  rows = [
    { eyebrow: 'Dashboards', title: 'See the trend, not just the number', text: 'Every metric comes with context: how it moved, compared with what, and which segment drove the change.', points: ['Compare any two periods in one click', 'Annotate launches and incidents on the chart', 'Share a live link instead of a screenshot'], visual: { kind: 'chart', label: 'Weekly active users', value: '12,480', change: '+18.2%' } },
    { eyebrow: 'Alerts', title: 'Know what changed before standup', text: 'Lumen watches your key metrics overnight and tells you, in plain words, what moved and why it might have.', points: ['Anomaly detection tuned to your seasonality', 'Alerts in Slack, email or Microsoft Teams', 'Mute noisy metrics for as long as you like'], visual: { kind: 'list', items: [{ initials: 'CK', label: 'Checkout conversion fell 4.1%', meta: '2m' }, { initials: 'SG', label: 'Sign-ups from Germany up 32%', meta: '1h' }, { initials: 'RT', label: 'Day-7 retention back to normal', meta: '3h' }] } },
    { eyebrow: 'Permissions', title: 'Control exactly who sees what', text: 'Keep revenue numbers with finance and give everyone else the product metrics they need, without extra tools.', points: ['Roles and groups synced from your SSO', 'Row-level rules for sensitive data', 'An audit log of every view and export'], visual: { kind: 'toggles', items: [{ label: 'Finance dashboards', note: 'Admins and finance only', on: true }, { label: 'Public share links', note: 'Anyone with the link can view', on: false }, { label: 'Require SSO', note: 'Sign in with your identity provider', on: true }] } },
  ],
}: FeaturesAlternatingProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          <h2 id={`${id}-title`} className="text-3xl font-bold sm:text-4xl">{title}</h2>
          <p className="mt-4 text-lg text-pretty text-muted-foreground">{lead}</p>
        </div>
        <div className="mt-16 space-y-20 sm:mt-20 sm:space-y-28">
          {rows.map((row, i) => {
            return (
              <div key={row.title} className="grid items-center gap-10 lg:grid-cols-2 lg:gap-16">
                <div className={clsx(i % 2 === 1 && 'lg:order-last')}>
                  <p className="text-sm font-semibold text-primary">{row.eyebrow}</p>
                  <h3 className="mt-2 text-2xl font-bold sm:text-3xl">{row.title}</h3>
                  <p className="mt-4 text-lg leading-relaxed text-muted-foreground">{row.text}</p>
                  <ul className="mt-6 space-y-3">
                    {row.points.map((point) => (
                      <li key={point} className="flex items-start gap-3">
                        <span className="mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary">
                          <Check aria-hidden="true" className="size-3.5" strokeWidth={3} />
                        </span>
                        <span className="text-foreground">{point}</span>
                      </li>
                    ))}
                  </ul>
                </div>
                <div aria-hidden="true" className="relative isolate overflow-hidden rounded-box border border-border bg-muted p-4 sm:p-10">
                  <div className="absolute -top-24 -right-24 -z-10 size-64 rounded-full bg-primary/15 blur-3xl" />
                  <Visual visual={row.visual} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

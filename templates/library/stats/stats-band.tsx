export interface StatsBandItem {
  value: string;
  label: string;
}

export interface StatsBandProps {
  id?: string;
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  /** Four figures work best; each shows a large value over its label. */
  stats?: StatsBandItem[];
}

/** A muted band with a heading and four key figures in a description list. */
export default function StatsBand({
  id = 'stats',
  eyebrow = 'By the numbers',
  title = 'Trusted by product teams that move fast',
  subtitle = 'From two-person startups to public companies, teams rely on Ledgerline to answer questions in minutes instead of weeks.',
  stats = [
    { value: '3,200+', label: 'Teams using Ledgerline' },
    { value: '48B', label: 'Events processed each month' },
    { value: '99.98%', label: 'Uptime over the last 12 months' },
    { value: '4 min', label: 'Median time to first dashboard' },
  ],
}: StatsBandProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-y border-border bg-muted">
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="max-w-2xl">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
        </div>
        <dl className="mt-14 grid grid-cols-1 gap-x-8 gap-y-10 sm:grid-cols-2 lg:grid-cols-4">
          {stats.map((stat) => (
            <div key={stat.label} className="flex flex-col-reverse gap-2 border-l-2 border-primary/30 pl-6">
              <dt className="text-sm text-muted-foreground">{stat.label}</dt>
              <dd className="font-display text-4xl font-bold tracking-tight text-foreground sm:text-5xl">{stat.value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

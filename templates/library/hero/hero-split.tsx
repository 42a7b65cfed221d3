import { ArrowRight, ArrowUpRight } from 'lucide-react';

export interface HeroSplitAction {
  label: string;
  href: string;
}

export interface HeroSplitListItem {
  name: string;
  value: string;
}

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface HeroSplitImage {
  src: string;
  alt: string;
  width: number;
  height: number;
  /** The asset's WebP variants, e.g. `/assets/shot-480w.webp 480w, /assets/shot-960w.webp 960w`. */
  srcSet?: string;
}

export interface HeroSplitProps {
  /** Section id, so navigation links can target the hero. */
  id?: string;
  /** Short line above the headline; omit to hide it. */
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  primaryAction?: HeroSplitAction;
  secondaryAction?: HeroSplitAction;
  /** Headline number shown in the product mock. */
  metricLabel?: string;
  metricValue?: string;
  metricChange?: string;
  /** Bar heights (0–100) drawn in the mock chart. */
  bars?: number[];
  /** Rows listed under the chart in the mock. */
  listItems?: HeroSplitListItem[];
  /** A product shot or photo shown in place of the drawn dashboard, loaded first; omit to draw the dashboard. */
  image?: HeroSplitImage;
}

/** A two-column hero: headline, lead and actions beside a CSS-drawn dashboard card (or the project's own picture). */
export default function HeroSplit({
  id = 'hero',
  eyebrow = 'Analytics for product teams',
  title = 'See what your customers do, not what they say.',
  subtitle = 'Ledgerline turns product events into live dashboards your whole team understands, with no SQL and no waiting on the data team.',
  primaryAction = { label: 'Start free trial', href: '#pricing' },
  secondaryAction = { label: 'Book a demo', href: '#contact' },
  metricLabel = 'Weekly active users',
  metricValue = '18,420',
  metricChange = '+12.4%',
  bars = [38, 52, 45, 61, 58, 74, 69, 86, 80, 94],
  listItems = [
    { name: 'Onboarding completed', value: '72%' },
    { name: 'Invited a teammate', value: '41%' },
    { name: 'Created first report', value: '58%' },
  ],
  image,
}: HeroSplitProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="relative isolate overflow-hidden">
      <div aria-hidden="true" className="absolute -top-32 right-0 -z-10 h-[28rem] w-[28rem] rounded-full bg-primary/15 blur-3xl" />
      <div className="mx-auto grid max-w-6xl items-center gap-14 px-6 py-20 sm:py-24 lg:grid-cols-2 lg:gap-16">
        <div>
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h1 id={`${id}-title`} className="mt-4 text-4xl leading-tight font-bold sm:text-5xl lg:text-[3.5rem] lg:leading-[1.1]">
            {title}
          </h1>
          <p className="mt-6 max-w-xl text-lg text-muted-foreground">{subtitle}</p>
          <div className="mt-10 flex flex-wrap items-center gap-3">
            <a
              href={primaryAction.href}
              className="inline-flex items-center gap-2 rounded-control bg-primary px-6 py-3 font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
            >
              {primaryAction.label}
              <ArrowRight aria-hidden="true" className="size-4" />
            </a>
            {secondaryAction && (
              <a
                href={secondaryAction.href}
                className="inline-flex items-center rounded-control border border-border bg-card px-6 py-3 font-semibold text-card-foreground transition hover:bg-muted"
              >
                {secondaryAction.label}
              </a>
            )}
          </div>
        </div>

        {image ? (
          <img
            src={image.src}
            srcSet={image.srcSet}
            sizes="(min-width: 1024px) 36rem, 100vw"
            alt={image.alt}
            width={image.width}
            height={image.height}
            loading="eager"
            fetchPriority="high"
            decoding="async"
            className="mx-auto h-auto w-full max-w-md rounded-box border border-border shadow-xl shadow-primary/5 lg:max-w-none"
          />
        ) : (
          <div aria-hidden="true" className="relative mx-auto w-full max-w-md lg:max-w-none">
            <div className="absolute -inset-4 -z-10 rounded-box bg-gradient-to-br from-primary/20 to-accent blur-2xl" />
            <div className="rounded-box border border-border bg-card p-6 text-card-foreground shadow-xl shadow-primary/5 sm:p-8">
              <div className="flex items-center justify-between">
                <div className="flex gap-1.5">
                  <span className="size-2.5 rounded-full bg-border" />
                  <span className="size-2.5 rounded-full bg-border" />
                  <span className="size-2.5 rounded-full bg-border" />
                </div>
                <span className="rounded-full bg-muted px-2.5 py-1 text-xs font-medium text-muted-foreground">Last 10 weeks</span>
              </div>
              <p className="mt-6 text-sm text-muted-foreground">{metricLabel}</p>
              <div className="mt-1 flex items-baseline gap-3">
                <span className="text-3xl font-bold tracking-tight">{metricValue}</span>
                <span className="inline-flex items-center gap-0.5 rounded-full bg-primary/10 px-2 py-0.5 text-xs font-semibold text-primary">
                  <ArrowUpRight className="size-3" />
                  {metricChange}
                </span>
              </div>
              <div className="mt-6 flex h-32 items-end gap-2 border-b border-border pb-px">
                {bars.map((height, i) => (
                  <div
                    key={i}
                    className={i === bars.length - 1 ? 'flex-1 rounded-t bg-primary' : 'flex-1 rounded-t bg-primary/25'}
                    style={{ height: `${Math.max(4, Math.min(100, height))}%` }}
                  />
                ))}
              </div>
              <ul className="mt-6 divide-y divide-border">
                {listItems.map((item) => (
                  <li key={item.name} className="flex items-center justify-between py-3 text-sm">
                    <span className="flex items-center gap-2.5 text-muted-foreground">
                      <span className="size-2 rounded-full bg-primary" />
                      {item.name}
                    </span>
                    <span className="font-semibold">{item.value}</span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

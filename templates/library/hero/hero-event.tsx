import { ArrowRight, CalendarDays, MapPin } from 'lucide-react';

export interface HeroEventAction {
  label: string;
  href: string;
}

export interface HeroEventFact {
  value: string;
  label: string;
}

export interface HeroEventProps {
  /** Section id, so navigation links can target the hero. */
  id?: string;
  /** Event dates, shown in the first badge. */
  date?: string;
  /** City or venue, shown in the second badge. */
  location?: string;
  title?: string;
  subtitle?: string;
  primaryAction?: HeroEventAction;
  secondaryAction?: HeroEventAction;
  /** Key numbers shown in a row under the actions. */
  facts?: HeroEventFact[];
}

/** A conference hero: date and city badges, a large headline, ticket actions and three key facts. */
export default function HeroEvent({
  id = 'event',
  date = 'October 14–15, 2026',
  location = 'Lisbon, Portugal',
  title = 'Two days on the future of building software together.',
  subtitle = 'Shipyard Conf brings engineering leaders, designers and founders to the riverside for talks, workshops and long conversations about how great teams work.',
  primaryAction = { label: 'Get tickets', href: '#tickets' },
  secondaryAction = { label: 'See the schedule', href: '#schedule' },
  facts = [
    { value: '40', label: 'Speakers' },
    { value: '2', label: 'Days of talks & workshops' },
    { value: '1,200', label: 'Attendees' },
  ],
}: HeroEventProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="relative isolate overflow-hidden">
      <div aria-hidden="true" className="absolute inset-0 -z-10 bg-gradient-to-b from-accent to-background" />
      <div
        aria-hidden="true"
        className="absolute -top-32 -right-32 -z-10 h-96 w-96 rounded-full bg-primary/20 blur-3xl sm:h-[36rem] sm:w-[36rem]"
      />
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-28">
        <ul className="flex flex-wrap gap-3">
          <li className="inline-flex items-center gap-2 rounded-full border border-border bg-card px-4 py-1.5 text-sm font-semibold text-card-foreground shadow-sm">
            <CalendarDays aria-hidden="true" className="size-4 text-primary" />
            {date}
          </li>
          <li className="inline-flex items-center gap-2 rounded-full border border-border bg-card px-4 py-1.5 text-sm font-semibold text-card-foreground shadow-sm">
            <MapPin aria-hidden="true" className="size-4 text-primary" />
            {location}
          </li>
        </ul>
        <h1 id={`${id}-title`} className="mt-8 max-w-4xl text-4xl leading-tight font-bold sm:text-6xl sm:leading-[1.05] lg:text-7xl">
          {title}
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-muted-foreground sm:text-xl">{subtitle}</p>
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
        {facts.length > 0 && (
          <dl className="mt-16 grid divide-y divide-border rounded-box border border-border bg-card text-card-foreground shadow-sm sm:grid-cols-3 sm:divide-x sm:divide-y-0">
            {facts.map((fact) => (
              <div key={fact.label} className="flex flex-col-reverse gap-1 px-6 py-5 sm:px-8 sm:py-6">
                <dt className="text-sm text-muted-foreground">{fact.label}</dt>
                <dd className="font-display text-4xl font-bold tracking-tight">{fact.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </section>
  );
}

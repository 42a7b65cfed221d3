import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import clsx from 'clsx';
import { Clock } from 'lucide-react';

export interface AgendaSession {
  time: string;
  title: string;
  speaker: string;
  track: string;
}

export interface AgendaDay {
  /** Tab label, e.g. "Day 1". */
  label: string;
  /** Date shown under the tab label. */
  date: string;
  sessions: AgendaSession[];
}

export interface ScheduleAgendaProps {
  id?: string;
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  days?: AgendaDay[];
}

/** An event agenda with day tabs; each day lists sessions with time, title, speaker and track. */
export default function ScheduleAgenda({
  id = 'schedule',
  eyebrow = 'Schedule',
  title = 'Two days of talks, workshops and hallway time',
  subtitle = 'All times are local (WEST). Workshops have limited seats and can be booked after you register.',
  days = [
    { label: 'Day 1', date: 'Wed, Oct 14', sessions: [
      { time: '09:00', title: 'Opening keynote: the shape of teams to come', speaker: 'Amara Okafor, Shipyard', track: 'Main stage' },
      { time: '10:30', title: 'Shipping weekly without breaking things', speaker: 'Lukas Brandt, Northwind', track: 'Engineering' },
      { time: '13:00', title: 'Design systems that survive a reorg', speaker: 'Priya Raman, Fieldnote', track: 'Design' },
      { time: '15:30', title: 'Workshop: writing decisions people read', speaker: 'Tomás Ferreira, Halyard', track: 'Workshop' },
    ] },
    { label: 'Day 2', date: 'Thu, Oct 15', sessions: [
      { time: '09:30', title: 'What we learned from 1,000 incident reviews', speaker: 'Hannah Lindqvist, Beacon', track: 'Engineering' },
      { time: '11:00', title: 'Pricing is a product decision', speaker: 'Daniel Mensah, Tallyho', track: 'Product' },
      { time: '14:00', title: 'Panel: remote teams, five years in', speaker: 'Moderated by Sofia Marques', track: 'Main stage' },
      { time: '16:30', title: 'Closing keynote and farewell drinks', speaker: 'Amara Okafor, Shipyard', track: 'Main stage' },
    ] },
  ],
}: ScheduleAgendaProps) {
  const [active, setActive] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const sessions = days[active]?.sessions ?? [];

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const last = days.length - 1;
    const next = { ArrowRight: active === last ? 0 : active + 1, ArrowLeft: active === 0 ? last : active - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    tabs.current[next]?.focus();
  }

  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">{title}</h2>
          {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
        </div>

        <div className="mx-auto mt-12 max-w-4xl">
          <div role="tablist" aria-label="Event days" className="grid grid-flow-col auto-cols-fr gap-1 rounded-box border border-border bg-muted p-1">
            {days.map((day, i) => (
              <button
                key={day.label}
                ref={(el) => { tabs.current[i] = el; }}
                id={`${id}-tab-${i}`}
                type="button"
                role="tab"
                aria-selected={i === active}
                aria-controls={`${id}-panel`}
                tabIndex={i === active ? 0 : -1}
                onClick={() => setActive(i)}
                onKeyDown={onKeyDown}
                className={clsx(
                  'rounded-control px-4 py-3 text-center transition',
                  i === active ? 'bg-card text-card-foreground shadow-sm ring-1 ring-border' : 'text-muted-foreground hover:text-foreground',
                )}
              >
                <span className="block font-semibold">{day.label}</span>
                <span className="block text-xs text-muted-foreground">{day.date}</span>
              </button>
            ))}
          </div>

          <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${active}`} tabIndex={0} className="mt-6">
            <ul className="divide-y divide-border rounded-box border border-border bg-card text-card-foreground shadow-sm">
              {sessions.map((session) => (
                <li key={`${session.time}-${session.title}`} className="flex flex-col gap-3 p-5 sm:flex-row sm:items-center sm:gap-6 sm:p-6">
                  <p className="flex w-20 shrink-0 items-center gap-1.5 text-sm font-semibold text-primary tabular-nums">
                    <Clock aria-hidden="true" className="size-4" />
                    {session.time}
                  </p>
                  <div className="min-w-0 flex-1">
                    <h3 className="font-semibold">{session.title}</h3>
                    <p className="mt-1 text-sm text-muted-foreground">{session.speaker}</p>
                  </div>
                  <span className="self-start rounded-full bg-accent px-3 py-1 text-xs font-semibold text-accent-foreground sm:self-center">
                    {session.track}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
}

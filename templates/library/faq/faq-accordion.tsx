import { ArrowRight, ChevronDown } from 'lucide-react';

export interface FaqItem {
  question: string;
  answer: string;
}

export interface FaqAccordionProps {
  /** Section id, so nav links can target it. */
  id?: string;
  title?: string;
  subtitle?: string;
  /** Five or six questions work best. */
  items?: FaqItem[];
  /** The "still have questions?" prompt under the heading; omit to hide it. */
  contact?: { text: string; label: string; href: string };
}

const defaultItems: FaqItem[] = [
  {
    question: 'How long does it take to set up?',
    answer:
      'Most teams are up and running in under ten minutes. Connect a data source, pick a starter report, and invite your team. No engineering work is needed.',
  },
  {
    question: 'Which tools can I connect?',
    answer:
      'We support more than 80 sources out of the box, including the major data warehouses, payment providers, CRMs and product analytics tools. New connectors ship every month.',
  },
  {
    question: 'Is my data secure?',
    answer:
      'Yes. Data is encrypted in transit and at rest, access is scoped per workspace, and we are SOC 2 Type II audited every year. You can request our security report at any time.',
  },
  {
    question: 'Can I try it before I pay?',
    answer:
      'Every plan starts with a 14-day free trial with all features unlocked. No credit card is required, and you can export everything if you decide not to continue.',
  },
  {
    question: 'How does pricing work for larger teams?',
    answer:
      'Plans are priced per workspace, not per seat, so you can invite everyone who needs the numbers. Annual billing saves two months.',
  },
  {
    question: 'Can I cancel at any time?',
    answer: 'Of course. Cancel from your billing settings in two clicks; you keep access until the end of the period you paid for.',
  },
];

/** A two-column FAQ: heading and contact link on the left, expandable questions on the right. */
export default function FaqAccordion({
  id = 'faq',
  title = 'Frequently asked questions',
  subtitle = 'Everything you need to know about getting started, security and billing.',
  items = defaultItems,
  contact = { text: 'Still have questions?', label: 'Contact our team', href: '#contact' },
}: FaqAccordionProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} aria-labelledby={headingId}>
      <div className="mx-auto grid max-w-6xl gap-12 px-6 py-20 sm:py-24 lg:grid-cols-12 lg:gap-16">
        <div className="lg:col-span-4">
          <h2 id={headingId} className="text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
          {contact && (
            <p className="mt-8 text-muted-foreground">
              {contact.text}{' '}
              <a
                href={contact.href}
                className="inline-flex items-center gap-1 font-semibold text-primary hover:underline"
              >
                {contact.label}
                <ArrowRight aria-hidden="true" className="size-4" />
              </a>
            </p>
          )}
        </div>
        <ul className="divide-y divide-border border-y border-border lg:col-span-8">
          {items.map((item) => (
            <li key={item.question}>
              <details className="group">
                <summary className="flex cursor-pointer list-none items-center justify-between gap-6 rounded-control py-5 text-left font-semibold transition hover:text-primary [&::-webkit-details-marker]:hidden">
                  <span>{item.question}</span>
                  <span className="flex size-7 shrink-0 items-center justify-center rounded-full border border-border bg-card text-muted-foreground transition group-open:rotate-180 group-open:border-primary/30 group-open:text-primary">
                    <ChevronDown aria-hidden="true" className="size-4" />
                  </span>
                </summary>
                <p className="max-w-2xl pr-12 pb-6 leading-relaxed text-muted-foreground">{item.answer}</p>
              </details>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

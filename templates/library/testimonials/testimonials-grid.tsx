import { Star } from 'lucide-react';

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface TestimonialAvatar {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface Testimonial {
  quote: string;
  name: string;
  role: string;
  company: string;
  /** Stars out of 5; defaults to 5. */
  rating?: number;
  /** The person's photo, shown in place of their initials. */
  avatar?: TestimonialAvatar;
}

export interface TestimonialsGridProps {
  /** Section id, so nav links can target it. */
  id?: string;
  /** Short line above the heading; omit to hide it. */
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  /** Three to six quotes work best. */
  testimonials?: Testimonial[];
}

const defaultTestimonials: Testimonial[] = [
  {
    quote:
      'We replaced three dashboards and a weekly spreadsheet ritual. Product, sales and support finally argue about decisions instead of numbers.',
    name: 'Maya Okafor',
    role: 'VP of Product',
    company: 'Fieldstone',
  },
  {
    quote: 'Setup took one afternoon. By Friday our CEO was asking questions in plain English and getting answers.',
    name: 'Daniel Reyes',
    role: 'Head of Data',
    company: 'Kiteway',
  },
  {
    quote:
      'The shareable reports are the killer feature. I send a link, people read it, and nobody asks me to export a CSV ever again. It has quietly become the way our company talks about growth.',
    name: 'Priya Raman',
    role: 'Growth Lead',
    company: 'Lumen Health',
  },
  {
    quote: 'Our churn analysis used to take a week of SQL. Now it takes a coffee.',
    name: 'Tom Lindqvist',
    role: 'Customer Success Director',
    company: 'Parcel & Pine',
  },
  {
    quote:
      'It connects to everything we already use, and the numbers match our warehouse to the cent. That trust is why it stuck when other tools did not.',
    name: 'Hannah Weiss',
    role: 'CFO',
    company: 'Orbital Studio',
  },
  {
    quote: 'Support answers in minutes, and the roadmap actually listens. Rare for a tool this polished.',
    name: 'Samuel Adeyemi',
    role: 'Engineering Manager',
    company: 'Brightpath Logistics',
  },
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** A masonry grid of customer quote cards with star ratings, initials avatars, names and companies. */
export default function TestimonialsGrid({
  id = 'testimonials',
  eyebrow = 'Customer stories',
  title = 'Loved by teams who make decisions with data',
  subtitle = 'Thousands of product, growth and finance teams use us to get answers they can trust, without waiting on an analyst.',
  testimonials = defaultTestimonials,
}: TestimonialsGridProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} aria-labelledby={headingId} className="bg-muted/60">
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={headingId} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
        </div>
        <ul className="mt-14 -mb-6 gap-6 sm:columns-2 lg:columns-3">
          {testimonials.map((t) => {
            const rating = Math.max(0, Math.min(5, Math.round(t.rating ?? 5)));
            return (
              <li key={`${t.name}-${t.company}`} className="mb-6 break-inside-avoid">
                <figure className="flex flex-col gap-5 rounded-box border border-border bg-card p-6 text-card-foreground shadow-sm">
                  <div className="flex gap-0.5">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <Star
                        key={n}
                        aria-hidden="true"
                        className={n <= rating ? 'size-4 fill-primary text-primary' : 'size-4 text-border'}
                      />
                    ))}
                    <span className="sr-only">{rating} out of 5</span>
                  </div>
                  <blockquote className="leading-relaxed">
                    <p>&ldquo;{t.quote}&rdquo;</p>
                  </blockquote>
                  <figcaption className="flex items-center gap-3 border-t border-border pt-5">
                    {t.avatar ? (
                      <img
                        src={t.avatar.src}
                        alt={t.avatar.alt}
                        width={t.avatar.width}
                        height={t.avatar.height}
                        loading="lazy"
                        decoding="async"
                        className="size-10 shrink-0 rounded-full object-cover"
                      />
                    ) : (
                      <span
                        aria-hidden="true"
                        className="flex size-10 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-accent-foreground"
                      >
                        {initials(t.name)}
                      </span>
                    )}
                    <span className="min-w-0 text-sm">
                      <span className="block font-semibold">{t.name}</span>
                      <span className="block text-muted-foreground">
                        {t.role}, {t.company}
                      </span>
                    </span>
                  </figcaption>
                </figure>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

import { Quote } from 'lucide-react';

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface TestimonialSpotlightImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface TestimonialSpotlightProps {
  /** Section id, so nav links can target it. */
  id?: string;
  /** Section heading for screen readers (visually hidden). */
  title?: string;
  quote?: string;
  name?: string;
  role?: string;
  /** The person's photo, shown in place of their initials; omit to draw the initials. */
  avatar?: TestimonialSpotlightImage;
  /** Shown as a text wordmark under the quote. */
  company?: string;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** A single centred customer quote with a quote mark, the person, their role and a company wordmark. */
export default function TestimonialSpotlight({
  id = 'testimonial',
  title = 'What our customers say',
  quote = 'Before, every planning meeting started with an argument about whose numbers were right. Now the whole company looks at the same report, and we spend that hour deciding what to build next.',
  name = 'Elena Marchetti',
  role = 'Chief Operating Officer',
  avatar,
  company = 'Fieldstone',
}: TestimonialSpotlightProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} aria-labelledby={headingId} className="relative isolate overflow-hidden">
      <div
        aria-hidden="true"
        className="absolute inset-x-0 top-1/2 -z-10 mx-auto h-72 max-w-3xl -translate-y-1/2 rounded-full bg-primary/10 blur-3xl"
      />
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <h2 id={headingId} className="sr-only">
          {title}
        </h2>
        <figure className="mx-auto flex max-w-3xl flex-col items-center text-center">
          <span className="flex size-14 items-center justify-center rounded-full bg-primary/10 text-primary ring-1 ring-primary/20">
            <Quote aria-hidden="true" className="size-6 fill-primary/20" />
          </span>
          <blockquote className="mt-8 font-display text-2xl font-medium leading-snug tracking-tight text-balance sm:text-3xl">
            <p>&ldquo;{quote}&rdquo;</p>
          </blockquote>
          <figcaption className="mt-10 flex flex-col items-center gap-5 sm:flex-row sm:gap-6">
            <div className="flex items-center gap-4 text-left">
              {avatar ? (
                <img
                  src={avatar.src}
                  alt={avatar.alt}
                  width={avatar.width}
                  height={avatar.height}
                  loading="lazy"
                  decoding="async"
                  className="size-12 shrink-0 rounded-full object-cover"
                />
              ) : (
                <span
                  aria-hidden="true"
                  className="flex size-12 shrink-0 items-center justify-center rounded-full bg-linear-to-br from-primary to-primary/60 font-semibold text-primary-foreground"
                >
                  {initials(name)}
                </span>
              )}
              <div>
                <div className="font-semibold">{name}</div>
                <div className="text-sm text-muted-foreground">{role}</div>
              </div>
            </div>
            <span aria-hidden="true" className="hidden h-10 w-px bg-border sm:block" />
            <span className="font-display text-lg font-bold uppercase tracking-[0.2em] text-muted-foreground">
              <span className="sr-only">at </span>
              {company}
            </span>
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

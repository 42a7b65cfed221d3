import { ArrowRight } from 'lucide-react';

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface HeroCenteredImage {
  src: string;
  alt: string;
  width: number;
  height: number;
  /** The asset's WebP variants, e.g. `/assets/shot-480w.webp 480w, /assets/shot-960w.webp 960w`. */
  srcSet?: string;
}

export interface HeroCenteredProps {
  /** Section id, so navigation links can target the hero. */
  id?: string;
  /** Short line above the headline; omit to hide it. */
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  primaryAction?: { label: string; href: string };
  secondaryAction?: { label: string; href: string };
  /** Small print under the buttons (trial terms, social proof). */
  note?: string;
  /** A product shot or photo under the actions, loaded first (it is above the fold); omit for text only. */
  image?: HeroCenteredImage;
}

/** A centred hero: eyebrow pill, headline, lead and two actions over a soft primary glow. */
export default function HeroCentered({
  id = 'top',
  eyebrow = 'New: reports your whole team can read',
  title = 'Every answer about your product, in plain language.',
  subtitle = 'Connect the tools you already use and turn raw events into clear, shareable insights, so everyone decides with the same numbers.',
  primaryAction = { label: 'Start your free trial', href: '#pricing' },
  secondaryAction = { label: 'See how it works', href: '#features' },
  note = 'Free for 14 days · No credit card · Set up in five minutes',
  image,
}: HeroCenteredProps) {
  return (
    <section id={id} aria-labelledby="hero-title" className="relative isolate overflow-hidden">
      <div
        aria-hidden="true"
        className="absolute inset-x-0 -top-40 -z-10 mx-auto h-[36rem] max-w-5xl rounded-full bg-primary/15 blur-3xl"
      />
      <div className="mx-auto max-w-3xl px-6 pt-20 pb-24 text-center sm:pt-28 sm:pb-32">
        {eyebrow && (
          <p className="mb-6 inline-flex items-center rounded-full bg-accent px-4 py-1.5 text-sm font-semibold text-accent-foreground">
            {eyebrow}
          </p>
        )}
        <h1 id="hero-title" className="text-4xl font-bold sm:text-6xl">
          {title}
        </h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-muted-foreground sm:text-xl">{subtitle}</p>
        <div className="mt-10 flex flex-wrap items-center justify-center gap-3">
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
        {note && <p className="mt-6 text-sm text-muted-foreground">{note}</p>}
      </div>
      {image && (
        <div className="mx-auto -mt-8 max-w-5xl px-6 pb-24 sm:-mt-12 sm:pb-32">
          <img
            src={image.src}
            srcSet={image.srcSet}
            sizes="(min-width: 1024px) 64rem, 100vw"
            alt={image.alt}
            width={image.width}
            height={image.height}
            loading="eager"
            fetchPriority="high"
            decoding="async"
            className="h-auto w-full rounded-box border border-border shadow-xl shadow-primary/5"
          />
        </div>
      )}
    </section>
  );
}

export interface StepsNumberedStep {
  title: string;
  text: string;
}

export interface StepsNumberedProps {
  id?: string;
  /** Small label above the heading; omit to hide it. */
  eyebrow?: string;
  title?: string;
  lead?: string;
  /** Three steps read best; they are numbered automatically. */
  steps?: StepsNumberedStep[];
}

/** "How it works": three numbered steps joined by a line (horizontal on desktop, vertical on mobile). */
export default function StepsNumbered({
  id = 'how-it-works',
  eyebrow = 'How it works',
  title = 'From raw data to shared answers in an afternoon',
  lead = 'No data team required. Most customers see their first dashboard within an hour of signing up.',
  steps = [
    { title: 'Connect your sources', text: 'Link Stripe, your database and your event tracker with read-only access. Nothing to install.' },
    { title: 'Pick your key metrics', text: 'Start from a template for SaaS, marketplaces or e-commerce, then tweak the definitions to match yours.' },
    { title: 'Share with your team', text: 'Invite teammates, schedule a weekly digest and set alerts for the numbers that matter most.' },
  ],
}: StepsNumberedProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={`${id}-title`} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          <p className="mt-4 text-lg text-pretty text-muted-foreground">{lead}</p>
        </div>
        <ol className="mx-auto mt-14 grid max-w-md gap-10 sm:mt-16 md:max-w-none md:grid-cols-3 md:gap-8">
          {steps.map((step, i) => {
            const last = i === steps.length - 1;
            return (
              <li key={step.title} className="relative flex gap-5 md:flex-col md:items-center md:gap-0 md:text-center">
                {!last && (
                  <>
                    <div aria-hidden="true" className="absolute top-14 -bottom-8 left-6 w-0.5 -translate-x-1/2 rounded-full bg-linear-to-b from-primary/50 to-primary/10 md:hidden" />
                    <div
                      aria-hidden="true"
                      className="absolute top-6 right-[-50%] -translate-y-1/2 left-[calc(50%+2rem)] hidden h-0.5 rounded-full bg-linear-to-r from-primary/60 to-primary/15 md:block"
                    />
                  </>
                )}
                <span className="relative flex size-12 shrink-0 items-center justify-center rounded-full bg-primary font-display text-lg font-bold text-primary-foreground shadow-sm ring-4 ring-primary/15">
                  <span className="sr-only">Step </span>
                  {i + 1}
                </span>
                <div className="pt-2.5 md:mt-6 md:max-w-xs md:pt-0">
                  <h3 className="text-lg font-semibold">{step.title}</h3>
                  <p className="mt-2 leading-relaxed text-muted-foreground">{step.text}</p>
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

import { Aperture, Boxes, Compass, Feather, Mountain, Orbit } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import clsx from 'clsx';

export interface LogosRowLogo {
  name: string;
  icon: LucideIcon;
}

export interface LogosRowProps {
  id?: string;
  /** The line above the logos. */
  title?: string;
  /** Five or six company wordmarks. */
  logos?: LogosRowLogo[];
}

/** Varied type treatments so the fictional wordmarks read as different brands. */
const wordmarkStyles = [
  'text-lg font-bold tracking-tight sm:text-xl',
  'text-lg font-semibold italic sm:text-xl',
  'text-sm font-extrabold uppercase tracking-[0.18em] sm:text-base',
  'text-lg font-medium lowercase tracking-tight sm:text-xl',
  'text-lg font-black tracking-tighter sm:text-xl',
  'text-lg font-semibold tracking-wide sm:text-xl',
];

/** A social-proof strip: a short "trusted by" line over a row of muted company wordmarks. */
export default function LogosRow({
  id = 'customers',
  title = 'Trusted by product teams at',
  logos = [
    { name: 'Northwind', icon: Compass },
    { name: 'Altitude', icon: Mountain },
    { name: 'Orbitly', icon: Orbit },
    { name: 'Quillpost', icon: Feather },
    { name: 'Stackwise', icon: Boxes },
    { name: 'Lensway', icon: Aperture },
  ],
}: LogosRowProps) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="border-y border-border/60">
      <div className="mx-auto max-w-6xl px-6 py-16 sm:py-20">
        <h2 id={`${id}-title`} className="text-center text-sm font-semibold text-muted-foreground">
          {title}
        </h2>
        <ul className="mt-10 grid grid-cols-2 items-center gap-x-6 gap-y-8 sm:grid-cols-3 lg:grid-cols-6">
          {logos.map(({ name, icon: Icon }, i) => (
            <li
              key={name}
              className="flex items-center justify-center gap-2 text-muted-foreground transition hover:text-foreground"
            >
              <Icon aria-hidden="true" className="size-6 shrink-0" strokeWidth={2.25} />
              <span className={clsx('font-display', wordmarkStyles[i % wordmarkStyles.length])}>{name}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

import { ArrowRight, Sparkles } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface NavbarMinimalAction {
  label: string;
  href: string;
}

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface NavbarMinimalImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface NavbarMinimalProps {
  /** Product name shown next to the mark. */
  brand?: string;
  /** Icon used as the brand mark. */
  brandIcon?: LucideIcon;
  /** The brand's own logo, shown in place of the icon mark; omit to draw the icon. */
  logo?: NavbarMinimalImage;
  /** Where the brand links to. */
  brandHref?: string;
  /** Small pill next to the brand (e.g. "Beta"); omit to hide it. */
  badge?: string;
  /** The single call-to-action on the right. */
  action?: NavbarMinimalAction;
}

/** A quiet top bar for launch and waitlist pages: brand (with optional badge) left, one CTA right. */
export default function NavbarMinimal({
  brand = 'Northwind',
  brandIcon: BrandIcon = Sparkles,
  brandHref = '#',
  logo,
  badge = 'Early access',
  action = { label: 'Join the waitlist', href: '#waitlist' },
}: NavbarMinimalProps) {
  return (
    <header className="border-b border-border/60">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-6">
        <div className="flex min-w-0 items-center gap-3">
          <a href={brandHref} className="flex items-center gap-2 rounded-control font-display text-lg font-bold tracking-tight">
            {logo ? (
              <img src={logo.src} alt={logo.alt} width={logo.width} height={logo.height} decoding="async" className="h-8 w-auto max-w-40 object-contain" />
            ) : (
              <span className="flex size-8 items-center justify-center rounded-full bg-primary/10 text-primary ring-1 ring-primary/20">
                <BrandIcon aria-hidden="true" className="size-4" strokeWidth={2.25} />
              </span>
            )}
            {brand}
          </a>
          {badge && (
            <span className="hidden rounded-full border border-border bg-muted px-2.5 py-0.5 text-xs font-medium text-muted-foreground sm:inline-block">
              {badge}
            </span>
          )}
        </div>
        <a
          href={action.href}
          className="group inline-flex shrink-0 items-center gap-1.5 rounded-control bg-primary px-4 py-2 text-sm font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
        >
          {action.label}
          <ArrowRight aria-hidden="true" className="size-4 transition group-hover:translate-x-0.5" />
        </a>
      </nav>
    </header>
  );
}

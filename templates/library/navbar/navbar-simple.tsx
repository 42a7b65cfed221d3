import { useState } from 'react';
import { Hexagon, Menu, X } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface NavbarSimpleLink {
  label: string;
  href: string;
}

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface NavbarSimpleImage {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface NavbarSimpleProps {
  /** Product name shown next to the mark. */
  brand?: string;
  /** Icon used as the brand mark. */
  brandIcon?: LucideIcon;
  /** The brand's own logo, shown in place of the icon mark; omit to draw the icon. */
  logo?: NavbarSimpleImage;
  /** Where the brand links to. */
  brandHref?: string;
  links?: NavbarSimpleLink[];
  /** The call-to-action button on the right. */
  action?: NavbarSimpleLink;
  /** Quiet text link before the button (e.g. sign in); omit to hide it. */
  secondaryAction?: NavbarSimpleLink;
}

/** A sticky top bar: brand mark, page links, a sign-in link and a CTA button, with a mobile menu. */
export default function NavbarSimple({
  brand = 'Lumen',
  brandIcon: BrandIcon = Hexagon,
  brandHref = '#',
  logo,
  links = [
    { label: 'Features', href: '#features' },
    { label: 'How it works', href: '#how-it-works' },
    { label: 'Pricing', href: '#pricing' },
    { label: 'FAQ', href: '#faq' },
  ],
  action = { label: 'Start free trial', href: '#pricing' },
  secondaryAction = { label: 'Sign in', href: '#' },
}: NavbarSimpleProps) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);

  return (
    <header className="sticky top-0 z-40 border-b border-border bg-background/80 backdrop-blur-md">
      <nav aria-label="Main" className="mx-auto max-w-6xl px-6">
        <div className="flex h-16 items-center justify-between gap-6">
          <a href={brandHref} className="flex items-center gap-2 rounded-control font-display text-lg font-bold tracking-tight">
            {logo ? (
              <img src={logo.src} alt={logo.alt} width={logo.width} height={logo.height} decoding="async" className="h-8 w-auto max-w-40 object-contain" />
            ) : (
              <span className="flex size-8 items-center justify-center rounded-control bg-primary text-primary-foreground shadow-sm">
                <BrandIcon aria-hidden="true" className="size-4.5" strokeWidth={2.5} />
              </span>
            )}
            {brand}
          </a>

          <ul className="hidden items-center gap-1 md:flex">
            {links.map((link) => (
              <li key={link.href + link.label}>
                <a
                  href={link.href}
                  className="rounded-control px-3 py-2 text-sm font-medium text-muted-foreground transition hover:bg-muted hover:text-foreground"
                >
                  {link.label}
                </a>
              </li>
            ))}
          </ul>

          <div className="hidden items-center gap-2 md:flex">
            {secondaryAction && (
              <a
                href={secondaryAction.href}
                className="rounded-control px-3 py-2 text-sm font-medium text-muted-foreground transition hover:text-foreground"
              >
                {secondaryAction.label}
              </a>
            )}
            <a
              href={action.href}
              className="inline-flex items-center rounded-control bg-primary px-4 py-2 text-sm font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
            >
              {action.label}
            </a>
          </div>

          <button
            type="button"
            onClick={() => setOpen((v) => !v)}
            aria-expanded={open}
            aria-controls="navbar-simple-menu"
            aria-label={open ? 'Close menu' : 'Open menu'}
            className="-mr-2 inline-flex size-10 items-center justify-center rounded-control text-foreground transition hover:bg-muted md:hidden"
          >
            {open ? <X aria-hidden="true" className="size-5" /> : <Menu aria-hidden="true" className="size-5" />}
          </button>
        </div>

        <div id="navbar-simple-menu" hidden={!open} className="border-t border-border pt-3 pb-5 md:hidden">
          <ul className="flex flex-col gap-1">
            {links.map((link) => (
              <li key={link.href + link.label}>
                <a
                  href={link.href}
                  onClick={close}
                  className="block rounded-control px-3 py-2.5 text-base font-medium text-foreground transition hover:bg-muted"
                >
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
          <div className="mt-4 flex flex-col gap-2 border-t border-border pt-4">
            {secondaryAction && (
              <a
                href={secondaryAction.href}
                onClick={close}
                className="rounded-control border border-border bg-card px-4 py-2.5 text-center font-semibold text-card-foreground transition hover:bg-muted"
              >
                {secondaryAction.label}
              </a>
            )}
            <a
              href={action.href}
              onClick={close}
              className="rounded-control bg-primary px-4 py-2.5 text-center font-semibold text-primary-foreground shadow-sm transition hover:bg-primary/90"
            >
              {action.label}
            </a>
          </div>
        </div>
      </nav>
    </header>
  );
}

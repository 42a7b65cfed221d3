import { ChartNoAxesColumn } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface FooterLink {
  label: string;
  href: string;
}

export interface FooterColumn {
  /** Column heading; also the accessible name of its nav. */
  title: string;
  links: FooterLink[];
}

export interface FooterColumnsProps {
  /** Element id, so links can target the footer. */
  id?: string;
  brand?: string;
  /** Icon drawn in the brand mark. */
  logoIcon?: LucideIcon;
  tagline?: string;
  /** Three columns work best. */
  columns?: FooterColumn[];
  /** Defaults to "© <year> <brand>. All rights reserved." */
  copyright?: string;
  legalLinks?: FooterLink[];
}

const defaultColumns: FooterColumn[] = [
  {
    title: 'Product',
    links: [
      { label: 'Features', href: '#features' },
      { label: 'Integrations', href: '#integrations' },
      { label: 'Pricing', href: '#pricing' },
      { label: 'Changelog', href: '#changelog' },
    ],
  },
  {
    title: 'Company',
    links: [
      { label: 'About', href: '#about' },
      { label: 'Customers', href: '#testimonials' },
      { label: 'Careers', href: '#careers' },
      { label: 'Contact', href: '#contact' },
    ],
  },
  {
    title: 'Resources',
    links: [
      { label: 'Documentation', href: '#docs' },
      { label: 'Guides', href: '#guides' },
      { label: 'Status', href: '#status' },
      { label: 'Security', href: '#security' },
    ],
  },
];

const defaultLegal: FooterLink[] = [
  { label: 'Privacy', href: '#privacy' },
  { label: 'Terms', href: '#terms' },
  { label: 'Cookies', href: '#cookies' },
];

/** A site footer with brand and tagline, three labelled link columns, and a copyright and legal row. */
export default function FooterColumns({
  id = 'footer',
  brand = 'Clearlens',
  logoIcon: Logo = ChartNoAxesColumn,
  tagline = 'Plain-language analytics for teams who would rather decide than debate.',
  columns = defaultColumns,
  copyright,
  legalLinks = defaultLegal,
}: FooterColumnsProps) {
  const notice = copyright ?? `© ${new Date().getFullYear()} ${brand}. All rights reserved.`;
  return (
    <footer id={id} className="border-t border-border bg-muted/50">
      <div className="mx-auto max-w-6xl px-6 pt-16 pb-10 sm:pt-20">
        <div className="grid gap-12 lg:grid-cols-12">
          <div className="lg:col-span-4">
            <a href="#" className="inline-flex items-center gap-2.5 rounded-control font-display text-lg font-bold">
              <span className="flex size-8 items-center justify-center rounded-control bg-primary text-primary-foreground">
                <Logo aria-hidden="true" className="size-4" />
              </span>
              {brand}
            </a>
            <p className="mt-4 max-w-xs text-sm leading-relaxed text-muted-foreground">{tagline}</p>
          </div>
          <div className="grid grid-cols-2 gap-8 sm:grid-cols-3 lg:col-span-7 lg:col-start-6">
            {columns.map((column) => (
              <nav key={column.title} aria-label={column.title}>
                <h2 className="text-sm font-semibold">{column.title}</h2>
                <ul className="mt-4 space-y-3 text-sm">
                  {column.links.map((link) => (
                    <li key={link.label}>
                      <a href={link.href} className="text-muted-foreground transition hover:text-foreground">
                        {link.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ))}
          </div>
        </div>
        <div className="mt-16 flex flex-col gap-4 border-t border-border pt-8 text-sm text-muted-foreground sm:flex-row sm:items-center sm:justify-between">
          <p>{notice}</p>
          {legalLinks.length > 0 && (
            <nav aria-label="Legal">
              <ul className="flex flex-wrap gap-x-6 gap-y-2">
                {legalLinks.map((link) => (
                  <li key={link.label}>
                    <a href={link.href} className="transition hover:text-foreground">
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      </div>
    </footer>
  );
}

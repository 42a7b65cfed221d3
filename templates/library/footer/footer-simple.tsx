import { ChartNoAxesColumn } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface FooterSimpleLink {
  label: string;
  href: string;
}

export interface FooterSimpleProps {
  /** Element id, so links can target the footer. */
  id?: string;
  brand?: string;
  /** Icon drawn in the brand mark. */
  logoIcon?: LucideIcon;
  links?: FooterSimpleLink[];
  /** Defaults to "© <year> <brand>". */
  copyright?: string;
}

const defaultLinks: FooterSimpleLink[] = [
  { label: 'Features', href: '#features' },
  { label: 'Pricing', href: '#pricing' },
  { label: 'FAQ', href: '#faq' },
  { label: 'Privacy', href: '#privacy' },
  { label: 'Terms', href: '#terms' },
];

/** A compact one-row footer: brand, a few links and the copyright; stacks and centres on mobile. */
export default function FooterSimple({
  id = 'footer',
  brand = 'Clearlens',
  logoIcon: Logo = ChartNoAxesColumn,
  links = defaultLinks,
  copyright,
}: FooterSimpleProps) {
  const notice = copyright ?? `© ${new Date().getFullYear()} ${brand}`;
  return (
    <footer id={id} className="border-t border-border">
      <div className="mx-auto flex max-w-6xl flex-col items-center gap-6 px-6 py-10 text-center md:flex-row md:justify-between md:text-left">
        <a href="#" className="inline-flex items-center gap-2 rounded-control font-display font-bold">
          <span className="flex size-7 items-center justify-center rounded-control bg-primary text-primary-foreground">
            <Logo aria-hidden="true" className="size-4" />
          </span>
          {brand}
        </a>
        {links.length > 0 && (
          <nav aria-label="Footer">
            <ul className="flex flex-wrap justify-center gap-x-6 gap-y-2 text-sm">
              {links.map((link) => (
                <li key={link.label}>
                  <a href={link.href} className="text-muted-foreground transition hover:text-foreground">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <p className="text-sm text-muted-foreground">{notice}</p>
      </div>
    </footer>
  );
}

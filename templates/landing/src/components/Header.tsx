const links = [
  { href: '#features', label: 'Features' },
  { href: '#pricing', label: 'Pricing' },
  { href: '#contact', label: 'Contact' },
];

export default function Header() {
  return (
    <header className="header">
      <div className="container header__inner">
        <a className="brand" href="/" aria-label="Lumen home">
          <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" fill="var(--color-primary)" />
            <path d="M9 22V10h3v9h6v3z" fill="#fff" />
            <circle cx="22" cy="12" r="3" fill="var(--color-primary-soft)" />
          </svg>
          <span>Lumen</span>
        </a>
        <nav aria-label="Main">
          <ul className="nav">
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <a className="button button--small" href="#get-started">
          Start free
        </a>
      </div>
    </header>
  );
}

import { AtSign, Globe, Mail } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';

export interface TeamLink {
  /** Accessible name of the link, e.g. "Website" or "Email". */
  label: string;
  href: string;
  icon: LucideIcon;
}

/** A picture of the project (a file under public/assets/, written `/assets/<file>`), at its real pixel size. */
export interface TeamPhoto {
  src: string;
  alt: string;
  width: number;
  height: number;
}

export interface TeamMember {
  name: string;
  role: string;
  /** One line about the person. */
  bio: string;
  links?: TeamLink[];
  /** The person's photo, shown in place of their initials. */
  avatar?: TeamPhoto;
}

export interface TeamGridProps {
  /** Section id, so nav links can target it (e.g. "speakers" for an event). */
  id?: string;
  /** Short line above the heading; omit to hide it. */
  eyebrow?: string;
  title?: string;
  subtitle?: string;
  /** Four to eight people work best. */
  members?: TeamMember[];
}

const links = (handle: string): TeamLink[] => [
  { label: 'Website', href: `#${handle}`, icon: Globe },
  { label: 'Email', href: `mailto:${handle}@example.com`, icon: Mail },
  { label: 'Social profile', href: `#@${handle}`, icon: AtSign },
];

const defaultMembers: TeamMember[] = [
  { name: 'Amara Nwosu', role: 'Co-founder & CEO', bio: 'Led analytics at two marketplaces before starting the company.', links: links('amara') },
  { name: 'Jonas Berg', role: 'Co-founder & CTO', bio: 'Built query engines for a decade; still reviews every migration.', links: links('jonas') },
  { name: 'Lucía Ortega', role: 'Head of Design', bio: 'Turns dense data into screens people actually enjoy reading.', links: links('lucia') },
  { name: 'Kenji Watanabe', role: 'Staff Engineer', bio: 'Owns the connectors that keep 80+ sources in sync.', links: links('kenji') },
  { name: 'Grace Mensah', role: 'Head of Customer Success', bio: 'Has onboarded more than 1,200 teams, one call at a time.', links: links('grace') },
  { name: 'Oliver Brandt', role: 'Data Scientist', bio: 'Designs the models behind forecasts and anomaly alerts.', links: links('oliver') },
  { name: 'Sofia Russo', role: 'Product Manager', bio: 'Talks to five customers a week and writes it all down.', links: links('sofia') },
  { name: 'Rahul Mehta', role: 'Security Lead', bio: 'Keeps us SOC 2 compliant and your data where it belongs.', links: links('rahul') },
];

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** A grid of people (team or event speakers) with initials avatars, roles, one-line bios and icon links. */
export default function TeamGrid({
  id = 'team',
  eyebrow = 'Our team',
  title = 'The people behind the numbers',
  subtitle = 'A small, senior team of engineers, designers and analysts who have lived the reporting problems we solve.',
  members = defaultMembers,
}: TeamGridProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} aria-labelledby={headingId}>
      <div className="mx-auto max-w-6xl px-6 py-20 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          {eyebrow && <p className="text-sm font-semibold text-primary">{eyebrow}</p>}
          <h2 id={headingId} className="mt-3 text-3xl font-bold sm:text-4xl">
            {title}
          </h2>
          {subtitle && <p className="mt-4 text-lg text-muted-foreground">{subtitle}</p>}
        </div>
        <ul className="mt-14 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {members.map((member) => (
            <li
              key={member.name}
              className="flex gap-5 rounded-box border border-border bg-card p-5 text-card-foreground shadow-sm sm:flex-col sm:items-center sm:p-6 sm:text-center"
            >
              {member.avatar ? (
                <img
                  src={member.avatar.src}
                  alt={member.avatar.alt}
                  width={member.avatar.width}
                  height={member.avatar.height}
                  loading="lazy"
                  decoding="async"
                  className="size-14 shrink-0 rounded-full object-cover ring-4 ring-primary/10 sm:size-20"
                />
              ) : (
                <span
                  aria-hidden="true"
                  className="flex size-14 shrink-0 items-center justify-center rounded-full bg-linear-to-br from-primary to-primary/50 text-lg font-semibold text-primary-foreground ring-4 ring-primary/10 sm:size-20 sm:text-xl"
                >
                  {initials(member.name)}
                </span>
              )}
              <div className="flex min-w-0 flex-1 flex-col sm:items-center">
                <h3 className="text-lg font-semibold sm:mt-0">{member.name}</h3>
                <p className="text-sm font-medium text-primary">{member.role}</p>
                <p className="mt-2 text-sm leading-relaxed text-muted-foreground sm:mt-3">{member.bio}</p>
                {member.links && member.links.length > 0 && (
                  <ul className="-ml-2 mt-auto flex gap-1 pt-3 sm:ml-0 sm:pt-5">
                    {member.links.map(({ label, href, icon: Icon }) => (
                      <li key={label}>
                        <a
                          href={href}
                          aria-label={`${label}: ${member.name}`}
                          className="flex size-9 items-center justify-center rounded-full text-muted-foreground transition hover:bg-muted hover:text-foreground"
                        >
                          <Icon aria-hidden="true" className="size-4" />
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

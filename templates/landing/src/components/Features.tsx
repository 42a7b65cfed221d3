import type { ReactNode } from 'react';

interface Feature {
  title: string;
  text: string;
  icon: ReactNode;
}

const icon = (path: string) => (
  <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    <path d={path} />
  </svg>
);

const features: Feature[] = [
  { title: 'Ask in plain words', text: 'Type a question, get a chart. No SQL, no waiting on the data team.', icon: icon('M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z') },
  { title: 'Live dashboards', text: 'Numbers refresh as events arrive, so standups start from today, not last week.', icon: icon('M3 3v18h18M7 15l4-4 3 3 5-6') },
  { title: 'Funnels that explain', text: 'See where people drop off and which change moved the needle.', icon: icon('M3 4h18l-7 8v6l-4 2v-8z') },
  { title: 'Private by design', text: 'Your data stays in your region, encrypted at rest and in transit.', icon: icon('M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z') },
  { title: 'Works with your stack', text: 'One-click connections to the warehouses, CRMs and product tools you use.', icon: icon('M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7') },
  { title: 'Share in one click', text: 'Send a live link to any insight; everyone sees the same, current numbers.', icon: icon('M4 12v8h16v-8M16 6l-4-4-4 4M12 2v13') },
];

export default function Features() {
  return (
    <section className="features" id="features" aria-labelledby="features-title">
      <div className="container">
        <h2 id="features-title">Everything your team needs to understand its product</h2>
        <p className="section-lead">From the first event to the decision, in one place.</p>
        <ul className="features__grid">
          {features.map((feature) => (
            <li className="card" key={feature.title}>
              <span className="card__icon">{feature.icon}</span>
              <h3>{feature.title}</h3>
              <p>{feature.text}</p>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

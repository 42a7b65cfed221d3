import { BellRing, ChartNoAxesColumn, Gauge, LockKeyhole, MessagesSquare, Plug, Users } from 'lucide-react';
import CallToAction from './components/CallToAction';
import Faq from './components/Faq';
import Features from './components/Features';
import Footer from './components/Footer';
import Header from './components/Header';
import Hero from './components/Hero';
import HowItWorks from './components/HowItWorks';
import Logos from './components/Logos';
import Pricing from './components/Pricing';
import Stats from './components/Stats';
import Testimonials from './components/Testimonials';

// The page's text lives here, passed to each section; the sections' layouts are in src/components/.
export default function App() {
  return (
    <>
      <Header
        brand="Lumen"
        brandIcon={ChartNoAxesColumn}
        links={[
          { label: 'Features', href: '#features' },
          { label: 'How it works', href: '#how-it-works' },
          { label: 'Pricing', href: '#pricing' },
          { label: 'FAQ', href: '#faq' },
        ]}
        secondaryAction={{ label: 'Sign in', href: '#' }}
        action={{ label: 'Start free', href: '#pricing' }}
      />
      <main id="main">
        <Hero
          eyebrow="New: weekly reports your whole team can read"
          title="Every answer about your product, in plain language."
          subtitle="Lumen connects to the tools you already use and turns raw events into clear, shareable insights, so the whole team decides with the same numbers."
          primaryAction={{ label: 'Start your free trial', href: '#pricing' }}
          secondaryAction={{ label: 'See how it works', href: '#how-it-works' }}
          note="Free for 14 days · No credit card · Set up in five minutes"
        />
        <Logos title="Trusted by product teams at" />
        <Features
          eyebrow="Features"
          title="Everything you need to understand your users"
          lead="From the first click to the renewal, Lumen shows what people do, where they get stuck and what keeps them coming back."
          items={[
            { icon: Gauge, title: 'Live dashboards', text: 'Sign-ups, activation and retention update as events arrive, not at the end of the week.' },
            { icon: MessagesSquare, title: 'Ask in plain language', text: 'Type a question like “which plan churns most?” and get a chart with the answer.' },
            { icon: Users, title: 'Cohorts and funnels', text: 'Compare groups of users over time and see exactly which step loses them.' },
            { icon: BellRing, title: 'Alerts that matter', text: 'Get told in Slack or email when a metric moves, with the likely cause attached.' },
            { icon: Plug, title: '80+ integrations', text: 'Connect your product, billing and support tools in a few clicks; no engineers needed.' },
            { icon: LockKeyhole, title: 'Private by design', text: 'EU hosting, SSO, role-based access and personal data kept out of every report.' },
          ]}
        />
        <HowItWorks
          eyebrow="How it works"
          title="From raw events to a decision in an afternoon"
          lead="No tracking plan to write first, no warehouse to maintain."
          steps={[
            { title: 'Connect your tools', text: 'Add our snippet or connect Segment, Stripe and your database. Data starts flowing in minutes.' },
            { title: 'Ask your questions', text: 'Start from a ready-made report or ask in your own words; Lumen builds the chart.' },
            { title: 'Share what you learn', text: 'Pin reports to a dashboard, schedule a weekly digest and discuss right next to the numbers.' },
          ]}
        />
        <Stats
          eyebrow="By the numbers"
          title="Teams decide faster with Lumen"
          subtitle="Averages across 1,200 teams in their first ninety days."
          stats={[
            { value: '3.2×', label: 'faster answers to product questions' },
            { value: '41%', label: 'fewer ad-hoc data requests' },
            { value: '12 min', label: 'median time to the first dashboard' },
            { value: '99.98%', label: 'uptime over the last twelve months' },
          ]}
        />
        <Testimonials
          eyebrow="Customers"
          title="Loved by the people who build products"
          subtitle="Product managers, designers and founders use Lumen every day."
        />
        <Pricing
          eyebrow="Pricing"
          title="Simple plans that grow with you"
          subtitle="Start free, upgrade when your team needs more. Every plan includes unlimited dashboards."
        />
        <Faq title="Questions, answered" subtitle="Everything you need to know before you start your trial." />
        <CallToAction
          title="See your product clearly this week"
          subtitle="Start a free 14-day trial. Your first dashboard is about ten minutes away."
          primaryAction={{ label: 'Start your free trial', href: '#pricing' }}
          secondaryAction={{ label: 'Book a demo', href: '#' }}
        />
      </main>
      <Footer brand="Lumen" logoIcon={ChartNoAxesColumn} tagline="Product analytics the whole team can read." />
    </>
  );
}

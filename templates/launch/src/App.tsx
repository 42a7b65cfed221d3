import { CalendarHeart, HeartHandshake, ListChecks, PiggyBank, Repeat, ShieldCheck } from 'lucide-react';
import CallToAction from './components/CallToAction';
import Faq from './components/Faq';
import Features from './components/Features';
import Footer from './components/Footer';
import Header from './components/Header';
import Hero from './components/Hero';
import Highlights from './components/Highlights';
import Testimonial from './components/Testimonial';

// The page's text lives here, passed to each section; the sections' layouts are in src/components/.
export default function App() {
  return (
    <>
      <Header brand="Tandem" brandIcon={HeartHandshake} badge="Early access" action={{ label: 'Join the waitlist', href: '#waitlist' }} />
      <main id="main">
        <Hero
          id="waitlist"
          badge="Launching spring 2027"
          title="Plan life together, without the group chat chaos."
          subtitle="Tandem keeps your shared calendar, budget and to-dos in one calm place, so the two of you always know what's next."
          placeholder="you@example.com"
          buttonLabel="Join the waitlist"
          successMessage="You're on the list. We'll email you the moment your invite is ready."
          avatars={['AL', 'JM', 'RK', 'SP']}
          joinedText="2,400 couples already joined"
          notes={['Free during early access', 'No spam, one email at launch']}
        />
        <Features
          eyebrow="Why Tandem"
          title="One app for everything you plan as two"
          lead="Built for couples, flatmates and co-parents: anyone who shares a home, a calendar or a budget."
          chartLabel="Shared savings · this year"
          chartChange="+€1,840"
          items={[
            { icon: CalendarHeart, title: 'A calendar you both trust', text: 'Dinners, trips and bin day in one place, with gentle reminders for each of you.' },
            { icon: PiggyBank, title: 'Shared budgets', text: 'See what you have spent together this month and who owes what, settled in a tap.' },
            { icon: ListChecks, title: 'Lists that sync', text: 'Groceries, packing and chores update live on both phones.' },
            { icon: Repeat, title: 'Routines on autopilot', text: 'Repeat the weekly shop or the rent transfer without thinking about it.' },
            { icon: ShieldCheck, title: 'Private by default', text: 'End-to-end encrypted. Only the two of you can see your plans.' },
          ]}
        />
        <Highlights
          title="Less coordinating, more living"
          lead="Tandem does the back-and-forth for you."
          rows={[
            { eyebrow: 'Budgets', title: 'Know where the money goes', text: 'Link the accounts you share and Tandem sorts spending into the categories you care about.', points: ['Monthly budget per category', 'Split costs fairly, automatically', 'Nudges before you overspend'], visual: { kind: 'chart', label: 'Groceries this month', value: '€412 of €500', change: '18% left', bars: [40, 55, 35, 60, 48, 70, 82], barLabels: ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'] } },
            { eyebrow: 'Lists', title: 'Never buy the milk twice', text: 'Add to a list from anywhere and see it tick off on the other phone as it happens.', points: ['Live sync on both phones', 'Suggestions from past shops', 'Works offline in the shop'], visual: { kind: 'list', items: [{ initials: 'M', label: 'Oat milk, 2 cartons', meta: 'Maya' }, { initials: 'J', label: 'Birthday present for Dad', meta: 'Jonas' }, { initials: 'M', label: 'Book the train to Porto', meta: 'Maya' }] } },
            { eyebrow: 'Reminders', title: 'Reminders that respect your evening', text: 'Choose what each of you is told about, and when, so nothing nags at dinner.', points: ['Quiet hours per person', 'Smart daily summary', 'Only what is yours to do'], visual: { kind: 'toggles', items: [{ label: 'Quiet hours, 19:00–08:00', note: 'Nothing but emergencies in the evening', on: true }, { label: 'Daily summary at 08:30', note: 'One calm message with the day ahead', on: true }, { label: 'Your partner’s tasks', note: 'Only see what is assigned to you', on: false }] } },
          ]}
        />
        <Testimonial
          quote="We stopped arguing about who forgot what. Tandem is the first app we both actually open every day."
          name="Maya Berger"
          role="Beta tester since March, with Jonas"
          company="Private beta"
        />
        <Faq
          title="Before you join"
          subtitle="What to expect from early access."
          items={[
            { question: 'When will I get access?', answer: 'We open early access in waves from March 2027, in the order people joined the waitlist. You will get an email with your invite.' },
            { question: 'Is Tandem free?', answer: 'Tandem is free for everyone during early access. After launch, the core app stays free and a paid plan adds shared budgets and history.' },
            { question: 'Do we both need the app?', answer: 'Yes: Tandem works best with both of you on it. One invite covers two people, on iOS or Android.' },
            { question: 'Who can see our plans?', answer: 'Only the two of you. Plans, lists and budgets are end-to-end encrypted; we cannot read them.' },
            { question: 'Can we import our calendars?', answer: 'Yes. Connect Google, Apple or Outlook calendars and choose which events to share.' },
          ]}
          contact={{ text: 'Something else on your mind?', label: 'Write to us', href: 'mailto:hello@tandem.example' }}
        />
        <CallToAction
          title="Be first in line"
          subtitle="Early access opens in waves. Join now and we will save your place."
          points={['Free during early access', 'iOS and Android', 'Cancel any time']}
          primaryAction={{ label: 'Join the waitlist', href: '#waitlist' }}
          secondaryAction={{ label: 'Read the FAQ', href: '#faq' }}
        />
      </main>
      <Footer
        brand="Tandem"
        logoIcon={HeartHandshake}
        links={[
          { label: 'Privacy', href: '#' },
          { label: 'Press kit', href: '#' },
          { label: 'Contact', href: '#' },
        ]}
      />
    </>
  );
}

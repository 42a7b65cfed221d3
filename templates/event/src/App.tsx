import { Atom, Cpu, Globe, Layers, Mail, Radio, Rocket, Satellite } from 'lucide-react';
import Faq from './components/Faq';
import Footer from './components/Footer';
import Header from './components/Header';
import Hero from './components/Hero';
import Newsletter from './components/Newsletter';
import Schedule from './components/Schedule';
import Speakers from './components/Speakers';
import Sponsors from './components/Sponsors';
import Stats from './components/Stats';
import Tickets from './components/Tickets';

// The page's text lives here, passed to each section; the sections' layouts are in src/components/.
export default function App() {
  return (
    <>
      <Header
        brand="Signal Summit"
        brandIcon={Radio}
        links={[
          { label: 'Schedule', href: '#schedule' },
          { label: 'Speakers', href: '#speakers' },
          { label: 'Tickets', href: '#tickets' },
          { label: 'FAQ', href: '#faq' },
        ]}
        action={{ label: 'Get tickets', href: '#tickets' }}
      />
      <main id="main">
        <Hero
          date="15–16 April 2027"
          location="LX Factory, Lisbon"
          title="Two days with the people who build the products you use."
          subtitle="Signal Summit brings together engineers, designers and founders for talks, hands-on workshops and long conversations by the river."
          primaryAction={{ label: 'Get tickets', href: '#tickets' }}
          secondaryAction={{ label: 'See the schedule', href: '#schedule' }}
          facts={[
            { value: '40+', label: 'speakers' },
            { value: '2', label: 'days, 3 stages' },
            { value: '1,200', label: 'attendees' },
          ]}
        />
        <Stats
          eyebrow="Last year"
          title="The 2026 edition in numbers"
          subtitle="Builders from two-person startups to the largest product companies came to Lisbon to learn from each other."
          stats={[
            { value: '1,100', label: 'attendees from 48 countries' },
            { value: '36', label: 'talks and workshops' },
            { value: '94%', label: 'would come again' },
            { value: '4.8/5', label: 'average session rating' },
          ]}
        />
        <Schedule
          title="Two days of talks, workshops and hallway time"
          subtitle="All times are Lisbon time (WEST). Workshops have limited seats and can be booked once you have a pass."
          days={[
            {
              label: 'Day 1',
              date: 'Thu, 15 April',
              sessions: [
                { time: '09:00', title: 'Opening keynote: building for the next billion', speaker: 'Ana Ribeiro, Tidewave', track: 'Main stage' },
                { time: '10:30', title: 'Design systems that survive a reorg', speaker: 'David Okafor, Fieldnote', track: 'Design' },
                { time: '13:00', title: 'Shipping weekly without breaking things', speaker: 'Lucas Moreau, Brightpath', track: 'Engineering' },
                { time: '15:30', title: 'Workshop: pricing pages that convert', speaker: 'Mei Tanaka, Loom & Lantern', track: 'Workshop' },
              ],
            },
            {
              label: 'Day 2',
              date: 'Fri, 16 April',
              sessions: [
                { time: '09:30', title: 'What we learned from 1,000 incident reviews', speaker: 'Hannah Lindqvist, Beacon', track: 'Engineering' },
                { time: '11:00', title: 'Calm companies: growing without burning out', speaker: 'Mei Tanaka, Loom & Lantern', track: 'Main stage' },
                { time: '14:00', title: 'Panel: small teams, big products', speaker: 'Moderated by Sofia Marques', track: 'Main stage' },
                { time: '17:00', title: 'Closing keynote and the riverside party', speaker: 'Ana Ribeiro, Tidewave', track: 'Main stage' },
              ],
            },
          ]}
        />
        <Speakers
          id="speakers"
          eyebrow="Speakers"
          title="Learn from people who ship"
          subtitle="A few of this year's speakers; the full line-up is announced in February."
          members={[
            { name: 'Ana Ribeiro', role: 'VP Engineering, Tidewave', bio: 'Scaled a payments platform from 3 to 300 engineers.', links: [{ label: 'Ana Ribeiro’s website', href: '#', icon: Globe }] },
            { name: 'David Okafor', role: 'Design Director, Fieldnote', bio: 'Leads design systems used by 40 product teams.', links: [{ label: 'Email David Okafor', href: '#', icon: Mail }] },
            { name: 'Mei Tanaka', role: 'Founder, Loom & Lantern', bio: 'Bootstrapped a calm software company to profit in a year.', links: [{ label: 'Mei Tanaka’s website', href: '#', icon: Globe }] },
            { name: 'Lucas Moreau', role: 'Staff Engineer, Brightpath', bio: 'Works on the browser engines behind your favourite apps.', links: [{ label: 'Email Lucas Moreau', href: '#', icon: Mail }] },
          ]}
        />
        <Sponsors
          id="sponsors"
          title="Made possible by our partners"
          logos={[
            { name: 'Orbitly', icon: Satellite },
            { name: 'Northstack', icon: Layers },
            { name: 'Quanta', icon: Atom },
            { name: 'Launchpad', icon: Rocket },
            { name: 'Corelane', icon: Cpu },
          ]}
        />
        <Tickets
          id="tickets"
          eyebrow="Tickets"
          title="One ticket, everything included"
          subtitle="Early-bird prices end on 31 January."
          planName="Conference pass"
          planDescription="Both days, every stage and the evening party."
          priceLabel="Early bird"
          price="€390"
          priceUnit="per person"
          features={['All talks on three stages', 'One hands-on workshop', 'Lunch and coffee both days', 'The riverside party', 'Recordings of every talk', 'Invoice for your company']}
          action={{ label: 'Buy your pass', href: '#' }}
          note="Group of five or more? Save 15% with the code TEAM15."
        />
        <Faq
          title="Good to know"
          subtitle="Travel, tickets and everything in between."
          items={[
            { question: 'Where is the venue?', answer: 'LX Factory, Rua Rodrigues de Faria 103, Lisbon: ten minutes by tram 15 from the city centre, twenty by taxi from the airport.' },
            { question: 'Can I get a refund?', answer: 'Tickets are refundable until 1 March 2027 and transferable to a colleague at any time, free of charge.' },
            { question: 'Will talks be recorded?', answer: 'Every main-stage talk is recorded; pass holders get the videos within a week. Workshops are not recorded.' },
            { question: 'Is the venue accessible?', answer: 'Yes: step-free access to every stage, live captions on the main stage and a quiet room both days.' },
            { question: 'Do you offer diversity tickets?', answer: 'We give away 100 free passes to people under-represented in tech. Applications open in January.' },
          ]}
          contact={{ text: 'Another question?', label: 'Email the team', href: 'mailto:hello@signalsummit.example' }}
        />
        <Newsletter
          title="Get the line-up first"
          subtitle="One email when speakers are announced, one when tickets are about to go. Nothing else."
          buttonLabel="Notify me"
        />
      </main>
      <Footer
        brand="Signal Summit"
        logoIcon={Radio}
        tagline="15–16 April 2027 · LX Factory, Lisbon"
        columns={[
          { title: 'Event', links: [{ label: 'Schedule', href: '#schedule' }, { label: 'Speakers', href: '#speakers' }, { label: 'Tickets', href: '#tickets' }] },
          { title: 'Visit', links: [{ label: 'Venue', href: '#' }, { label: 'Hotels', href: '#' }, { label: 'Accessibility', href: '#' }] },
          { title: 'Contact', links: [{ label: 'Become a sponsor', href: '#' }, { label: 'Press', href: '#' }, { label: 'hello@signalsummit.example', href: 'mailto:hello@signalsummit.example' }] },
        ]}
      />
    </>
  );
}

// The vocabulary synthetic worlds are made of: names, stable facts with explicit and implicit
// phrasings, preference topics whose values each carry a recommendation and a new-scenario use.

export interface FactOption {
  /** The gold profile fact, in the third person. */
  fact: string;
  /** What the assistant says the user told it (the correct answer to a recall question). */
  recall: string;
  explicit: string;
  implicit: string;
}

export interface FactKind {
  kind: 'job' | 'city' | 'family' | 'pet' | 'routine';
  question: string;
  options: readonly FactOption[];
}

export interface PreferenceValue {
  name: string;
  /** A recommendation that suits someone who likes this value. */
  recommend: string;
  /** How someone who likes it would enjoy a new situation (a trip, a free day). */
  scenario: string;
  /** An implicit mention: the value shows without being named as a preference. */
  hint: string;
}

export interface Topic {
  id: string;
  noun: string;
  values: readonly PreferenceValue[];
  reasons: readonly string[];
}

export const FIRST_NAMES = Object.freeze(['Maya', 'Jonas', 'Priya', 'Tomás', 'Aiko', 'Leila', 'Owen', 'Sofia', 'Kwame', 'Ingrid', 'Rafael', 'Mei', 'Daniel', 'Amara', 'Lukas', 'Noor']);
export const LAST_NAMES = Object.freeze(['Okafor', 'Lindqvist', 'Sharma', 'Alvarez', 'Tanaka', 'Haddad', 'Brennan', 'Rossi', 'Mensah', 'Berg', 'Costa', 'Chen', 'Novak', 'Diallo', 'Weber', 'Karimi']);

export const FACT_KINDS: readonly FactKind[] = Object.freeze([
  {
    kind: 'job',
    question: 'Remind me, what do I do for a living?',
    options: [
      { fact: 'works as a pediatric nurse', recall: 'You work as a pediatric nurse.', explicit: "I'm a pediatric nurse, so my weeks are mostly hospital shifts.", implicit: 'Twelve-hour shift on the children’s ward again; three toddlers needed stitches today.' },
      { fact: 'works as a software engineer', recall: 'You work as a software engineer.', explicit: 'I work as a software engineer at a mid-sized company.', implicit: 'Spent the whole afternoon chasing a bug that only shows up in production builds.' },
      { fact: 'works as a high-school chemistry teacher', recall: 'You teach chemistry at a high school.', explicit: 'I teach chemistry at a high school.', implicit: 'Grading forty lab reports on titration tonight, my students mixed up molarity again.' },
      { fact: 'works as an architect', recall: 'You work as an architect.', explicit: "I'm an architect, mostly residential projects.", implicit: 'The client wants the floor plan redrawn before the zoning board meets on Friday.' },
      { fact: 'works as a line cook', recall: 'You work as a line cook in a restaurant.', explicit: 'I work as a line cook in a busy restaurant.', implicit: 'Dinner rush was brutal, I plated something like two hundred risottos.' },
      { fact: 'works as an accountant', recall: 'You work as an accountant.', explicit: "I'm an accountant at a small firm.", implicit: 'Quarter-end closing again, reconciling ledgers until my eyes blurred.' },
    ],
  },
  {
    kind: 'city',
    question: 'Which city do I live in?',
    options: [
      { fact: 'lives in Lisbon', recall: 'You live in Lisbon.', explicit: 'I live in Lisbon.', implicit: 'The tram up to my street in Alfama was packed with tourists again.' },
      { fact: 'lives in Toronto', recall: 'You live in Toronto.', explicit: 'I live in Toronto.', implicit: 'Took the streetcar along Queen Street and it was freezing off the lake.' },
      { fact: 'lives in Osaka', recall: 'You live in Osaka.', explicit: 'I live in Osaka.', implicit: 'Grabbed takoyaki in Dotonbori on the way home from the station.' },
      { fact: 'lives in Nairobi', recall: 'You live in Nairobi.', explicit: 'I live in Nairobi.', implicit: 'Traffic on Ngong Road was terrible, and I could see the giraffes at the park edge.' },
      { fact: 'lives in Denver', recall: 'You live in Denver.', explicit: 'I live in Denver.', implicit: 'Drove up from the city into the Rockies and felt the altitude on the hike.' },
      { fact: 'lives in Manchester', recall: 'You live in Manchester.', explicit: 'I live in Manchester.', implicit: 'Rained all day again, and the Northern Quarter cafes were full.' },
    ],
  },
  {
    kind: 'family',
    question: 'What do you know about my family?',
    options: [
      { fact: 'is married with two young kids', recall: 'You are married and have two young kids.', explicit: "I'm married and we have two young kids.", implicit: 'Both kids had a fever this week, so my husband and I took turns staying home.' },
      { fact: 'lives with a partner and no children', recall: 'You live with your partner and have no children.', explicit: 'I live with my partner; we don’t have kids.', implicit: 'My partner and I finally have the apartment to ourselves, no kids to wake us up.' },
      { fact: 'is single and close to a younger sister', recall: 'You are single and close to your younger sister.', explicit: "I'm single, and my younger sister is my best friend.", implicit: 'My little sister came over again; she basically lives on my couch on weekends.' },
      { fact: 'cares for an elderly father', recall: 'You look after your elderly father.', explicit: 'I look after my elderly father, who lives with me.', implicit: 'Drove Dad to his cardiology appointment and then made his dinner.' },
    ],
  },
  {
    kind: 'pet',
    question: 'Do I have any pets?',
    options: [
      { fact: 'has a beagle named Biscuit', recall: 'You have a beagle named Biscuit.', explicit: 'I have a beagle named Biscuit.', implicit: 'Biscuit howled at the mailman again, classic beagle.' },
      { fact: 'has two cats', recall: 'You have two cats.', explicit: 'I have two cats.', implicit: 'Both of my cats knocked the plants off the windowsill this morning.' },
      { fact: 'keeps a parrot named Kiwi', recall: 'You keep a parrot named Kiwi.', explicit: 'I keep a parrot named Kiwi.', implicit: 'Kiwi learned to whistle the ringtone, and now I keep checking my phone.' },
      { fact: 'has no pets because of allergies', recall: 'You have no pets because of allergies.', explicit: "I don't have pets; I'm allergic to most of them.", implicit: 'Sneezed all evening at my friend’s place because of her dog, same as always.' },
    ],
  },
  {
    kind: 'routine',
    question: 'What is part of my daily routine?',
    options: [
      { fact: 'runs every morning before work', recall: 'You run every morning before work.', explicit: 'I go for a run every morning before work.', implicit: 'Did my usual 6 a.m. loop around the park before heading in.' },
      { fact: 'journals every night before bed', recall: 'You journal every night before bed.', explicit: 'I write in my journal every night before bed.', implicit: 'Filled three pages of my notebook last night before sleeping, like always.' },
      { fact: 'meditates during lunch breaks', recall: 'You meditate during your lunch break.', explicit: 'I meditate for twenty minutes at lunch every day.', implicit: 'Found a quiet room at noon for my twenty minutes of breathing, as usual.' },
      { fact: 'bikes to work every day', recall: 'You bike to work every day.', explicit: 'I bike to work every day.', implicit: 'Got a flat on the commute this morning and still made it in on time.' },
    ],
  },
]);

export const TOPICS: readonly Topic[] = Object.freeze([
  {
    id: 'music',
    noun: 'music',
    values: [
      { name: 'jazz', recommend: 'a live set at a small jazz club', scenario: 'look for a late-night jazz bar in the old town', hint: 'Had Coltrane on repeat while cooking.' },
      { name: 'classical music', recommend: 'a symphony evening with Brahms on the program', scenario: 'catch a chamber concert in a historic hall', hint: 'Fell asleep to a Chopin nocturne again.' },
      { name: 'hip-hop', recommend: 'the new album from a rising hip-hop producer', scenario: 'find an open-mic rap battle downtown', hint: 'Kept rewinding that Kendrick verse on the bus.' },
      { name: 'indie folk', recommend: 'an acoustic indie-folk show in a café', scenario: 'look for a folk busker session in a park', hint: 'Strummed along to Bon Iver on my old guitar.' },
      { name: 'electronic music', recommend: 'a synth-heavy electronic festival lineup', scenario: 'find a warehouse techno night', hint: 'Built a four-hour techno playlist for the weekend.' },
    ],
    reasons: ['a friend dragged me to a concert that changed my mind', 'I got tired of hearing the same songs everywhere', 'I started learning an instrument and my ear changed', 'a documentary got me curious about its history'],
  },
  {
    id: 'food',
    noun: 'food',
    values: [
      { name: 'vegan food', recommend: 'a plant-based tasting menu', scenario: 'search out the best vegan street stalls', hint: 'Made a cashew cream pasta, no dairy at all.' },
      { name: 'spicy Sichuan food', recommend: 'a mapo tofu with extra peppercorns', scenario: 'hunt for a hole-in-the-wall Sichuan kitchen', hint: 'My lips are still numb from the peppercorns at lunch.' },
      { name: 'Italian cooking', recommend: 'a handmade pasta class', scenario: 'find a family-run trattoria', hint: 'Rolled out fresh tagliatelle on Sunday.' },
      { name: 'Japanese cuisine', recommend: 'an omakase counter dinner', scenario: 'look for a tiny ramen counter near the station', hint: 'Practiced my tamagoyaki rolling this morning.' },
      { name: 'barbecue', recommend: 'a slow-smoked brisket spot', scenario: 'find a smokehouse with local cuts', hint: 'Kept the smoker going for twelve hours on Saturday.' },
    ],
    reasons: ['my doctor told me to watch my cholesterol', 'I traveled and tasted the real thing', 'my partner started cooking it at home', 'I read about how it is made and wanted to try'],
  },
  {
    id: 'fitness',
    noun: 'exercise',
    values: [
      { name: 'yoga', recommend: 'a vinyasa flow class', scenario: 'join a sunrise yoga session on the beach', hint: 'Held crow pose for ten seconds this morning.' },
      { name: 'weightlifting', recommend: 'a structured strength program', scenario: 'find a gym that sells day passes', hint: 'Hit a new deadlift record at the gym.' },
      { name: 'rock climbing', recommend: 'a bouldering gym membership', scenario: 'book a guided climb on local crags', hint: 'My forearms are wrecked from the bouldering wall.' },
      { name: 'swimming', recommend: 'a masters swim group', scenario: 'find an outdoor lido for morning laps', hint: 'Did forty laps before the pool got crowded.' },
      { name: 'team soccer', recommend: 'a weekend five-a-side league', scenario: 'join a pickup soccer game in a park', hint: 'Scored twice in our Tuesday night match.' },
    ],
    reasons: ['I hurt my knee and needed something gentler', 'I wanted something more social', 'I got bored of the routine', 'a coworker convinced me to try it and I loved it'],
  },
  {
    id: 'reading',
    noun: 'books',
    values: [
      { name: 'science fiction', recommend: 'a space-opera series with big ideas', scenario: 'visit a bookshop with a strong sci-fi shelf', hint: 'Stayed up finishing a novel about a generation ship.' },
      { name: 'historical nonfiction', recommend: 'a narrative history of the Silk Road', scenario: 'take a guided history walk and pick up a local history book', hint: 'Halfway through a thick book on the Byzantine empire.' },
      { name: 'mystery novels', recommend: 'a classic locked-room mystery', scenario: 'do a murder-mystery walking tour', hint: 'Guessed the killer by chapter ten this time.' },
      { name: 'poetry', recommend: 'a collection by a contemporary poet', scenario: 'find a poetry reading night', hint: 'Copied a Mary Oliver poem into my notebook.' },
      { name: 'graphic novels', recommend: 'an award-winning graphic memoir', scenario: 'browse an independent comics store', hint: 'The artwork in that new graphic novel is stunning.' },
    ],
    reasons: ['a book club I joined pushed me toward it', 'I wanted shorter reads for my commute', 'I needed a break from heavy topics', 'a teacher recommended one and it hooked me'],
  },
  {
    id: 'travel',
    noun: 'trips',
    values: [
      { name: 'beach holidays', recommend: 'a quiet island with long beaches', scenario: 'spend the afternoon on the nearest beach', hint: 'Still have sand in my bag from the coast.' },
      { name: 'city breaks', recommend: 'a long weekend exploring a European capital', scenario: 'walk the old town and its museums', hint: 'Planned three museums and a food market for one day again.' },
      { name: 'hiking trips', recommend: 'a multi-day hut-to-hut trek', scenario: 'find a trailhead outside town', hint: 'Broke in my new boots on a twenty-kilometre trail.' },
      { name: 'road trips', recommend: 'a coastal road trip with scenic stops', scenario: 'rent a car and drive the scenic route', hint: 'Made a playlist for the long drive up the coast.' },
      { name: 'camping', recommend: 'a lakeside campsite weekend', scenario: 'pitch a tent at a nearby campground', hint: 'Tested the new tent in the backyard last night.' },
    ],
    reasons: ['my budget changed', 'I wanted more time outdoors', 'crowds started to wear me out', 'I wanted to see more places in less time'],
  },
]);

export const DISTRACTORS = Object.freeze([
  ['Can you explain how tides work?', 'Tides come from the Moon’s gravity pulling on the oceans, with the Sun adding a smaller pull.'],
  ['What is a good way to remember the planets in order?', 'A mnemonic like “My Very Educated Mother Just Served Us Nachos” works well.'],
  ['Why is the sky blue?', 'Air scatters short blue wavelengths of sunlight more than red ones, so the sky looks blue.'],
  ['How long should I boil an egg for a runny yolk?', 'About six minutes from boiling water, then into cold water.'],
  ['What does “ad hoc” mean?', 'It is Latin for “for this”: something made for a particular purpose as it comes up.'],
  ['Can you convert 10 miles to kilometres?', 'Ten miles is about 16.1 kilometres.'],
  ['What is the capital of Australia?', 'Canberra is the capital of Australia.'],
  ['How do I get a coffee stain out of a shirt?', 'Rinse it in cold water from the back, then work in a little detergent before washing.'],
  ['Is it going to be a long winter, do you think?', 'I can’t forecast the weather, but a local forecast service can give you seasonal outlooks.'],
  ['What is the difference between weather and climate?', 'Weather is the short-term state of the air; climate is its long-term pattern.'],
  ['Can you suggest a name for a houseplant?', 'How about Fernando for a fern, or Sir Leafalot?'],
  ['How many minutes are in a week?', 'There are 10,080 minutes in a week.'],
] as const);

export const ACKS = Object.freeze([
  'Thanks for telling me, I’ll keep that in mind.',
  'Got it, that’s good to know about you.',
  'That sounds meaningful; I’ll remember it.',
  'Noted! Let me know if you want ideas around that.',
]);

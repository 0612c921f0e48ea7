// The lesson world's vocabulary: a small closed set of facts and preferences, each said in one short,
// explicit turn whose key word ("job", "music") the question repeats, so the answer is a copy away.

export interface LessonFact {
  /** The key word the statement and the question share. */
  key: string;
  /** Question text ("what is my job?"). */
  question: string;
  /** The statement, with `{v}` for the value ("my job is {v}."). */
  statement: string;
  /** Gold profile fact in the third person, with `{n}` for the name and `{v}` for the value. */
  fact: string;
  values: readonly string[];
}

export interface LessonTopic {
  /** The key word of statements and questions ("music"). */
  key: string;
  values: readonly { name: string; recommend: string; scenario: string }[];
  reasons: readonly string[];
}

export const LESSON_FACTS: readonly LessonFact[] = Object.freeze([
  { key: 'job', question: 'what is my job?', statement: 'my job is {v}.', fact: '{n} works as a {v}.', values: ['nurse', 'software engineer', 'chemistry teacher', 'architect', 'line cook', 'accountant'] },
  { key: 'city', question: 'which city is my home?', statement: 'my home city is {v}.', fact: '{n} lives in {v}.', values: ['lisbon', 'toronto', 'osaka', 'nairobi', 'denver', 'manchester'] },
  { key: 'pet', question: 'what pet do i have?', statement: 'my pet is {v}.', fact: '{n} has {v} as a pet.', values: ['a beagle', 'two cats', 'a parrot', 'a rabbit', 'a goldfish'] },
  { key: 'family', question: 'who is in my family at home?', statement: 'at home my family is {v}.', fact: '{n} lives with {v}.', values: ['my husband and two kids', 'my partner', 'my younger sister', 'my old father', 'my three roommates'] },
  { key: 'habit', question: 'what is my daily habit?', statement: 'my daily habit is {v}.', fact: '{n} has a daily habit of {v}.', values: ['running at dawn', 'writing a journal', 'meditating at lunch', 'biking to work', 'reading before bed'] },
]);

export const LESSON_TOPICS: readonly LessonTopic[] = Object.freeze([
  {
    key: 'music',
    values: [
      { name: 'jazz', recommend: 'a jazz club night', scenario: 'a late jazz bar' },
      { name: 'classical', recommend: 'a classical symphony evening', scenario: 'a classical chamber concert' },
      { name: 'hip-hop', recommend: 'a hip-hop album release', scenario: 'a hip-hop open mic' },
      { name: 'folk', recommend: 'a folk show in a cafe', scenario: 'a folk busker session' },
      { name: 'techno', recommend: 'a techno festival', scenario: 'a techno warehouse party' },
    ],
    reasons: ['a friend took me to a concert', 'i got tired of the same songs', 'i started to learn guitar', 'a film got me curious'],
  },
  {
    key: 'food',
    values: [
      { name: 'vegan', recommend: 'a vegan tasting menu', scenario: 'vegan street stalls' },
      { name: 'sichuan', recommend: 'a sichuan hot pot', scenario: 'a sichuan noodle kitchen' },
      { name: 'italian', recommend: 'an italian pasta class', scenario: 'an italian trattoria' },
      { name: 'japanese', recommend: 'a japanese omakase dinner', scenario: 'a japanese ramen counter' },
      { name: 'barbecue', recommend: 'a barbecue brisket spot', scenario: 'a barbecue smokehouse' },
    ],
    reasons: ['my doctor told me to eat better', 'i traveled and tasted it', 'my partner cooks it at home', 'i read how it is made'],
  },
  {
    key: 'sport',
    values: [
      { name: 'yoga', recommend: 'a yoga flow class', scenario: 'a yoga session on the beach' },
      { name: 'lifting', recommend: 'a lifting program', scenario: 'a lifting gym day pass' },
      { name: 'climbing', recommend: 'a climbing gym pass', scenario: 'a guided climbing trip' },
      { name: 'swimming', recommend: 'a swimming club', scenario: 'a swimming lido' },
      { name: 'soccer', recommend: 'a soccer league', scenario: 'a soccer pickup game' },
    ],
    reasons: ['i hurt my knee', 'i wanted something social', 'i got bored of my routine', 'a coworker made me try it'],
  },
  {
    key: 'books',
    values: [
      { name: 'science fiction', recommend: 'a science fiction series', scenario: 'a science fiction bookshop' },
      { name: 'history', recommend: 'a history of the silk road', scenario: 'a history walking tour' },
      { name: 'mystery', recommend: 'a mystery novel', scenario: 'a mystery walking game' },
      { name: 'poetry', recommend: 'a poetry collection', scenario: 'a poetry reading night' },
      { name: 'comics', recommend: 'a comics memoir', scenario: 'a comics store' },
    ],
    reasons: ['my book club picked it', 'i wanted short reads', 'i needed a break from heavy topics', 'a teacher gave me one'],
  },
  {
    key: 'travel',
    values: [
      { name: 'beach trips', recommend: 'a quiet beach island', scenario: 'an afternoon at the beach' },
      { name: 'city breaks', recommend: 'a city break in a capital', scenario: 'a city walk in the old town' },
      { name: 'hiking trips', recommend: 'a hiking trek', scenario: 'a hiking trail outside town' },
      { name: 'road trips', recommend: 'a coastal road trip', scenario: 'a scenic road drive' },
      { name: 'camping', recommend: 'a camping weekend by a lake', scenario: 'a camping night nearby' },
    ],
    reasons: ['my budget changed', 'i wanted more time outside', 'crowds wore me out', 'i wanted to see more places'],
  },
]);

/** Short chit-chat exchanges (the few distractors of a lesson world). */
export const LESSON_DISTRACTORS: readonly (readonly [string, string])[] = Object.freeze([
  ['what is the capital of australia?', 'it is canberra.'],
  ['how many days are in a week?', 'there are seven.'],
  ['why is the sky blue?', 'air scatters blue light most.'],
  ['how long do i boil an egg?', 'about six minutes.'],
  ['what is ten miles in kilometres?', 'about sixteen kilometres.'],
  ['can you name a planet?', 'mars is a planet.'],
]);

export const LESSON_ACKS: readonly string[] = Object.freeze(['noted.', 'got it.', 'thanks, i will remember.', 'good to know.']);

// The lesson world (WorldConfig.style "lesson"): short explicit turns, few distractors, and only question
// types whose answer is said in one evidence turn that shares the question's key word, so a small model
// can answer by copying — the embedded default where the team visibly learns.

import { createRng, type Rng } from './rng';
import { buildTurns, type RawMessage } from './sessions';
import { askQuestions, statedIn, worldDataset, type Draft } from './generator';
import type { Context, Dataset, Persona, Question, QuestionType } from './types';
import type { WorldConfig } from './worldConfig';
import { FIRST_NAMES } from './worldContent';
import { LESSON_ACKS, LESSON_DISTRACTORS, LESSON_FACTS, LESSON_TOPICS, type LessonFact, type LessonTopic } from './lessonContent';

/** The question types a lesson world asks: each answer is one evidence turn away. */
export const LESSON_QUESTION_TYPES: readonly QuestionType[] = Object.freeze([
  'recall_user_shared_facts',
  'acknowledge_latest_user_preferences',
  'provide_preference_aligned_recommendations',
  'generalize_to_new_scenarios',
  'revisit_reasons_behind_preference_updates',
]);

type Value = LessonTopic['values'][number];

interface Said {
  session: number;
  /** Index of the user turn in the context, once written. */
  turn: number;
  text: string;
}

interface FactSaid extends Said {
  kind: LessonFact;
  value: string;
}

interface PrefSaid extends Said {
  topic: LessonTopic;
  from?: Value;
  to: Value;
  reason?: string;
}

const fill = (template: string, v: string, n = '') => template.replace('{v}', v).replace('{n}', n);

/** First statements in the first half of the sessions, then one change per later session, round robin over topics. */
function preferences(cfg: WorldConfig, rng: Rng, topics: readonly LessonTopic[]): PrefSaid[] {
  const S = cfg.sessionsPerPersona;
  const firstHalf = Math.ceil(S / 2);
  const current = new Map<string, Value>();
  const out: PrefSaid[] = [];
  topics.forEach((topic, j) => {
    const to = rng.pick(topic.values);
    out.push({ topic, to, session: Math.floor((j * firstHalf) / topics.length), turn: -1, text: `for ${topic.key}, i like ${to.name} now.` });
    current.set(topic.key, to);
  });
  for (let s = 1; s < S; s++) {
    const eligible = topics.filter((t) => out.some((p) => p.topic === t && p.session < s));
    const topic = eligible[(s - 1) % eligible.length];
    const from = current.get(topic.key) as Value;
    const held = new Set(out.filter((p) => p.topic === topic).map((p) => p.to.name));
    const fresh = topic.values.filter((v) => !held.has(v.name));
    const to = rng.pick(fresh.length > 0 ? fresh : topic.values.filter((v) => v !== from));
    const reason = rng.pick(topic.reasons);
    // The old value is not named: a note naming both would map to two options when copied as the answer.
    out.push({ topic, from, to, reason, session: s, turn: -1, text: `for ${topic.key}, i switched to ${to.name} because ${reason}.` });
    current.set(topic.key, to);
  }
  return out;
}

/**
 * The events in the order they are said, with each change (when cfg.restate) preceded in its own session by
 * a restatement of the value it replaces and why the person liked it ("for music, i like techno now because
 * a film got me curious."), if that value was last stated in an earlier session: the restatement names a
 * wrong option for the "now" questions and a wrong reason for the "why did i switch" one, and only its place
 * before the change note tells them apart. The reason is the earlier switch's, else another of the topic's.
 */
function spoken(cfg: WorldConfig, rng: Rng, facts: readonly FactSaid[], prefs: readonly PrefSaid[]): Said[] {
  const out: Said[] = [...facts];
  prefs.forEach((p, i) => {
    const previous = prefs.slice(0, i).filter((q) => q.topic === p.topic).at(-1);
    if (cfg.restate === true && p.from && previous && previous.session < p.session) {
      const why = previous.reason ?? rng.pick(p.topic.reasons.filter((r) => r !== p.reason));
      out.push({ session: p.session, turn: -1, text: `for ${p.topic.key}, i like ${p.from.name} now because ${why}.` });
    }
    out.push(p);
  });
  return out;
}

function writeSessions(cfg: WorldConfig, rng: Rng, name: string, said: readonly Said[]): RawMessage[] {
  const messages: RawMessage[] = [];
  const exchanges = Math.max(1, Math.floor(cfg.turnsPerSession / 2));
  for (let s = 0; s < cfg.sessionsPerPersona; s++) {
    messages.push({ role: 'system', content: `session ${s + 1}: ${name} chats with the assistant.` });
    const events = said.filter((e) => e.session === s);
    // A few distractors: distractorRatio of turnsPerSession's exchanges (a session with no event gets one).
    const chat = Math.max(events.length > 0 ? 0 : 1, Math.round(cfg.distractorRatio * exchanges));
    // Events keep their order (a change follows the statement it changes); chit-chat goes in between at random.
    const slots: (Said | null)[] = [...events, ...Array<null>(chat).fill(null)];
    const eventAt = new Set(rng.shuffle(slots.map((_, i) => i)).slice(0, events.length));
    let e = 0;
    for (let i = 0; i < slots.length; i++) {
      if (eventAt.has(i)) {
        const event = events[e++];
        event.turn = messages.length;
        messages.push({ role: 'user', content: event.text }, { role: 'assistant', content: rng.pick(LESSON_ACKS) });
      } else {
        const [q, a] = rng.pick(LESSON_DISTRACTORS);
        messages.push({ role: 'user', content: q }, { role: 'assistant', content: a });
      }
    }
  }
  return messages;
}

function drafts(rng: Rng, facts: readonly FactSaid[], prefs: readonly PrefSaid[], topics: readonly LessonTopic[]): Draft[] {
  const out: Draft[] = [];
  for (const f of rng.shuffle(facts)) {
    out.push({ type: 'recall_user_shared_facts', topic: f.kind.key, query: f.kind.question, correct: f.value, distractors: rng.shuffle(f.kind.values.filter((v) => v !== f.value)), evidence: [f.turn] });
  }
  for (const topic of rng.shuffle(topics)) {
    const timeline = prefs.filter((p) => p.topic === topic);
    const last = timeline[timeline.length - 1];
    const now = last.to;
    const past = [...new Set(timeline.slice(0, -1).map((p) => p.to))].filter((v) => v !== now).reverse();
    const wrong = [...past, ...rng.shuffle(topic.values.filter((v) => v !== now && !past.includes(v)))];
    const k = topic.key;
    out.push({ type: 'acknowledge_latest_user_preferences', topic: k, query: `what ${k} do i like now?`, correct: now.name, distractors: wrong.map((v) => v.name), evidence: [last.turn] });
    out.push({ type: 'provide_preference_aligned_recommendations', topic: k, query: `what ${k} should i try this weekend?`, correct: now.recommend, distractors: wrong.map((v) => v.recommend), evidence: [last.turn] });
    out.push({ type: 'generalize_to_new_scenarios', topic: k, query: `i have a free afternoon in a new city. what ${k} plan would i enjoy?`, correct: now.scenario, distractors: wrong.map((v) => v.scenario), evidence: [last.turn] });
    if (last.from && last.reason) {
      out.push({
        type: 'revisit_reasons_behind_preference_updates',
        topic: k,
        query: `why did i switch from ${last.from.name} to ${last.to.name}?`,
        correct: last.reason,
        distractors: rng.shuffle(topic.reasons.filter((r) => r !== last.reason)),
        evidence: [last.turn],
      });
    }
  }
  return out;
}

/** The persona's gold profile facts, each with the turn that states it (the sessions are written, so turns are known). */
function profileFacts(contextId: string, name: string, facts: readonly FactSaid[], prefs: readonly PrefSaid[]): Pick<Persona, 'goldProfileFacts' | 'goldProfileFactTurns'> {
  const out: [string, Said][] = facts.map((f) => [fill(f.kind.fact, f.value, name), f]);
  for (const p of prefs) out.push([p.from ? `${name} switched from ${p.from.name} to ${p.to.name} because ${p.reason}.` : `${name} liked ${p.to.name} (${p.topic.key}).`, p]);
  const latest = new Map(prefs.map((p) => [p.topic.key, p]));
  for (const p of latest.values()) out.push([`${name} now likes ${p.to.name} (${p.topic.key}).`, p]);
  return { goldProfileFacts: out.map(([fact]) => fact), goldProfileFactTurns: out.map(([, said]) => statedIn(contextId, said.turn)) };
}

/** A lesson world from a validated config. Same config, same Dataset. */
export function generateLessonWorld(cfg: WorldConfig, name?: string): Dataset {
  const rng = createRng(cfg.seed);
  const personas: Persona[] = [];
  const contexts: Context[] = [];
  const questions: Question[] = [];
  const topicCount = Math.min(cfg.topicsPerPersona, LESSON_TOPICS.length);
  for (let p = 0; p < cfg.personas; p++) {
    const personaId = `p${p}`;
    const contextId = `ctx-${personaId}`;
    const personaName = rng.pick(FIRST_NAMES);
    const facts: FactSaid[] = LESSON_FACTS.map((kind, i) => {
      const value = rng.pick(kind.values);
      return { kind, value, session: Math.floor((i * cfg.sessionsPerPersona) / LESSON_FACTS.length), turn: -1, text: fill(kind.statement, value) };
    });
    const topics = rng.shuffle(LESSON_TOPICS).slice(0, topicCount);
    const prefs = preferences(cfg, rng, topics);
    const messages = writeSessions(cfg, rng, personaName, spoken(cfg, rng, facts, prefs));
    const context: Context = { id: contextId, personaId, ...buildTurns(contextId, messages) };
    contexts.push(context);
    personas.push({ id: personaId, name: personaName, ...profileFacts(contextId, personaName, facts, prefs) });
    questions.push(...askQuestions(rng, drafts(rng, facts, prefs, topics), cfg.questionsPerType, context));
  }
  return worldDataset('lesson', cfg, name ?? `lesson world (seed ${cfg.seed})`, { personas, contexts, questions });
}

// The seeded synthetic persona generator: stable facts, preferences that change with stated
// reasons, multi-session chats with distractors, and questions of all seven types with gold evidence.

import { createRng, fnv1a, type Rng } from './rng';
import { buildTurns, type RawMessage } from './sessions';
import { splitQuestions } from './split';
import { turnId, type Context, type Dataset, type OptionIndex, type Persona, type Question, type QuestionType } from './types';
import { generateLessonWorld } from './lessonGenerator';
import { validateWorldConfig, type WorldConfig } from './worldConfig';
import { ACKS, DISTRACTORS, FACT_KINDS, FIRST_NAMES, LAST_NAMES, TOPICS, type FactKind, type FactOption, type PreferenceValue, type Topic } from './worldContent';

/** One preference statement: the first (`from` undefined) or a change with its reason. */
interface PrefEvent {
  topic: Topic;
  from?: PreferenceValue;
  to: PreferenceValue;
  reason?: string;
  session: number;
  /** Filled when the session is written: index of the user turn that states it. */
  turn: number;
}

interface FactEvent {
  kind: FactKind;
  option: FactOption;
  session: number;
  turn: number;
}

type Slot = { kind: 'fact'; event: FactEvent } | { kind: 'pref'; event: PrefEvent } | { kind: 'hint'; value: PreferenceValue } | { kind: 'distractor' };

const PREF_FIRST_EXPLICIT = [
  (v: PreferenceValue, t: Topic) => `When it comes to ${t.noun}, I'm really into ${v.name} right now.`,
  (v: PreferenceValue) => `I have to say, ${v.name} is my favourite thing at the moment.`,
];
const PREF_CHANGE = [
  (e: PrefEvent) => `I've moved on from ${e.from?.name} to ${e.to.name}, because ${e.reason}.`,
  (e: PrefEvent) => `Funny thing: I'm not into ${e.from?.name} anymore, it's all ${e.to.name} now, since ${e.reason}.`,
];

function schedule(cfg: WorldConfig, rng: Rng, topics: Topic[], facts: FactEvent[]): PrefEvent[] {
  const S = cfg.sessionsPerPersona;
  const firstHalf = Math.ceil(S / 2);
  const current = new Map<string, PreferenceValue>();
  const held = new Map<string, Set<string>>();
  const events: PrefEvent[] = [];
  topics.forEach((topic, j) => {
    const to = rng.pick(topic.values);
    const session = Math.floor((j * firstHalf) / topics.length);
    events.push({ topic, to, session, turn: -1 });
    current.set(topic.id, to);
    held.set(topic.id, new Set([to.name]));
  });
  for (let s = 1; s < S; s++) {
    const eligible = topics.filter((t) => events.some((e) => e.topic === t && e.session < s));
    const topic = eligible[(s - 1) % eligible.length];
    const from = current.get(topic.id) as PreferenceValue;
    const fresh = topic.values.filter((v) => !held.get(topic.id)?.has(v.name));
    const to = rng.pick(fresh.length > 0 ? fresh : topic.values.filter((v) => v !== from));
    events.push({ topic, from, to, reason: rng.pick(topic.reasons), session: s, turn: -1 });
    current.set(topic.id, to);
    held.get(topic.id)?.add(to.name);
  }
  facts.forEach((f, i) => (f.session = Math.floor((i * S) / facts.length)));
  return events;
}

function userLine(slot: Slot, rng: Rng): string {
  switch (slot.kind) {
    case 'fact':
      return rng.chance(0.5) ? slot.event.option.explicit : slot.event.option.implicit;
    case 'pref': {
      const e = slot.event;
      if (e.from) return rng.pick(PREF_CHANGE)(e);
      return rng.chance(0.6) ? rng.pick(PREF_FIRST_EXPLICIT)(e.to, e.topic) : `${e.to.hint} I could do that every week.`;
    }
    case 'hint':
      return slot.value.hint;
    case 'distractor':
      return '';
  }
}

function assistantLine(slot: Slot, rng: Rng): string {
  if (slot.kind === 'pref' && slot.event.from) return `That's quite a change from ${slot.event.from.name}! Good to know you're into ${slot.event.to.name} now.`;
  if (slot.kind === 'hint') return 'That sounds lovely.';
  return rng.pick(ACKS);
}

function writeSessions(cfg: WorldConfig, rng: Rng, name: string, facts: FactEvent[], prefs: PrefEvent[]): RawMessage[] {
  const messages: RawMessage[] = [];
  const exchanges = Math.max(1, Math.floor(cfg.turnsPerSession / 2));
  const current = new Map<string, PreferenceValue>();
  for (let s = 0; s < cfg.sessionsPerPersona; s++) {
    messages.push({ role: 'system', content: `Session ${s + 1}: ${name} chats with the assistant.` });
    const events: Slot[] = [
      ...facts.filter((f) => f.session === s).map((event): Slot => ({ kind: 'fact', event })),
      ...prefs.filter((p) => p.session === s).map((event): Slot => ({ kind: 'pref', event })),
    ];
    const content = Math.max(events.length, Math.round((1 - cfg.distractorRatio) * exchanges));
    const slots: Slot[] = [...events];
    for (let i = events.length; i < content; i++) {
      const known = [...current.values()];
      slots.push(known.length > 0 ? { kind: 'hint', value: rng.pick(known) } : { kind: 'distractor' });
    }
    for (let i = content; i < exchanges; i++) slots.push({ kind: 'distractor' });
    // Events keep their order (a change follows the statement it changes); the rest fill the gaps at random.
    const rest = rng.shuffle(slots.slice(events.length));
    const eventAt = new Set(rng.shuffle(slots.map((_, i) => i)).slice(0, events.length));
    let e = 0;
    let r = 0;
    const placed = slots.map((_, i) => (eventAt.has(i) ? events[e++] : rest[r++]));
    for (const slot of placed) {
      if (slot.kind === 'distractor') {
        const [q, a] = rng.pick(DISTRACTORS);
        messages.push({ role: 'user', content: q }, { role: 'assistant', content: a });
        continue;
      }
      if (slot.kind === 'fact' || slot.kind === 'pref') slot.event.turn = messages.length;
      if (slot.kind === 'pref') current.set(slot.event.topic.id, slot.event.to);
      messages.push({ role: 'user', content: userLine(slot, rng) }, { role: 'assistant', content: assistantLine(slot, rng) });
    }
  }
  return messages;
}

/** Put the correct answer at a random place among the first three distinct distractors (undefined when fewer). */
function placeAnswer(rng: Rng, correct: string, distractors: readonly string[]): { options: [string, string, string, string]; correct: OptionIndex } | undefined {
  const pool = [...new Set(distractors.filter((d) => d !== correct))];
  if (pool.length < 3) return undefined;
  const chosen = pool.slice(0, 3);
  const at = rng.int(4) as OptionIndex;
  const all = [...chosen];
  all.splice(at, 0, correct);
  const [a, b, c, d] = all;
  return { options: [a, b, c, d], correct: at };
}

/** A question before its options are placed: the answer, the wrong options (most tempting first), its evidence turns. */
export interface Draft {
  type: QuestionType;
  topic: string;
  query: string;
  correct: string;
  distractors: string[];
  evidence: number[];
}

function drafts(rng: Rng, facts: FactEvent[], prefs: PrefEvent[], topics: Topic[]): Draft[] {
  const out: Draft[] = [];
  for (const f of rng.shuffle(facts)) {
    out.push({ type: 'recall_user_shared_facts', topic: f.kind.kind, query: f.kind.question, correct: f.option.recall, distractors: rng.shuffle(f.kind.options.filter((o) => o !== f.option).map((o) => o.recall)), evidence: [f.turn] });
  }
  for (const topic of rng.shuffle(topics)) {
    const timeline = prefs.filter((p) => p.topic === topic);
    const last = timeline[timeline.length - 1];
    const now = last.to;
    const past = [...new Set(timeline.slice(0, -1).map((p) => p.to))].filter((v) => v !== now).reverse();
    const others = rng.shuffle(topic.values.filter((v) => v !== now && !past.includes(v)));
    const wrong = [...past, ...others];
    const allTurns = timeline.map((p) => p.turn);
    out.push({ type: 'provide_preference_aligned_recommendations', topic: topic.id, query: `Can you recommend some ${topic.noun} for me to try this weekend?`, correct: `Try ${now.recommend}; it suits your taste for ${now.name}.`, distractors: wrong.map((v) => `Try ${v.recommend}; it suits your taste for ${v.name}.`), evidence: [last.turn] });
    out.push({ type: 'generalize_to_new_scenarios', topic: topic.id, query: `I'm visiting a city I've never been to and have a free afternoon. What would I enjoy, given my taste in ${topic.noun}?`, correct: `You could ${now.scenario}.`, distractors: wrong.map((v) => `You could ${v.scenario}.`), evidence: [last.turn] });
    const unheld = others.filter((v) => !timeline.some((p) => p.to === v));
    if (unheld.length > 0) {
      const idea = (v: PreferenceValue) => `You could explore ${v.name}, which you haven't tried yet; maybe ${v.recommend}.`;
      out.push({ type: 'suggest_new_ideas', topic: topic.id, query: `I'd like to try something new when it comes to ${topic.noun}. Any ideas?`, correct: idea(unheld[0]), distractors: [...[now, ...past].map(idea), `Stick with ${now.name}; ${now.recommend} is all you need.`, `Nothing new; you have never cared about ${topic.noun}.`], evidence: allTurns });
    }
    if (timeline.length < 2) continue;
    out.push({ type: 'acknowledge_latest_user_preferences', topic: topic.id, query: `What ${topic.noun} am I into these days?`, correct: `These days you're into ${now.name}.`, distractors: wrong.map((v) => `These days you're into ${v.name}.`), evidence: [last.turn] });
    const seq = timeline.map((p) => p.to.name);
    const story = (names: string[]) => (names.length === 2 ? `First ${names[0]}, and now ${names[1]}.` : `First ${names[0]}, then ${names.slice(1, -1).join(', then ')}, and now ${names[names.length - 1]}.`);
    const swapped = others.length > 0 ? [...seq.slice(0, -1), others[0].name] : [];
    const firstSwapped = others.length > 1 ? [others[1].name, ...seq.slice(1)] : [];
    out.push({ type: 'track_full_preference_evolution', topic: topic.id, query: `How have my tastes in ${topic.noun} changed over time?`, correct: story(seq), distractors: [[...seq].reverse(), swapped, firstSwapped, [seq[seq.length - 1], ...others.slice(0, 2).map((v) => v.name)]].filter((s) => s.length >= 2).map(story), evidence: allTurns });
    const change = timeline[timeline.length - 1];
    out.push({ type: 'revisit_reasons_behind_preference_updates', topic: topic.id, query: `Why did I switch from ${change.from?.name} to ${change.to.name}?`, correct: `Because ${change.reason}.`, distractors: rng.shuffle(topic.reasons.filter((r) => r !== change.reason)).map((r) => `Because ${r}.`), evidence: [change.turn] });
  }
  return out;
}

/** The persona's gold profile facts, each with the turn that states it (the sessions are written, so turns are known). */
function profileFacts(contextId: string, name: string, facts: FactEvent[], prefs: PrefEvent[]): Pick<Persona, 'goldProfileFacts' | 'goldProfileFactTurns'> {
  const out: [string, { turn: number }][] = facts.map((f) => [`${name} ${f.option.fact}.`, f]);
  for (const p of prefs) {
    out.push([p.from ? `${name} switched from ${p.from.name} to ${p.to.name} (reason: "${p.reason}").` : `${name} liked ${p.to.name} (${p.topic.noun}).`, p]);
  }
  const latest = new Map(prefs.map((p) => [p.topic.id, p]));
  for (const p of latest.values()) out.push([`${name} currently prefers ${p.to.name} (${p.topic.noun}).`, p]);
  return { goldProfileFacts: out.map(([fact]) => fact), goldProfileFactTurns: out.map(([, said]) => statedIn(contextId, said.turn)) };
}

/** The turn ids that state a fact: its turn once written, none (the fact then always counts) if it never was. */
export function statedIn(contextId: string, turn: number): string[] {
  return turn >= 0 ? [turnId(contextId, turn)] : [];
}

/** A whole world from its config (style "lesson": the lesson world). Same config (seed included), same Dataset, field for field. */
export function generateWorld(input: Partial<WorldConfig>, name?: string): Dataset {
  const cfg = validateWorldConfig(input);
  if (cfg.style === 'lesson') return generateLessonWorld(cfg, name);
  const rng = createRng(cfg.seed);
  const personas: Persona[] = [];
  const contexts: Context[] = [];
  const questions: Question[] = [];
  for (let p = 0; p < cfg.personas; p++) {
    const personaId = `p${p}`;
    const contextId = `ctx-${personaId}`;
    const personaName = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const facts: FactEvent[] = FACT_KINDS.map((kind) => ({ kind, option: rng.pick(kind.options), session: 0, turn: -1 }));
    const topics = rng.shuffle(TOPICS).slice(0, cfg.topicsPerPersona);
    const prefs = schedule(cfg, rng, topics, facts);
    const messages = writeSessions(cfg, rng, personaName.split(' ')[0], facts, prefs);
    const context: Context = { id: contextId, personaId, ...buildTurns(contextId, messages) };
    contexts.push(context);
    personas.push({ id: personaId, name: personaName, ...profileFacts(contextId, personaName.split(' ')[0], facts, prefs) });
    questions.push(...askQuestions(rng, drafts(rng, facts, prefs, topics), cfg.questionsPerType, context));
  }
  return worldDataset('synthetic', cfg, name ?? `synthetic world (seed ${cfg.seed})`, { personas, contexts, questions });
}

/**
 * A persona's questions from its drafts, in draft order: at most `perType` of each type, the answer placed
 * among the first three distinct wrong options (a draft with fewer is skipped), ids `<persona>-q<k>`.
 */
export function askQuestions(rng: Rng, drafts: readonly Draft[], perType: number, context: Context): Question[] {
  const out: Question[] = [];
  const used = new Map<QuestionType, number>();
  for (const d of drafts) {
    const n = used.get(d.type) ?? 0;
    if (n >= perType) continue;
    const opts = placeAnswer(rng, d.correct, d.distractors);
    if (!opts) continue;
    used.set(d.type, n + 1);
    const evidence = [...new Set(d.evidence)].sort((a, b) => a - b);
    out.push({
      id: `${context.personaId}-q${out.length}`,
      personaId: context.personaId,
      contextId: context.id,
      type: d.type,
      topic: d.topic,
      query: d.query,
      ...opts,
      endIndex: context.turns.length,
      evidenceTurnIds: evidence.map((i) => turnId(context.id, i)),
      evidenceApproximate: false,
      evidenceSession: context.turns[evidence[evidence.length - 1]].session,
    });
  }
  return out;
}

/** A generated world as a Dataset: its id from the kind, seed and config hash, and its split. */
export function worldDataset(kind: string, cfg: WorldConfig, name: string, parts: Pick<Dataset, 'personas' | 'contexts' | 'questions'>): Dataset {
  return {
    id: `${kind}-${cfg.seed}-${fnv1a(JSON.stringify(cfg))}`,
    name,
    source: 'synthetic',
    seed: cfg.seed,
    ...parts,
    split: splitQuestions(parts.questions, { seed: cfg.seed }),
  };
}

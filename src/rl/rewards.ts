// All rewards of one trajectory from the three agents' raw outputs: parse each output, then the
// local rewards r0 (Eq. 9), r1 (Eq. 10, via a Judge), r2 (Eq. 11, with answer grounding when rl.answer_grounding > 0) and the global reward r3 (Eq. 12).

import { parseExtractor } from '../agents/extractor/parse';
import { extractionReward } from '../agents/extractor/reward';
import type { SetScore } from '../agents/match';
import type { PerAgent } from '../agents/names';
import { parseProfiler, type ParsedProfile } from '../agents/profiler/parse';
import { profileReward } from '../agents/profiler/reward';
import { answerReading, parseRetriever, type Choice, type RetrieverOutput } from '../agents/retriever/parse';
import { globalReward, retrieverLocalReward, type AnswerGrounding } from '../agents/retriever/reward';
import type { Judge, JudgeVerdict } from '../judge/judge';
import type { RlConfig } from './config';

/** The three agents' raw completions for one trajectory. */
export interface TrajectoryOutputs {
  extractor: string;
  profiler: string;
  retriever: string;
}

/** What the dataset knows about one (H, q): plain strings, no dependency on the env module. */
export interface RewardGold {
  /** E_q: gold evidence units (conversation turn texts). */
  evidence: readonly string[];
  /** H: the history's turn texts, for the judge's support check. */
  history: readonly string[];
  /** Gold profile facts that H states (may be empty): the Profiler is judged on what it could have read. */
  profileFacts: readonly string[];
  /** The persona's gold facts stated outside H (left out of profileFacts), for the judge's explanation. */
  profileFactsElsewhere?: number;
  /** Index of the correct option, (a) = 0 … (d) = 3. */
  correct: Choice;
  /** The four options' texts (a text answer is mapped onto them). */
  options: readonly string[];
}

export interface TrajectoryRewards {
  /** r0, r1, r2. */
  local: PerAgent<number>;
  /** r3. */
  global: number;
  formatOk: PerAgent<boolean>;
  parsed: { extractor: string[]; profiler: ParsedProfile; retriever: RetrieverOutput };
  /** The parts behind each reward, for the UI's explanation. */
  /** retrieval: Eq. 11's parts; grounding: the answer's best overlap with a gold unit (in r2 when answer_grounding > 0). */
  details: { extraction: SetScore; profile: JudgeVerdict; retrieval: SetScore; grounding: AnswerGrounding };
}

/**
 * r1 for a parsed profile: the judge sees the profile's text, or '' (score 0) when it states no facts, against
 * the history and the gold facts H states. Probes that score extra Profiler samples call it too.
 */
export function judgeProfile(judge: Judge, profile: ParsedProfile, gold: Pick<RewardGold, 'history' | 'profileFacts' | 'profileFactsElsewhere'>): Promise<JudgeVerdict> {
  return profileReward(judge, { profile: profile.facts.length === 0 ? '' : profile.text, history: gold.history, goldFacts: gold.profileFacts, goldFactsElsewhere: gold.profileFactsElsewhere });
}

/**
 * Parse and score one trajectory. The Profiler is judged on its parsed profile text; malformed
 * outputs score what could be parsed (nothing parsed → 0), never throw.
 * Example: extractor "- likes green tea", profiler "<profile>- likes green tea</profile>", retriever
 * "<information>- likes green tea</information><final_answer>(b)</final_answer>", gold evidence
 * ["I like green tea"], correct 1 → r0 = 1, r2 = 1, r3 = 1, r1 from the judge.
 * `extracted` replaces the parse of the Extractor's output where M_f is not one completion (chunked
 * extraction: the capped memory after the last chunk, formatOk when every chunk's call kept the format).
 */
export async function scoreTrajectory(
  outputs: TrajectoryOutputs,
  gold: RewardGold,
  cfg: Pick<RlConfig, 'extraction_alpha' | 'retrieval_beta' | 'match_threshold' | 'answer_format' | 'answer_grounding'>,
  judge: Judge,
  extracted?: { lines: string[]; formatOk: boolean },
): Promise<TrajectoryRewards> {
  const parsedEx = parseExtractor(outputs.extractor);
  const ex = extracted ? { value: extracted.lines, formatOk: extracted.formatOk } : parsedEx;
  const pr = parseProfiler(outputs.profiler);
  const re = parseRetriever(outputs.retriever, answerReading(cfg.answer_format, gold.options));
  const extraction = extractionReward(ex.value, gold.evidence, { alpha: cfg.extraction_alpha, tau: cfg.match_threshold });
  const retriever = retrieverLocalReward(re.value, gold.evidence, { beta: cfg.retrieval_beta, tau: cfg.match_threshold, grounding: cfg.answer_grounding });
  const profile = await judgeProfile(judge, pr.value, gold);
  return {
    local: { extractor: extraction.reward, profiler: profile.score, retriever: retriever.reward },
    global: globalReward(re.value.choice, gold.correct),
    formatOk: { extractor: ex.formatOk, profiler: pr.formatOk, retriever: re.formatOk },
    parsed: { extractor: ex.value, profiler: pr.value, retriever: re.value },
    details: { extraction, profile, retrieval: retriever.evidence, grounding: retriever.grounding },
  };
}

// The Judge interface: a frozen scorer V(M_c, H) ∈ [0, 1] for the Profiler's reward (Eq. 10).
// Async so an LLM judge in a worker (WebLLM) or the frozen base model can implement it too.

/** What a judge sees: the profile, the history it should be grounded in, and gold facts if any. */
export interface ProfileJudgeInput {
  /** M_c, the profile text. */
  profile: string;
  /** H, one conversation turn text per entry. */
  history: readonly string[];
  /** The dataset's gold profile facts that H states (all of them when the dataset does not say where each is stated); empty when the dataset has none. */
  goldFacts: readonly string[];
  /** How many more gold facts the persona has, stated outside H (not in goldFacts: not counted); for the explanation. */
  goldFactsElsewhere?: number;
}

export interface JudgeVerdict {
  /** r1 ∈ [0, 1]. */
  score: number;
  /** Named sub-scores (e.g. coverage, unsupported, length) for the UI; judge-specific. */
  parts: Record<string, number>;
  /** One or two sentences saying why. */
  explanation: string;
}

export interface Judge {
  /** Which judge, shown next to every profile reward (e.g. "rubric", "webllm:Qwen2.5-0.5B"). */
  readonly name: string;
  /** Score one profile. Must not throw on odd profiles: those score low instead. */
  scoreProfile(input: ProfileJudgeInput): Promise<JudgeVerdict>;
}

// Which profile judge a run uses, as plain JSON.

/** The profile judge: the rule-based rubric, the frozen base (adapters off), or a WebLLM model id. */
export type JudgeRef = { kind: 'rubric' } | { kind: 'frozen-base' } | { kind: 'webllm'; modelId: string; allowFallback: boolean };

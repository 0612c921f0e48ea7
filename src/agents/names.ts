// The three CoMAM agents' names, in pipeline order (Extractor → Profiler → Retriever).
// Every per-agent record in the lab is keyed by these names.

export type AgentName = 'extractor' | 'profiler' | 'retriever';

/** The agents in the order the MDP runs them; frozen so no caller can reorder the pipeline. */
export const AGENT_NAMES: readonly AgentName[] = Object.freeze(['extractor', 'profiler', 'retriever'] as const);

/** One value per agent, e.g. `{ extractor: 0.2, profiler: 0.5, retriever: 0.3 }`. */
export type PerAgent<T> = Record<AgentName, T>;

/** Build a per-agent record from a function of the agent's name. */
export function perAgent<T>(f: (name: AgentName) => T): PerAgent<T> {
  return { extractor: f('extractor'), profiler: f('profiler'), retriever: f('retriever') };
}

export function isAgentName(x: unknown): x is AgentName {
  return typeof x === 'string' && (AGENT_NAMES as readonly string[]).includes(x);
}

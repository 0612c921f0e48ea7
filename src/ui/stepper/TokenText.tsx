// An agent's completion shown as text, or as its sampled tokens coloured by their stored log-probability.

import { tokenViews } from '../../run/stepper/compare';

export function TokenText({ agent, text, pieces, logprobs, coloured }: { agent: string; text: string; pieces?: readonly string[]; logprobs: readonly number[]; coloured: boolean }) {
  const tokens = coloured ? tokenViews(pieces, logprobs) : undefined;
  if (!tokens) {
    return (
      <>
        <pre className="stepper-output" data-testid={`stepper.output.${agent}`}>
          {text}
        </pre>
        {coloured && <p className="hint">This trajectory was stored without token pieces (before schema v3), so its tokens cannot be coloured.</p>}
      </>
    );
  }
  return (
    <pre className="stepper-output" data-testid={`stepper.tokens.${agent}`} aria-label={`${agent} tokens coloured by log-probability`}>
      {tokens.map((t, i) => (
        <span key={i} className="stepper-token" style={{ background: t.colour }} title={`log p = ${t.logprob.toFixed(3)}`} data-logprob={t.logprob}>
          {t.text}
        </span>
      ))}
    </pre>
  );
}

// One state of the rollout MDP on screen: s0 the history with gold evidence marked, s1 M_f with the
// extraction reward's terms, s2 M_c with the judge's verdict, s3 <information>, the options and r3.

import type { TrajectoryRow } from '../../run/records';
import type { GroundingView, SetTerms, Stage, TrajectoryExplanation } from '../../run/stepper/explain';
import { ChunkSequence } from './ChunkSequence';
import { exact, fmt } from '../../run/stepper/format';
import { TokenText } from './TokenText';

/** answer_grounding > 0: how close the answer is to a gold unit, and r2 = (1 − γ)·e + γ·g. */
function Grounding({ g, evidence }: { g: GroundingView; evidence: number }) {
  return (
    <dl className="stepper-terms" data-testid="stepper.s3.grounding">
      <dt>answer grounding g (best token F1 of the answer against a gold unit)</dt>
      <dd data-testid="stepper.s3.grounding.f1" data-value={exact(g.f1)}>
        {fmt(g.f1)}
        {g.goldText !== undefined ? ` against "${g.goldText}"` : ' (the answer shares no word with a gold unit)'}
      </dd>
      <dt>r2 = (1 − γ)·e + γ·g (answer_grounding γ = {g.weight})</dt>
      <dd data-testid="stepper.s3.grounding.reward" data-value={exact(g.reward)}>
        {Number((1 - g.weight).toFixed(6))} · {fmt(evidence)} + {g.weight} · {fmt(g.f1)} = {fmt(g.reward)}
      </dd>
    </dl>
  );
}

function Terms({ id, terms, eq, symbol }: { id: string; terms: SetTerms; eq: string; symbol: string }) {
  const { score, weight, stored, agrees } = terms;
  const union = score.predicted + score.gold - score.matched;
  return (
    <dl className="stepper-terms" data-testid={`stepper.${id}.terms`}>
      <dt>matched |M ∩ E|</dt>
      <dd data-testid={`stepper.${id}.matched`}>
        {score.matched} of {score.predicted} lines, {score.gold} gold units (τ = {terms.tau})
      </dd>
      <dt>coverage |M ∩ E| / |E|</dt>
      <dd data-testid={`stepper.${id}.coverage`} data-value={exact(score.coverage)}>
        {score.matched} / {score.gold} = {fmt(score.coverage)}
      </dd>
      <dt>Jaccard |M ∩ E| / |M ∪ E|</dt>
      <dd data-testid={`stepper.${id}.jaccard`} data-value={exact(score.jaccard)}>
        {score.matched} / {union} = {fmt(score.jaccard)}
      </dd>
      <dt>
        {symbol} ({eq})
      </dt>
      <dd data-testid={`stepper.${id}.reward`} data-value={exact(score.reward)}>
        {weight} · {fmt(score.coverage)} + {Number((1 - weight).toFixed(6))} · {fmt(score.jaccard)} = {fmt(score.reward)}
      </dd>
      <dt>stored by the trainer</dt>
      <dd data-testid={`stepper.${id}.stored`} data-value={exact(stored)} data-agrees={agrees}>
        {fmt(stored)} {agrees ? '(same)' : '(differs: the run used other reward settings or data)'}
      </dd>
    </dl>
  );
}

function Lines({ id, terms }: { id: string; terms: SetTerms }) {
  if (terms.lines.length === 0) return <p className="hint">No lines could be parsed from this output (it scores 0).</p>;
  return (
    <ol className="stepper-lines">
      {terms.lines.map((l, i) => (
        <li key={i} data-testid={`stepper.${id}.line`} data-match={l.match ? 'evidence' : 'none'} className={l.match ? 'match' : 'nomatch'}>
          <span>{l.text}</span>{' '}
          <span className="mark">{l.match ? `✓ matches evidence (F1 ${l.match.f1.toFixed(2)}): “${l.match.goldText}”` : '✗ no evidence match'}</span>
        </li>
      ))}
    </ol>
  );
}

export function StageView({ stage, ex, row, coloured }: { stage: Stage; ex: TrajectoryExplanation; row: TrajectoryRow; coloured: boolean }) {
  if (stage === 0) {
    return (
      <div data-testid="stepper.s0">
        <h4>s0: the history H ({ex.s0.turns.length} turns, {ex.s0.evidence} gold evidence)</h4>
        <p className="hint">
          Gold evidence turns are marked ★.{' '}
          {row.extractor_chunks ? `The Extractor read all of H in ${row.extractor_chunks.length} chunks (see s1).` : "Greyed turns were dropped from the Extractor's prompt to fit the token limit."}
        </p>
        <ol className="stepper-history">
          {ex.s0.turns.map((t) => (
            <li key={t.id} data-testid="stepper.s0.turn" data-evidence={t.evidence} className={`${t.evidence ? 'evidence' : ''} ${t.seen ? '' : 'unseen'}`}>
              {t.evidence && <span aria-label="gold evidence">★ </span>}
              <b>{t.role}:</b> {t.content}
            </li>
          ))}
        </ol>
      </div>
    );
  }
  if (stage === 1) {
    return (
      <div data-testid="stepper.s1">
        <h4>s1: the Extractor wrote M_f ({ex.s1.formatOk ? 'format ok' : 'format not followed'})</h4>
        {ex.s1.chunks && <ChunkSequence {...ex.s1.chunks} />}
        {ex.s1.chunks && <h5>The last chunk's call (its memory, capped, is M_f)</h5>}
        <TokenText agent="extractor" text={row.outputs.extractor} pieces={row.tokens?.extractor} logprobs={row.logprobs.extractor} coloured={coloured} />
        <Lines id="s1" terms={ex.s1} />
        <Terms id="s1" terms={ex.s1} eq="Eq. 9: α·coverage + (1−α)·Jaccard" symbol="r0" />
      </div>
    );
  }
  if (stage === 2) {
    const v = ex.s2.verdict;
    return (
      <div data-testid="stepper.s2">
        <h4>s2: the Profiler wrote M_c ({ex.s2.formatOk ? 'format ok' : 'format not followed'})</h4>
        <TokenText agent="profiler" text={row.outputs.profiler} pieces={row.tokens?.profiler} logprobs={row.logprobs.profiler} coloured={coloured} />
        <p>
          Profile facts: {ex.s2.profile.facts.length === 0 ? 'none' : ex.s2.profile.facts.map((f) => `“${f}”`).join(', ')}
        </p>
        <dl className="stepper-terms">
          <dt>judge</dt>
          <dd data-testid="stepper.s2.judge">{v?.name ?? 'not recorded (run stored before schema v3)'}</dd>
          <dt>r1 = judge score</dt>
          <dd data-testid="stepper.s2.score" data-value={exact(ex.s2.stored)}>
            {fmt(ex.s2.stored)}
          </dd>
          {v &&
            Object.entries(v.parts).map(([k, x]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd data-testid={`stepper.s2.part.${k}`} data-value={exact(x)}>
                  {fmt(x)}
                </dd>
              </div>
            ))}
        </dl>
        {v && <p data-testid="stepper.s2.explanation">Rubric notes: {v.explanation}</p>}
      </div>
    );
  }
  const s3 = ex.s3;
  return (
    <div data-testid="stepper.s3">
      <h4>s3: the Retriever answered ({s3.formatOk ? 'format ok' : 'format not followed'})</h4>
      <p>Question: {s3.query}</p>
      <TokenText agent="retriever" text={row.outputs.retriever} pieces={row.tokens?.retriever} logprobs={row.logprobs.retriever} coloured={coloured} />
      <h5>{'<information>'}</h5>
      <Lines id="s3" terms={s3.retrieval} />
      <Terms id="s3" terms={s3.retrieval} eq="Eq. 11: β·coverage + (1−β)·Jaccard" symbol={s3.grounding ? 'e' : 'r2'} />
      {s3.grounding && <Grounding g={s3.grounding} evidence={s3.retrieval.score.reward} />}
      <ol className="stepper-options">
        {s3.options.map((o, i) => (
          <li key={i} data-testid={`stepper.s3.option.${i}`} data-chosen={o.chosen} data-correct={o.correct} className={`${o.chosen ? 'chosen' : ''} ${o.correct ? 'correct' : ''}`}>
            {o.label} {o.text}
            {s3.mapping && <span className="overlap" data-testid={`stepper.s3.option.${i}.overlap`}> (word overlap F1 {(s3.mapping.scores[i] ?? 0).toFixed(2)})</span>}
            {o.chosen && <span className="mark"> ← chosen</span>}
            {o.correct && <span className="mark"> ✓ correct</span>}
          </li>
        ))}
      </ol>
      {s3.mapping && (
        <p data-testid="stepper.s3.mapping" data-reason={s3.mapping.reason}>
          Answer text mapped to an option (answer_format "text"): {s3.mapping.description}
        </p>
      )}
      {s3.choice === null && <p data-testid="stepper.s3.nochoice">No option could be read from the answer.</p>}
      <p>
        Global reward r3 (Eq. 12):{' '}
        <b data-testid="stepper.s3.global" data-value={exact(s3.global)}>
          {s3.global}
        </b>{' '}
        (stored{' '}
        <span data-testid="stepper.s3.stored-global" data-value={exact(s3.storedGlobal)}>
          {s3.storedGlobal}
        </span>
        )
      </p>
    </div>
  );
}

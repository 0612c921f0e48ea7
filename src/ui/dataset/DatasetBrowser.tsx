// Browse the open dataset: personas, their questions, and the history a question sees (training:
// its evidence session; evaluation: all turns before its end index), evidence turns highlighted.

import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { historyFor, type HistoryMode } from '../../env/mdp';
import { OPTION_LABELS, type Context, type Question } from '../../env/types';
import { contextsOfPersona, labDb, personasOf, questionsOf } from '../../homes/storage/db';
import { useAppStore } from '../../store/app';

function QuestionView({ question, context }: { question: Question; context: Context }) {
  const [mode, setMode] = useState<HistoryMode>('eval');
  const evidence = new Set(question.evidenceTurnIds);
  const history = historyFor(context, question, mode);
  const bySession = new Map<number, typeof history>();
  for (const t of history) bySession.set(t.session, [...(bySession.get(t.session) ?? []), t]);
  const firstEvidence = question.evidenceTurnIds[0];
  // Sessions holding evidence start open; the rest are collapsed so long histories stay light.
  const [expanded, setExpanded] = useState(() => new Set(history.filter((t) => evidence.has(t.id)).map((t) => t.session)));
  const toggle = (session: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(session)) next.add(session);
      return next;
    });
  useEffect(() => {
    if (firstEvidence) document.querySelector(`[data-turn-id="${CSS.escape(firstEvidence)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [firstEvidence, mode]);
  return (
    <div className="dataset-question" data-testid="dataset.questionView" data-question-id={question.id}>
      <p className="muted">
        {question.type}
        {question.topic ? ` · ${question.topic}` : ''} · sees turns 0–{question.endIndex - 1}
      </p>
      <p data-testid="dataset.query">
        <strong>{question.query}</strong>
      </p>
      <ol className="dataset-options" type="a">
        {question.options.map((o, i) => (
          <li key={OPTION_LABELS[i]} data-testid={`dataset.option.${OPTION_LABELS[i]}`} data-correct={String(i === question.correct)} className={i === question.correct ? 'correct' : ''}>
            {o}
          </li>
        ))}
      </ol>
      <p data-testid="dataset.evidence" data-approximate={String(question.evidenceApproximate)}>
        Evidence E_q: {question.evidenceTurnIds.length} turn{question.evidenceTurnIds.length === 1 ? '' : 's'}
        {question.evidenceSession !== undefined ? ` (session ${question.evidenceSession + 1})` : ''}
        {question.evidenceApproximate ? ' — approximate: derived by the importer, not given by the data, so rewards on it are approximate' : ' — gold'}
      </p>
      <div role="radiogroup" aria-label="History shown" className="dataset-mode">
        {(['eval', 'train'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="history-mode" data-testid={`dataset.mode.${m}`} checked={mode === m} onChange={() => setMode(m)} />
            {m === 'eval' ? 'evaluation H: full history' : 'training H: evidence session'}
          </label>
        ))}
      </div>
      <div className="dataset-history" data-testid="dataset.history">
        {[...bySession].map(([session, turns]) => {
          const open = expanded.has(session);
          const cited = turns.filter((t) => evidence.has(t.id)).length;
          return (
            <section key={session} data-testid={`dataset.session.${session}`} data-open={String(open)}>
              <h4>
                <button type="button" data-testid={`dataset.sessionToggle.${session}`} aria-expanded={open} onClick={() => toggle(session)}>
                  {open ? '▾' : '▸'} Session {session + 1}
                </button>{' '}
                <span className="muted">
                  {turns.length} turns{cited > 0 ? ` · ${cited} evidence` : ''}
                </span>
              </h4>
              {open && (
                <ol start={turns[0].index}>
                  {turns.map((t) => (
                    <li key={t.id} value={t.index} data-testid={`turn.${t.id}`} data-turn-id={t.id} data-evidence={String(evidence.has(t.id))} className={`turn ${t.role}${evidence.has(t.id) ? ' evidence' : ''}`}>
                      <span className="role">{t.role}</span> {t.content}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

export function DatasetBrowser() {
  const { datasetId, personaId, questionId } = useAppStore((s) => s.data.selected);
  const selectPersona = useAppStore((s) => s.selectPersona);
  const selectQuestion = useAppStore((s) => s.selectQuestion);
  const personas = useLiveQuery(() => (datasetId ? personasOf(labDb(), datasetId) : []), [datasetId]);
  const questions = useLiveQuery(() => (datasetId && personaId ? questionsOf(labDb(), datasetId, { personaId }) : []), [datasetId, personaId]);
  const contexts = useLiveQuery(() => (datasetId && personaId ? contextsOfPersona(labDb(), datasetId, personaId) : []), [datasetId, personaId]);
  if (!datasetId) return null;
  const question = questions?.find((q) => q.id === questionId);
  const context = question ? contexts?.find((c) => c.id === question.contextId) : undefined;
  const persona = personas?.find((p) => p.id === personaId);
  return (
    <div className="dataset-browser" data-testid="dataset.browser">
      <nav aria-label="Personas" className="dataset-col">
        <h3>Personas</h3>
        <ul>
          {(personas ?? []).map((p) => (
            <li key={p.id} className={p.id === personaId ? 'selected' : ''}>
              <button type="button" data-testid={`dataset.persona.${p.id}`} onClick={() => selectPersona(p.id)}>
                {p.name}
              </button>
            </li>
          ))}
        </ul>
        {persona && persona.goldProfileFacts.length > 0 && (
          <details data-testid="dataset.profile">
            <summary>Gold profile ({persona.goldProfileFacts.length} facts)</summary>
            <ul>
              {persona.goldProfileFacts.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </details>
        )}
      </nav>
      <nav aria-label="Questions" className="dataset-col">
        <h3>Questions</h3>
        <ul>
          {(questions ?? []).map((q) => (
            <li key={q.id} className={q.id === questionId ? 'selected' : ''}>
              <button type="button" data-testid={`dataset.question.${q.id}`} data-type={q.type} onClick={() => selectQuestion(q.id)}>
                <span className="muted">{q.type}</span> {q.query}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="dataset-col wide">{question && context ? <QuestionView key={question.id} question={question} context={context} /> : <p className="muted">Choose a persona, then a question.</p>}</div>
    </div>
  );
}

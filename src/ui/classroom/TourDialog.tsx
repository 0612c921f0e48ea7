// The guided tour of one rollout as a modal dialog: five steps with their numbers, walked with
// Next/Back or the arrow keys; Tab stays inside, Escape closes and focus returns to the opener.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { buildTour, EXAMPLE_GROUP, type TourGroup, type TourStep } from '../../classroom/tour';
import { useAppStore } from '../../store/app';
import { ReasonButton } from '../whyDisabled';

function StepTable({ step }: { step: TourStep }) {
  const t = step.table;
  if (!t) return null;
  return (
    <table className="results tour-table">
      <caption>{t.caption}</caption>
      <thead>
        <tr>
          {t.head.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {t.rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j} className="num">
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function TourDialog({ onClose }: { onClose: () => void }) {
  const services = useAppStore((s) => s.services);
  const rl = useAppStore((s) => s.setup.rl);
  const [group, setGroup] = useState<TourGroup>(EXAMPLE_GROUP);
  const [index, setIndex] = useState(0);
  const dialog = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    void services
      ?.latestGroup()
      .then((g) => {
        if (live && g) setGroup(g);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [services]);

  const steps = buildTour(group, { mode: rl.credit_mode === 'fixed' ? 'adaptive' : rl.credit_mode, creditTemperature: rl.credit_temperature, scale: rl.scale_rewards, ties: rl.ndcg_ties });
  const step = steps[index] ?? steps[0];

  useEffect(() => {
    heading.current?.focus();
  }, [index]);

  const go = (d: number) => setIndex((i) => Math.max(0, Math.min(steps.length - 1, i + d)));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // The dialog is modal: the page's own shortcuts (S, P, R, N, X) must not act behind it.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      go(1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      go(-1);
    } else if (e.key === 'Tab') {
      const items = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return;
      if (e.shiftKey && (document.activeElement === first || document.activeElement === heading.current)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  if (!step) return null;
  return (
    <div className="tour-backdrop">
      <div ref={dialog} className="tour" role="dialog" aria-modal="true" aria-labelledby="tour-title" aria-describedby="tour-position" data-testid="tour" data-step={step.id} onKeyDown={onKeyDown}>
        <p id="tour-position" className="tour-position" data-testid="tour.position">
          Step {index + 1} of {steps.length} · ← → to move, Esc to close
        </p>
        <h2 id="tour-title" ref={heading} tabIndex={-1} data-testid="tour.title">
          {step.title}
        </h2>
        {step.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <StepTable step={step} />
        <nav className="tour-nav" aria-label="Tour steps">
          <ol>
            {steps.map((s, i) => (
              <li key={s.id}>
                <button type="button" aria-current={i === index ? 'step' : undefined} onClick={() => setIndex(i)}>
                  {i + 1}. {s.id === 'mdp' ? 'MDP' : s.id === 'ndcg' ? 'NDCG' : s.id === 'grpo' ? 'GRPO' : s.id === 'local' ? 'Local rewards' : 'Weights'}
                </button>
              </li>
            ))}
          </ol>
          <div className="buttons">
            <ReasonButton data-testid="tour.back" why={index === 0 && 'This is the first step.'} onClick={() => go(-1)}>
              Back
            </ReasonButton>
            <ReasonButton data-testid="tour.next" why={index === steps.length - 1 && 'This is the last step.'} onClick={() => go(1)}>
              Next
            </ReasonButton>
            <button type="button" data-testid="tour.close" onClick={onClose}>
              Close tour
            </button>
          </div>
        </nav>
      </div>
    </div>
  );
}

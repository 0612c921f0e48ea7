// The group view: the G trajectories of one question as rows, sortable by each reward's rank, with
// NDCG, softmax weights, integrated rewards and advantages as stored, cross-checked with src/rl/credit.ts.

import { useMemo } from 'react';
import { AGENT_NAMES } from '../../agents/names';
import type { RlConfig } from '../../rl/config';
import type { TrajectoryRow } from '../../run/records';
import { useAppStore } from '../../store/app';
import { instructiveness, isInstructive, rowRewards, type Instructiveness } from '../../classroom/instructive';
import { exact, fmt } from '../../run/stepper/format';
import { checkCredit, groupCreditJson, groupSignal, groupsOf, ndcgLabel, SORT_KEYS, sortGroup, type SortKey } from '../../run/stepper/group';

/** Whether this group teaches credit; when not, why, and where the run's first instructive group is (or that none exists yet). */
function LessonNote({ how, global }: { how: Instructiveness; global: number | undefined }) {
  const lesson = useAppStore((s) => s.stepper.lesson);
  const shownStep = useAppStore((s) => s.stepper.step);
  const shownGroup = useAppStore((s) => s.stepper.group);
  const selectStep = useAppStore((s) => s.selectStepperStep);
  const selectGroup = useAppStore((s) => s.selectStepperGroup);
  if (isInstructive(how)) {
    return (
      <p className="hint" data-testid="stepper.group.lesson" data-instructive="true">
        An instructive group: the team's outcome differs between its trajectories and {how.signalAgents} of 3 agents' local rewards rank them.
      </p>
    );
  }
  const why = how.globalVaries
    ? "every agent's local rewards are equal in it, so none ranks anything."
    : `every trajectory got the same global reward (r3 = ${global ?? 'undefined'}), so no local reward can rank it like the team outcome: the NDCGs come only from the tie rule and the weights stay near ⅓.`;
  const elsewhere = lesson && (lesson.step !== shownStep || lesson.group !== shownGroup);
  return (
    <p className="hint" data-testid="stepper.group.lesson" data-instructive="false">
      Little to learn from this group: {why}{' '}
      {lesson === null && 'No group of this run has both right and wrong answers with spread in a local reward yet.'}
      {elsewhere && (
        <button type="button" data-testid="stepper.group.toLesson" onClick={() => void selectStep(lesson.step).then(() => selectGroup(lesson.group))}>
          Show the first instructive group (step {lesson.step})
        </button>
      )}
    </p>
  );
}

const sortLabel = (k: SortKey) => (k === 'global' ? 'global reward' : `${k} reward`);

export function GroupView({ stepRows, group, rl }: { stepRows: readonly TrajectoryRow[]; group: number; rl: RlConfig }) {
  const sortKey = useAppStore((s) => s.stepper.sortKey);
  const setSort = useAppStore((s) => s.setGroupSort);
  const select = useAppStore((s) => s.selectStepperTrajectory);
  const current = useAppStore((s) => s.stepper.trajectory);
  const setCreditText = useAppStore((s) => s.setCreditText);
  const check = useMemo(() => checkCredit(stepRows as TrajectoryRow[], rl), [stepRows, rl]);
  const rows = useMemo(() => groupsOf(stepRows).find((g) => g[0]?.group === group) ?? [], [stepRows, group]);
  const sorted = useMemo(() => sortGroup(rows, sortKey), [rows, sortKey]);
  const signal = useMemo(() => groupSignal(rows), [rows]);
  const how = useMemo(() => instructiveness(rowRewards(rows)), [rows]);
  if (rows.length === 0) return null;
  const first = rows[0];
  const silent = AGENT_NAMES.filter((n) => !signal[n]);
  const openInCalculator = () => {
    setCreditText(groupCreditJson(rows, rl));
    document.querySelector('[data-testid="credit.panel"]')?.scrollIntoView({ behavior: 'smooth' });
  };
  return (
    <div className="stepper-group" data-testid="stepper.group">
      <h4>
        Group view: {rows.length} trajectories of question {first.question_id} ({rl.credit_mode} credit, T = {rl.credit_temperature})
      </h4>
      <p className="hint">
        Each agent's NDCG v asks how well its local reward ranks the group the way the global reward does (Eq. 13); the softmax of the v's
        (Eq. 14) is its weight w; integrated = r + w·r3 (Eq. 15); the advantage is its z-score over the group ({rl.scale_rewards} scaling).
      </p>
      <table className="stepper-credit">
        <thead>
          <tr>
            <th>agent</th>
            <th>NDCG v</th>
            <th>weight w</th>
          </tr>
        </thead>
        <tbody>
          {AGENT_NAMES.map((n) => (
            <tr key={n}>
              <th scope="row">{n}</th>
              <td
                data-testid={`stepper.group.ndcg.${n}`}
                data-value={exact(first.ndcg[n])}
                data-signal={signal[n]}
                title={signal[n] ? undefined : `All ${rows.length} local rewards are equal; the stored NDCG ${fmt(first.ndcg[n])} reflects only the tie rule (${rl.ndcg_ties}).`}
              >
                {ndcgLabel(first.ndcg[n], signal[n])}
              </td>
              <td data-testid={`stepper.group.weight.${n}`} data-value={exact(first.weights[n])}>
                {fmt(first.weights[n])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LessonNote how={how} global={rows.find((r) => Number.isFinite(r.global))?.global} />
      {silent.length > 0 && (
        <p className="hint" data-testid="stepper.group.nosignal">
          No signal: {silent.map((n) => `${n} (weight ${fmt(first.weights[n])})`).join(', ')}. Every local reward of the group is equal (or undefined) for{' '}
          {silent.length === 1 ? 'this agent' : 'these agents'}, so its ranking says nothing about the team reward and its NDCG is not shown; the weight
          still comes from the softmax, and its advantages can only vary through its share of r3.
        </p>
      )}
      <div role="group" aria-label="Sort the group" className="stepper-sort">
        {SORT_KEYS.map((k) => (
          <button key={k} type="button" aria-pressed={sortKey === k} onClick={() => setSort(k)}>
            Sort by {sortLabel(k)}
          </button>
        ))}
      </div>
      <table className="stepper-group-table" data-testid="stepper.group.table">
        <thead>
          <tr>
            <th>trajectory</th>
            <th>rank by r3</th>
            <th>r3</th>
            {AGENT_NAMES.map((n) => (
              <th key={n} colSpan={4}>
                {n}: rank, r, integrated, advantage
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.trajectory} data-testid="stepper.group.row" data-trajectory={r.trajectory} aria-selected={current === r.trajectory}>
              <td>
                <button type="button" onClick={() => select(r.trajectory)} aria-label={`Show trajectory ${r.trajectory + 1}`}>
                  #{r.trajectory + 1}
                </button>
              </td>
              <td data-testid="stepper.group.rank.global" data-value={r.rank.global}>
                {r.rank.global}
              </td>
              <td data-testid="stepper.group.global" data-value={exact(r.global)}>
                {fmt(r.global)}
              </td>
              {AGENT_NAMES.map((n) => [
                <td key={`${n}.rank`} data-testid={`stepper.group.rank.${n}`} data-value={r.rank[n]}>
                  {r.rank[n]}
                </td>,
                <td key={`${n}.local`} data-testid={`stepper.group.local.${n}`} data-value={exact(r.local[n])}>
                  {fmt(r.local[n])}
                </td>,
                <td key={`${n}.int`} data-testid={`stepper.group.integrated.${n}`} data-value={exact(r.integrated[n])}>
                  {fmt(r.integrated[n])}
                </td>,
                <td key={`${n}.adv`} data-testid={`stepper.group.advantage.${n}`} data-value={exact(r.advantage[n])}>
                  {fmt(r.advantage[n])}
                </td>,
              ])}
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="stepper.group.check" data-ok={check.mismatches.length === 0}>
        {check.mismatches.length === 0
          ? 'Recomputed from the stored rewards with src/rl/credit.ts and src/rl/advantages.ts: every rank, NDCG, weight, integrated reward and advantage of this step matches.'
          : `Recomputing from the stored rewards disagrees: ${check.mismatches.slice(0, 5).join('; ')}`}
      </p>
      <button type="button" onClick={openInCalculator}>
        Open this group in the credit calculator
      </button>
    </div>
  );
}

// Setup: credit mode and the GRPO settings under TRL's names, with presets; each field shows where its
// default comes from (CONFIG_SOURCES) and validateConfig's message when it is wrong.

import { AGENT_NAMES } from '../../agents/names';
import { CONFIG_SOURCES, CREDIT_MODES, INDEPENDENT_AGENTS, LOSS_TYPES, NDCG_TIES, PRESETS, SCALE_REWARDS, type PerAgentKey, type PresetName, type RlConfig } from '../../rl/config';
import { COLD_START_DEFAULTS, type RunSetup } from '../../run/runSetup';
import { useAppStore } from '../../store/app';
import type { SetupProblem } from '../../run/setup';
import { NumberField, problemFor, SelectField } from './fields';

type NumericKey = {
  [K in keyof RlConfig]: RlConfig[K] extends number ? K : never;
}[keyof RlConfig];

const GRPO_NUMBERS: NumericKey[] = ['num_generations', 'max_completion_length', 'learning_rate', 'beta', 'epsilon', 'temperature', 'top_p', 'num_iterations'];
const REWARD_NUMBERS: NumericKey[] = ['extraction_alpha', 'retrieval_beta', 'match_threshold', 'answer_grounding'];

const CREDIT_LABELS: Record<(typeof CREDIT_MODES)[number], string> = {
  adaptive: 'adaptive (CoMAM)',
  local: 'local rewards only',
  global: 'global reward only',
  equal: 'equal thirds',
  fixed: 'fixed weights',
  independent: 'independent (one agent trains)',
};

/** One number field per agent for a per-agent setting (fixed_weights, learning_rate_scale). */
function PerAgentNumbers({ k, label, problems }: { k: PerAgentKey; label: string; problems: readonly SetupProblem[] }) {
  const values = useAppStore((s) => s.setup.rl[k]);
  const setRl = useAppStore((s) => s.setRl);
  return (
    <>
      {AGENT_NAMES.map((a) => (
        <NumberField
          key={a}
          field={`rl.${k}.${a}`}
          label={`${label}: ${a}`}
          hint={CONFIG_SOURCES[k]}
          value={values[a]}
          problem={problemFor(problems, `rl.${k}.${a}`)}
          onChange={(v) => setRl(k, { ...values, [a]: v })}
        />
      ))}
    </>
  );
}

function RlNumber({ k, problems }: { k: NumericKey; problems: readonly SetupProblem[] }) {
  const value = useAppStore((s) => s.setup.rl[k]);
  const setRl = useAppStore((s) => s.setRl);
  return <NumberField field={`rl.${k}`} label={k} hint={CONFIG_SOURCES[k]} value={value} problem={problemFor(problems, `rl.${k}`)} onChange={(v) => setRl(k, v)} />;
}

export function CreditSection({ problems }: { problems: readonly SetupProblem[] }) {
  const rl = useAppStore((s) => s.setup.rl);
  const setRl = useAppStore((s) => s.setRl);
  return (
    <fieldset className="setup-group" data-testid="setup.credit">
      <legend>Credit assignment</legend>
      <SelectField
        field="rl.credit_mode"
        label="credit_mode"
        hint={CONFIG_SOURCES.credit_mode}
        value={rl.credit_mode}
        options={CREDIT_MODES.map((m) => ({ value: m, label: CREDIT_LABELS[m] }))}
        onChange={(v) => setRl('credit_mode', v)}
      />
      <div className="field-grid">
        <RlNumber k="credit_temperature" problems={problems} />
        <SelectField field="rl.ndcg_ties" label="ndcg_ties" hint={CONFIG_SOURCES.ndcg_ties} value={rl.ndcg_ties} options={NDCG_TIES} onChange={(v) => setRl('ndcg_ties', v)} />
      </div>
      {rl.credit_mode === 'fixed' && (
        <div className="field-grid">
          <PerAgentNumbers k="fixed_weights" label="weight" problems={problems} />
        </div>
      )}
      {rl.credit_mode === 'independent' && (
        <SelectField
          field="rl.independent_agent"
          label="independent_agent"
          hint={CONFIG_SOURCES.independent_agent}
          value={rl.independent_agent}
          options={INDEPENDENT_AGENTS}
          onChange={(v) => setRl('independent_agent', v)}
        />
      )}
    </fieldset>
  );
}

/** Optional cold-start SFT before GRPO step 1: a checkbox, then its steps per agent and learning rate. */
function ColdStartFields({ problems }: { problems: readonly SetupProblem[] }) {
  const setup = useAppStore((s) => s.setup);
  const setSetup = useAppStore((s) => s.setSetup);
  const cs = setup.coldStart;
  return (
    <div className="field-grid" data-testid="setup.coldStart">
      <label className="field" title="Before step 1, fine-tune each agent's adapter on imperfect teacher demonstrations (PersonaMem-v2's cold start).">
        <input
          type="checkbox"
          data-testid="setup.coldStart.enabled"
          checked={cs !== undefined}
          onChange={(e) => {
            const next: RunSetup = { ...setup };
            if (e.target.checked) next.coldStart = { ...COLD_START_DEFAULTS };
            else delete next.coldStart;
            setSetup(next);
          }}
        />
        Cold-start SFT before GRPO
      </label>
      {cs && (
        <>
          <NumberField field="coldStart.steps" label="cold-start steps" hint="SFT steps per agent" value={cs.steps} problem={problemFor(problems, 'coldStart.steps')} onChange={(v) => setSetup({ ...setup, coldStart: { ...cs, steps: v } })} />
          <NumberField field="coldStart.lr" label="cold-start lr" hint="Adam learning rate of the SFT" value={cs.lr} problem={problemFor(problems, 'coldStart.lr')} onChange={(v) => setSetup({ ...setup, coldStart: { ...cs, lr: v } })} />
        </>
      )}
    </div>
  );
}

/** A frozen control run: the team samples and is scored on a training run's questions and takes no update. */
function FrozenControlField() {
  const setup = useAppStore((s) => s.setup);
  const setSetup = useAppStore((s) => s.setSetup);
  return (
    <div className="field-grid">
      <label className="field" title="A control run: each step samples and scores the questions a training run of this seed takes, and no adapter is updated. Overlay it on a trained run (Run history → Overlay) to see that run's curves against the untrained team's on the same questions.">
        <input
          type="checkbox"
          data-testid="setup.frozenControl"
          checked={setup.frozenControl === true}
          onChange={(e) => {
            const next: RunSetup = { ...setup };
            if (e.target.checked) next.frozenControl = true;
            else delete next.frozenControl;
            setSetup(next);
          }}
        />
        Frozen control: the untrained team on the same questions (no updates)
      </label>
    </div>
  );
}

export function GrpoSection({ problems }: { problems: readonly SetupProblem[] }) {
  const rl = useAppStore((s) => s.setup.rl);
  const setRl = useAppStore((s) => s.setRl);
  const applyPreset = useAppStore((s) => s.applyPreset);
  return (
    <fieldset className="setup-group" data-testid="setup.grpo">
      <legend>GRPO settings</legend>
      <div className="presets" role="group" aria-label="Presets">
        {(Object.keys(PRESETS) as PresetName[]).map((name) => (
          <button key={name} type="button" data-testid={`setup.preset.${name}`} title={PRESETS[name].description} onClick={() => applyPreset(name)}>
            Preset: {name}
          </button>
        ))}
      </div>
      <div className="field-grid">
        {GRPO_NUMBERS.map((k) => (
          <RlNumber key={k} k={k} problems={problems} />
        ))}
        <PerAgentNumbers k="learning_rate_scale" label="learning_rate ×" problems={problems} />
        <SelectField
          field="rl.epsilon_high_kind"
          label="epsilon_high"
          hint={CONFIG_SOURCES.epsilon_high}
          value={rl.epsilon_high === null ? 'same' : 'own'}
          options={[
            { value: 'same', label: '= epsilon' },
            { value: 'own', label: 'own value' },
          ]}
          onChange={(v) => setRl('epsilon_high', v === 'same' ? null : 0.28)}
        />
        {rl.epsilon_high !== null && (
          <NumberField
            field="rl.epsilon_high"
            label="epsilon_high value"
            hint={CONFIG_SOURCES.epsilon_high}
            value={rl.epsilon_high}
            problem={problemFor(problems, 'rl.epsilon_high')}
            onChange={(v) => setRl('epsilon_high', v)}
          />
        )}
        <SelectField field="rl.loss_type" label="loss_type" hint={CONFIG_SOURCES.loss_type} value={rl.loss_type} options={LOSS_TYPES} onChange={(v) => setRl('loss_type', v)} />
        <SelectField
          field="rl.scale_rewards"
          label="scale_rewards"
          hint={CONFIG_SOURCES.scale_rewards}
          value={rl.scale_rewards}
          options={SCALE_REWARDS}
          onChange={(v) => setRl('scale_rewards', v)}
        />
      </div>
      <ColdStartFields problems={problems} />
      <FrozenControlField />
      <h4>Long histories</h4>
      <div className="field-grid" data-testid="setup.chunks">
        <SelectField
          field="rl.chunk_kind"
          label="chunked extraction"
          hint={CONFIG_SOURCES.chunk_tokens}
          value={rl.chunk_tokens === null ? 'off' : 'on'}
          options={[
            { value: 'off', label: 'off: the turns that fit one prompt' },
            { value: 'on', label: 'on: all of H in chunks, memory carried' },
          ]}
          onChange={(v) => setRl('chunk_tokens', v === 'off' ? null : 160)}
        />
        {rl.chunk_tokens !== null && (
          <>
            <NumberField field="rl.chunk_tokens" label="chunk_tokens" hint={CONFIG_SOURCES.chunk_tokens} value={rl.chunk_tokens} problem={problemFor(problems, 'rl.chunk_tokens')} onChange={(v) => setRl('chunk_tokens', v)} />
            <RlNumber k="memory_tokens" problems={problems} />
          </>
        )}
      </div>
      <h4>Local rewards</h4>
      <div className="field-grid">
        {REWARD_NUMBERS.map((k) => (
          <RlNumber key={k} k={k} problems={problems} />
        ))}
      </div>
    </fieldset>
  );
}

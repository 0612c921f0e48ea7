// Setup: the base model (bundled lab model, a Hugging Face id checked for size and GPU memory before
// any weights download, or a local folder), its precision and the profile judge.

import { useMemo, useState } from 'react';
import { formatBytes, parameterCount } from '../../model/memoryEstimate';
import { hubModelInfo } from '../../model/sources/hubInfo';
import { PRECISIONS, type ModelRef } from '../../model/modelRef';
import type { JudgeRef } from '../../judge/judgeRef';
import { useAppStore } from '../../store/app';
import { BUNDLED_MODEL, withWorldModel, type SetupProblem } from '../../run/setup';
import { currentEstimate } from '../../store/setupSlice';
import { PrecisionMemory } from './PrecisionMemory';
import { CheckField, FieldProblem, NumberField, problemFor, SelectField, TextField } from './fields';
import { ReasonButton } from '../whyDisabled';

const PRECISION_LABELS: Record<(typeof PRECISIONS)[number], string> = { f32: 'f32 (full)', int8: 'int8 base', int4: 'int4 base' };

function HubCheck() {
  const setup = useAppStore((s) => s.setup);
  const model = setup.model;
  const check = useAppStore((s) => s.modelCheck);
  const setModelCheck = useAppStore((s) => s.setModelCheck);
  const limit = useAppStore((s) => s.memoryLimitBytes);
  const setMemoryLimit = useAppStore((s) => s.setMemoryLimit);
  const promptTokens = useAppStore((s) => s.promptTokens);
  const setPromptTokens = useAppStore((s) => s.setPromptTokens);
  const estimate = useMemo(() => currentEstimate({ setup, modelCheck: check, promptTokens }), [setup, check, promptTokens]);
  const [limitGb, setLimitGb] = useState(limit / 1e9);
  if (model.kind !== 'hub') return null;
  const { repo, revision } = model;
  const runCheck = async () => {
    setModelCheck({ status: 'checking', repo, revision });
    try {
      const info = await hubModelInfo({ repo, revision });
      setModelCheck({ status: 'ok', repo, revision, info });
    } catch (err) {
      setModelCheck({ status: 'error', repo, revision, message: err instanceof Error ? err.message : String(err) });
    }
  };
  const current = check.status !== 'idle' && check.repo === repo && check.revision === revision ? check : undefined;
  const info = current?.status === 'ok' ? current.info : undefined;
  return (
    <div className="hub-check" data-testid="setup.model.hubCheck">
      <ReasonButton data-testid="setup.model.check" onClick={() => void runCheck()} why={current?.status === 'checking' && 'The model is being checked.'}>
        {current?.status === 'checking' ? 'Checking…' : 'Check model'}
      </ReasonButton>
      <div className="field-grid">
        <NumberField
          field="model.memoryLimitGb"
          label="GPU memory limit (GB)"
          hint="A model whose estimate exceeds this is refused before download."
          value={limitGb}
          onChange={(v) => {
            setLimitGb(v);
            if (v > 0) setMemoryLimit(v * 1e9);
          }}
        />
        <NumberField
          field="model.promptTokens"
          label="Prompt tokens (estimate)"
          hint="Tokens of history, memories and question per sequence, for the KV-cache and activation estimate."
          value={promptTokens}
          onChange={(v) => {
            if (Number.isInteger(v) && v > 0) setPromptTokens(v);
          }}
        />
      </div>
      {info && estimate && (
        <dl className="model-facts" data-testid="setup.model.facts">
          <dt>Parameters</dt>
          <dd data-testid="setup.model.parameters">{(parameterCount(info.shape) / 1e6).toFixed(1)} M</dd>
          <dt>Download</dt>
          <dd data-testid="setup.model.download">
            {formatBytes(info.downloadBytes)} ({info.files.length} files)
          </dd>
          <dt>GPU memory (estimate)</dt>
          <dd data-testid="setup.model.memory" data-bytes={estimate.totalBytes}>
            {formatBytes(estimate.totalBytes)} of {formatBytes(limit)}: weights {formatBytes(estimate.weightsBytes)}, LoRA ×3 {formatBytes(estimate.loraBytes)}, AdamW{' '}
            {formatBytes(estimate.optimizerBytes)}, KV cache {formatBytes(estimate.kvCacheBytes)}, activations {formatBytes(estimate.activationBytes)}
          </dd>
        </dl>
      )}
    </div>
  );
}

export function ModelSection({ problems }: { problems: readonly SetupProblem[] }) {
  const model = useAppStore((s) => s.setup.model);
  const precision = useAppStore((s) => s.setup.precision);
  const judge = useAppStore((s) => s.setup.judge);
  const updateSetup = useAppStore((s) => s.updateSetup);
  const setModel = (m: ModelRef) => updateSetup((s) => ({ ...s, model: m }));
  const setJudge = (j: JudgeRef) => updateSetup((s) => ({ ...s, judge: j }));
  return (
    <fieldset className="setup-group" data-testid="setup.model">
      <legend>Model</legend>
      <SelectField
        field="model.kind"
        label="Base model"
        value={model.kind}
        options={[
          { value: 'bundled', label: 'Bundled lab model (offline)' },
          { value: 'hub', label: 'Hugging Face model' },
          { value: 'folder', label: 'Local folder' },
        ]}
        onChange={(kind) =>
          // The bundled model a world was built for (run/setup.ts lessonModel: a restated lesson's is a restated model).
          kind === 'bundled'
            ? updateSetup((s) => withWorldModel({ ...s, model: { kind, name: BUNDLED_MODEL } }))
            : setModel(kind === 'hub' ? { kind, repo: 'HuggingFaceTB/SmolLM2-135M-Instruct', revision: 'main' } : { kind, name: '' })
        }
      />
      {model.kind === 'hub' && (
        <div className="field-grid">
          <TextField field="model.repo" label="Model id" value={model.repo} problem={problemFor(problems, 'model.repo')} onChange={(repo) => setModel({ ...model, repo: repo.trim() })} />
          <TextField field="model.revision" label="Revision" value={model.revision} problem={problemFor(problems, 'model.revision')} onChange={(revision) => setModel({ ...model, revision })} />
        </div>
      )}
      {model.kind !== 'hub' && (
        <TextField
          field="model.name"
          label={model.kind === 'bundled' ? 'Bundled model' : 'Folder name'}
          hint={model.kind === 'folder' ? 'The folder (Hugging Face layout) is picked when the run loads the model.' : 'Served by the app from public/models/.'}
          value={model.name}
          problem={problemFor(problems, 'model.name')}
          onChange={(name) => setModel({ ...model, name })}
        />
      )}
      <HubCheck />
      {model.kind === 'hub' && <FieldProblem id="setup-model-check-problem" field="model.check" message={problemFor(problems, 'model.check')} />}
      <SelectField
        field="precision"
        label="Precision of the frozen base"
        problem={problemFor(problems, 'precision')}
        value={precision}
        options={PRECISIONS.map((p) => ({ value: p, label: PRECISION_LABELS[p] }))}
        onChange={(p) => updateSetup((s) => ({ ...s, precision: p }))}
      />
      <PrecisionMemory precision={precision} />
      <SelectField
        field="judge.kind"
        label="Profile judge"
        value={judge.kind}
        options={[
          { value: 'rubric', label: 'Rule-based rubric' },
          { value: 'frozen-base', label: 'Frozen base (adapters off)' },
          { value: 'webllm', label: 'WebLLM model' },
        ]}
        onChange={(kind) => setJudge(kind === 'webllm' ? { kind, modelId: '', allowFallback: true } : { kind })}
      />
      {judge.kind === 'webllm' && (
        <>
          <TextField
            field="judge.modelId"
            label="WebLLM model id"
            value={judge.modelId}
            problem={problemFor(problems, 'judge.modelId')}
            onChange={(modelId) => setJudge({ ...judge, modelId })}
          />
          <CheckField
            field="judge.allowFallback"
            label="Fall back to the rubric if WebLLM cannot start"
            checked={judge.allowFallback}
            onChange={(allowFallback) => setJudge({ ...judge, allowFallback })}
          />
        </>
      )}
    </fieldset>
  );
}

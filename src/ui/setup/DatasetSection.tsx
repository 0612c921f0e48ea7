// What the run trains on — a synthetic world from its knobs (DatasetRef), or a stored dataset by id; the
// top of the Dataset section (the setup panel shows a summary of it).

import type { DatasetRef } from '../../env/datasetRef';
import { BUNDLED_MODEL, DEFAULT_SYNTHETIC, RESTATED_MODEL, SESSIONS_MODEL, withRestate, withWorldStyle, type SetupProblem } from '../../run/setup';
import { useAppStore } from '../../store/app';
import { CheckField, NumberField, problemFor, SelectField, TextField } from './fields';


type Knob = 'seed' | 'personas' | 'sessionsPerPersona' | 'turnsPerSession' | 'distractorRatio';

const KNOBS: { key: Knob; label: string; hint: string }[] = [
  { key: 'seed', label: 'World seed', hint: 'Same seed, same world: personas, sessions and questions.' },
  { key: 'personas', label: 'Personas', hint: 'How many users the world has.' },
  { key: 'sessionsPerPersona', label: 'Sessions per persona', hint: 'Conversations per user.' },
  { key: 'turnsPerSession', label: 'Turns per session', hint: 'Messages per conversation.' },
  { key: 'distractorRatio', label: 'Distractor ratio', hint: 'Fraction of turns that are chit-chat with nothing to remember, in [0, 1).' },
];

/** One line for the setup panel, e.g. "generated world, seed 1: 4 personas × 3 sessions × 8 turns". */
export function describeDataset(d: DatasetRef): string {
  if (d.kind === 'stored') return d.id === '' ? 'a stored dataset (none chosen yet)' : `stored dataset ${d.id}`;
  return `${d.style === 'lesson' ? (d.restate === true ? 'restated lesson' : 'lesson') : 'generated'} world, seed ${d.seed}: ${d.personas} personas × ${d.sessionsPerPersona} sessions × ${d.turnsPerSession} turns`;
}

export function DatasetSection({ problems }: { problems: readonly SetupProblem[] }) {
  const dataset = useAppStore((s) => s.setup.dataset);
  const updateSetup = useAppStore((s) => s.updateSetup);
  const setDataset = (d: DatasetRef) => updateSetup((s) => ({ ...s, dataset: d }));
  return (
    <fieldset className="setup-group" data-testid="setup.dataset">
      <legend>What the run trains on</legend>
      <SelectField
        field="dataset.kind"
        label="Source"
        value={dataset.kind}
        options={[
          { value: 'synthetic', label: 'Generated world' },
          { value: 'stored', label: 'Stored dataset' },
        ]}
        onChange={(kind) => (kind === 'synthetic' ? updateSetup((s) => withRestate({ ...s, dataset: { ...DEFAULT_SYNTHETIC } }, true)) : setDataset({ kind: 'stored', id: '' }))}
      />
      {dataset.kind === 'synthetic' ? (
        <div className="field-grid">
          <SelectField
            field="dataset.style"
            label="World style"
            hint="Persona worlds: rich chats with implicit hints and seven question types. Lesson: short explicit turns whose answer a small model can copy (the lesson preset: 24 personas, five grounded question types)."
            value={dataset.style ?? 'persona'}
            options={[
              { value: 'persona', label: 'Persona world' },
              { value: 'lesson', label: 'Lesson world' },
            ]}
            onChange={(style) => updateSetup((s) => withWorldStyle(s, style))}
          />
          {dataset.style === 'lesson' ? (
            <CheckField
              field="dataset.restate"
              label="Restate the replaced preference"
              hint={`Before each change note the person restates what they liked until then (“for music, i like techno now because …”), so the session that answers a question also holds a note naming a wrong option, and only which note is later tells them apart. The page's lesson starts restated over four sessions (unticked: the plain lesson's three). On a lesson's bundled model, the run moves with it: restated worlds have their own (bundled:${RESTATED_MODEL} for three sessions, bundled:${SESSIONS_MODEL} for other counts), plain ones the lesson model (bundled:${BUNDLED_MODEL}).`}
              checked={dataset.restate === true}
              onChange={(on) => updateSetup((s) => withRestate(s, on))}
            />
          ) : null}
          {KNOBS.map((k) => (
            <NumberField
              key={k.key}
              field={`dataset.${k.key}`}
              label={k.label}
              hint={k.hint}
              value={dataset[k.key]}
              problem={problemFor(problems, `dataset.${k.key}`)}
              onChange={(v) => setDataset({ ...dataset, [k.key]: v })}
            />
          ))}
        </div>
      ) : (
        <TextField
          field="dataset.id"
          label="Dataset id"
          hint="The id of a stored dataset: Train on this, in the list below, fills it in."
          value={dataset.id}
          problem={problemFor(problems, 'dataset.id')}
          onChange={(id) => setDataset({ kind: 'stored', id })}
        />
      )}
    </fieldset>
  );
}

// Labelled form fields for the setup panel: each has an accessible name, a dotted test id, and shows
// the problem (if any) for its field right under it, linked by aria-describedby.

import { useId, useState, type ReactNode } from 'react';
import type { SetupProblem } from '../../store/setup';

/** The problems of one field, found by its dotted path. */
export function problemFor(problems: readonly SetupProblem[], field: string): string | undefined {
  return problems.find((p) => p.field === field)?.message;
}

export function FieldProblem({ id, field, message }: { id: string; field: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p id={id} className="field-problem" role="alert" data-testid={`setup.problem.${field}`}>
      {message}
    </p>
  );
}

interface FieldProps {
  /** Dotted path in RunSetup; the test id is `setup.<field>`. */
  field: string;
  label: ReactNode;
  /** Where the default comes from, shown on hover. */
  hint?: string;
  problem?: string;
}

const fmt = (x: number) => (Number.isNaN(x) ? '' : String(x));

/** A number typed as text, so half-typed values like "1e-" survive; NaN stands for "not a number yet". */
export function NumberField({ field, label, hint, problem, value, onChange }: FieldProps & { value: number; onChange: (v: number) => void }) {
  const id = useId();
  const [text, setText] = useState(fmt(value));
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    if (!Object.is(text.trim() === '' ? NaN : Number(text), value)) setText(fmt(value));
  }
  return (
    <div className="field">
      <label htmlFor={id} title={hint}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        data-testid={`setup.${field}`}
        value={text}
        aria-invalid={problem !== undefined}
        aria-describedby={problem !== undefined ? `${id}-problem` : undefined}
        title={hint}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
      <FieldProblem id={`${id}-problem`} field={field} message={problem} />
    </div>
  );
}

export function TextField({ field, label, hint, problem, value, onChange, placeholder }: FieldProps & { value: string; onChange: (v: string) => void; placeholder?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} title={hint}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        data-testid={`setup.${field}`}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={problem !== undefined}
        aria-describedby={problem !== undefined ? `${id}-problem` : undefined}
        title={hint}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldProblem id={`${id}-problem`} field={field} message={problem} />
    </div>
  );
}

export function SelectField<T extends string>({
  field,
  label,
  hint,
  problem,
  value,
  options,
  onChange,
}: FieldProps & { value: T; options: readonly (T | { value: T; label: string })[]; onChange: (v: T) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} title={hint}>
        {label}
      </label>
      <select id={id} data-testid={`setup.${field}`} value={value} title={hint} aria-invalid={problem !== undefined} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
      <FieldProblem id={`${id}-problem`} field={field} message={problem} />
    </div>
  );
}

export function CheckField({ field, label, hint, checked, onChange }: FieldProps & { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check" title={hint}>
      <input type="checkbox" data-testid={`setup.${field}`} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

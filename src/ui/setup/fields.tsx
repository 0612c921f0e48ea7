// Labelled form fields for the setup panel: each has an accessible name, a dotted test id, and shows
// the problem (if any) for its field right under it, linked by aria-describedby.

import { useId, useState, type ReactNode } from 'react';
import type { SetupProblem } from '../../run/setup';

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

/** A field's frame: its label above the control, its problem below (the control gets `problemAria`). */
function FieldShell({ id, field, label, hint, problem, children }: Omit<FieldProps, 'label'> & { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id} title={hint}>
        {label}
      </label>
      {children}
      <FieldProblem id={`${id}-problem`} field={field} message={problem} />
    </div>
  );
}

/** The control's link to its problem message, for screen readers. */
function problemAria(id: string, problem: string | undefined) {
  return { 'aria-invalid': problem !== undefined, 'aria-describedby': problem !== undefined ? `${id}-problem` : undefined };
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
    <FieldShell id={id} field={field} label={label} hint={hint} problem={problem}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        data-testid={`setup.${field}`}
        value={text}
        {...problemAria(id, problem)}
        title={hint}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
    </FieldShell>
  );
}

export function TextField({ field, label, hint, problem, value, onChange, placeholder }: FieldProps & { value: string; onChange: (v: string) => void; placeholder?: string }) {
  const id = useId();
  return (
    <FieldShell id={id} field={field} label={label} hint={hint} problem={problem}>
      <input
        id={id}
        type="text"
        data-testid={`setup.${field}`}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        {...problemAria(id, problem)}
        title={hint}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldShell>
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
    <FieldShell id={id} field={field} label={label} hint={hint} problem={problem}>
      <select id={id} data-testid={`setup.${field}`} value={value} title={hint} {...problemAria(id, problem)} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
    </FieldShell>
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

// Every disabled control says why: on hover (its title) and to screen readers (aria-describedby names a
// hidden note with the same words). Panels call useWhyDisabled and render the note beside the control.

import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';

export interface WhyProps {
  disabled: boolean;
  title?: string;
  'aria-describedby'?: string;
}

/**
 * Props for a control that is disabled exactly when `why` gives a reason (enabled for undefined, false or
 * ''), and the hidden note aria-describedby points to. `title` is the enabled control's own tooltip.
 * Example: useWhyDisabled(running ? 'An import is running.' : undefined) → [{disabled: true, title, aria-describedby}, <span hidden>].
 */
export function useWhyDisabled(why: string | false | undefined, title?: string): [WhyProps, ReactNode] {
  const id = useId();
  if (!why) return [{ disabled: false, ...(title ? { title } : {}) }, null];
  return [
    { disabled: true, title: why, 'aria-describedby': id },
    <span key={id} id={id} hidden>
      {why}
    </span>,
  ];
}

/** A button that is disabled exactly when `why` gives a reason, and says it (see useWhyDisabled). */
export function ReasonButton({ why, title, ...rest }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & { why: string | false | undefined }) {
  const [props, note] = useWhyDisabled(why, title);
  return (
    <>
      <button type="button" {...rest} {...props} />
      {note}
    </>
  );
}

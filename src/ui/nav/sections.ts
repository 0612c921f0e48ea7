// The dashboard's sections by task, in page order: each has an id (its URL hash, e.g. #stepper), a nav
// label, and whether classroom mode shows it (the presenter layout: run controls, charts, history and
// experiment results only).

export const SECTIONS = Object.freeze([
  { id: 'setup', label: 'Setup', classroom: false },
  { id: 'live', label: 'Live', classroom: true },
  { id: 'stepper', label: 'Stepper', classroom: false },
  { id: 'memory', label: 'Memory', classroom: false },
  { id: 'evaluate', label: 'Evaluate', classroom: true },
  { id: 'adapters', label: 'Adapters', classroom: false },
  { id: 'storage', label: 'Storage', classroom: false },
] as const);

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The sections a layout shows. */
export function visibleSections(classroom: boolean): readonly (typeof SECTIONS)[number][] {
  return SECTIONS.filter((s) => !classroom || s.classroom);
}

/**
 * The section a URL hash names, when the layout shows it. Example: ("#stepper", false) → "stepper";
 * ("#stepper", true) → undefined (classroom mode hides it); ("#dataset", false) → undefined (not a section).
 */
export function sectionOfHash(hash: string, classroom: boolean): SectionId | undefined {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  return visibleSections(classroom).find((s) => s.id === id)?.id;
}

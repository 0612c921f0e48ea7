import { describe, expect, it } from 'vitest';
import { sectionOfHash, SECTIONS, visibleSections } from './sections';

describe('dashboard sections', () => {
  it('are the seven tasks, each addressable by its hash', () => {
    expect(SECTIONS.map((s) => s.label)).toEqual(['Setup', 'Live', 'Stepper', 'Memory', 'Evaluate', 'Adapters', 'Storage']);
    for (const s of SECTIONS) expect(sectionOfHash(`#${s.id}`, false)).toBe(s.id);
    expect([sectionOfHash('', false), sectionOfHash('#dataset', false), sectionOfHash('#nope', false)]).toEqual([undefined, undefined, undefined]);
  });

  it('in classroom mode: only the run, its charts and history, and the experiment results (as the README says)', () => {
    expect(visibleSections(true).map((s) => s.id)).toEqual(['live', 'evaluate']);
    expect(sectionOfHash('#stepper', true)).toBeUndefined();
  });
});

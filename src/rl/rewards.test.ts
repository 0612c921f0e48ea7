import { describe, expect, it } from 'vitest';
import { rubricJudge } from '../judge/rubric';
import { DEFAULT_CONFIG } from './config';
import { scoreTrajectory } from './rewards';

const gold = {
  evidence: ['I like green tea', 'I moved to Oslo in May'],
  history: ['Hello there', 'I like green tea', 'I moved to Oslo in May'],
  profileFacts: ['likes green tea', 'lives in Norway'],
  correct: 1 as const,
  options: ['coffee', 'green tea', 'water', 'juice'],
};

describe('scoreTrajectory', () => {
  it('scores a well-formed trajectory from raw outputs', async () => {
    const r = await scoreTrajectory(
      {
        extractor: '- likes green tea\n- moved to Oslo in May',
        profiler: '<profile>Preferences:\n- likes green tea\nSituations:\n- moved to Oslo in May</profile>',
        retriever: '<information>\n- likes green tea\n</information>\n<final_answer>(b)</final_answer>',
      },
      gold,
      DEFAULT_CONFIG,
      rubricJudge(),
    );
    expect(r.local.extractor).toBe(1);
    // 1 of 2 gold units with 1 line: 0.2·1/2 + 0.8·1/2 = 0.5
    expect(r.local.retriever).toBeCloseTo(0.5, 12);
    // graded rubric: "likes green tea" best F1 1; "lives in Norway" vs "moved to Oslo in May" shares only "in":
    // P = 1/3, R = 1/5, F1 = 0.25 → coverage (1 + 0.25)/2; both profile facts are in H → nothing unsupported
    expect(r.details.profile.parts).toMatchObject({ coverage: 0.625, unsupported: 0 });
    expect(r.local.profiler).toBeCloseTo(0.625, 12);
    expect(r.global).toBe(1);
    expect(r.formatOk).toEqual({ extractor: true, profiler: true, retriever: true });
  });
  it('malformed outputs score 0 and never throw', async () => {
    const r = await scoreTrajectory({ extractor: '', profiler: '<profile></profile>', retriever: 'I think it is b' }, gold, DEFAULT_CONFIG, rubricJudge());
    expect(r.local).toEqual({ extractor: 0, profiler: 0, retriever: 0 });
    expect(r.global).toBe(0);
    expect(r.formatOk).toEqual({ extractor: false, profiler: false, retriever: false });
  });
  it('reads the answer as text in answer_format "text"', async () => {
    const outputs = { extractor: '- likes green tea', profiler: '<profile>- likes green tea</profile>', retriever: '<information>\n- likes green tea\n</information>\n<final_answer>green tea</final_answer>' };
    const text = await scoreTrajectory(outputs, gold, { ...DEFAULT_CONFIG, answer_format: 'text' }, rubricJudge());
    expect(text.global).toBe(1);
    expect(text.parsed.retriever.mapping).toMatchObject({ chosen: 1, reason: 'matched' });
    // The same output read as a letter has no option.
    const letter = await scoreTrajectory(outputs, gold, DEFAULT_CONFIG, rubricJudge());
    expect(letter.global).toBe(0);
    expect(letter.formatOk.retriever).toBe(false);
  });
  it('with answer_grounding, two rollouts listing the same notes differ by the note their answers copy', async () => {
    const listed = '<information>\n- likes coffee\n- likes green tea\n</information>\n';
    const copyGold = { extractor: '- likes green tea', profiler: '<profile>- likes green tea</profile>', retriever: `${listed}<final_answer>i like green tea</final_answer>` };
    const copyOther = { ...copyGold, retriever: `${listed}<final_answer>i like coffee</final_answer>` };
    const cfg = { ...DEFAULT_CONFIG, answer_format: 'text' as const };
    const paper = await Promise.all([copyGold, copyOther].map((o) => scoreTrajectory(o, gold, cfg, rubricJudge())));
    // Eq. 11 alone ties them: 1 of 2 units with 2 lines, 0.2·½ + 0.8·⅓.
    expect(paper[0].local.retriever).toBeCloseTo(0.1 + 0.8 / 3, 12);
    expect(paper[1].local.retriever).toBe(paper[0].local.retriever);
    const grounded = await Promise.all([copyGold, copyOther].map((o) => scoreTrajectory(o, gold, { ...cfg, answer_grounding: 0.5 }, rubricJudge())));
    expect(grounded[0].details.grounding).toEqual({ f1: 1, gold: 0 });
    // "i like coffee" against "I like green tea": 2 of 3 and 2 of 4 tokens, F1 4/7.
    expect(grounded[1].details.grounding.f1).toBeCloseTo(4 / 7, 12);
    expect(grounded[0].local.retriever).toBeCloseTo(0.5 * paper[0].local.retriever + 0.5, 12);
    expect(grounded[1].local.retriever).toBeCloseTo(0.5 * paper[0].local.retriever + 0.5 * (4 / 7), 12);
  });
});

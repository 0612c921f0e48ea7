// The text answer format: a written answer maps to the option whose distinguishing words it shares
// most; reworded answers still map, ambiguous or wordless ones give no choice, nothing throws.
import { describe, expect, it } from 'vitest';
import { describeMapping, mapAnswerText, TEXT_ANSWER_MIN_F1 } from './answer';
import { parseRetriever } from './parse';
import { globalReward } from './reward';

const TASTES = ["These days you're into jazz.", "These days you're into hip-hop.", "These days you're into indie folk.", "These days you're into classical music."];
const JOBS = ['nurse', 'software engineer', 'chemistry teacher', 'line cook'];

describe('mapAnswerText', () => {
  it('maps an exact copy of an option to that option', () => {
    for (const [i, o] of TASTES.entries()) expect(mapAnswerText(o, TASTES)).toMatchObject({ chosen: i, reason: 'matched' });
    for (const [i, o] of JOBS.entries()) expect(mapAnswerText(o, JOBS).chosen).toBe(i);
  });

  it('maps reworded answers and bare distinguishing words', () => {
    expect(mapAnswerText('jazz', TASTES)).toMatchObject({ chosen: 0, scores: [1, 0, 0, 0] });
    expect(mapAnswerText('you like indie folk a lot these days', TASTES).chosen).toBe(2);
    expect(mapAnswerText('Classical!', TASTES).chosen).toBe(3);
    expect(mapAnswerText('I work as a nurse', JOBS).chosen).toBe(0);
    expect(mapAnswerText('a teacher of chemistry', JOBS).chosen).toBe(2);
  });

  it('gives no choice for ambiguous, wordless or unrelated answers', () => {
    expect(mapAnswerText('jazz or hip-hop', TASTES)).toMatchObject({ chosen: null, reason: 'ambiguous' });
    expect(mapAnswerText('cook', ['line cook', 'cook', 'nurse', 'pilot'])).toMatchObject({ chosen: 1, reason: 'matched' });
    expect(mapAnswerText('hip', ['hip hop', 'hip swing', 'jazz', 'blues'])).toMatchObject({ chosen: null, reason: 'tie' });
    expect(mapAnswerText("These days you're into", TASTES)).toMatchObject({ chosen: null, reason: 'empty' });
    expect(mapAnswerText('   ', JOBS)).toMatchObject({ chosen: null, reason: 'empty' });
    expect(mapAnswerText('pottery', JOBS)).toMatchObject({ chosen: null, reason: 'empty' });
    // One word of a long option: F1 below the threshold.
    const options = ['a nurse on the night shift of a big city hospital ward full of patients', 'software engineer', 'chemistry teacher', 'line cook'];
    const m = mapAnswerText('hospital', options);
    expect(m.scores[0]).toBeGreaterThan(0);
    expect(m.scores[0]).toBeLessThan(TEXT_ANSWER_MIN_F1);
    expect(m).toMatchObject({ chosen: null, reason: 'below-threshold' });
  });

  it('reads a copied note by the option words it holds, not diluted by its other words', () => {
    const sports = ['a yoga flow class', 'a climbing gym pass', 'a swimming club', 'a lifting program'];
    // Before: the note's 11 other words held F1 at 2·(1/12)·(1/2)/(1/12 + 1/2) = 0.14, below the threshold.
    expect(mapAnswerText('for sport, i switched to swimming because i wanted something social.', sports)).toMatchObject({ chosen: 2, reason: 'matched' });
    expect(mapAnswerText('nurse ' + Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '), JOBS)).toMatchObject({ chosen: 0, reason: 'matched' });
  });

  it('describes the mapping in words', () => {
    expect(describeMapping(mapAnswerText('jazz', TASTES))).toBe('"jazz" → (a): best word overlap (F1 (a) 1.00, (b) 0.00, (c) 0.00, (d) 0.00)');
    expect(describeMapping(mapAnswerText('jazz or hip-hop', TASTES))).toMatch(/names several options/);
    expect(describeMapping(mapAnswerText('hip', ['hip hop', 'hip swing', 'jazz', 'blues']))).toMatch(/matches several options equally/);
  });
});

describe('parseRetriever in the text format', () => {
  const reading = { format: 'text', options: JOBS } as const;

  it('reads the evidence and maps the answer text', () => {
    const p = parseRetriever('<information>\n- my job is nurse\n</information>\n<final_answer>nurse</final_answer>', reading);
    expect(p.formatOk).toBe(true);
    expect(p.value).toMatchObject({ information: ['my job is nurse'], choice: 0, mapping: { text: 'nurse', reason: 'matched' } });
  });

  it('scores malformed or ambiguous answers 0 and says why', () => {
    const none = parseRetriever('<information>- x</information> nurse', reading);
    expect(none.value.choice).toBeNull();
    expect(none.problems).toEqual(['no <final_answer>…</final_answer> block']);
    const tie = parseRetriever('<information>- x</information><final_answer>nurse or line cook</final_answer>', reading);
    expect(tie.value.choice).toBeNull();
    expect(tie.formatOk).toBe(false);
    expect(tie.problems[0]).toMatch(/^answer "nurse or line cook" names several options/);
    expect(globalReward(tie.value.choice, 0)).toBe(0);
    // A letter is not text: "(a)" shares no word with the options.
    expect(parseRetriever('<information>- x</information><final_answer>(a)</final_answer>', reading).value.choice).toBeNull();
  });

  it('never throws on random text', () => {
    const alphabet = ['<information>', '</information>', '<final_answer>', '</final_answer>', 'nurse', 'cook', 'line', '(', ')', '\n', '- ', 'x', '$1', '\\', ''];
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      const p = parseRetriever(text, reading);
      expect(p.value.choice === null || [0, 1, 2, 3].includes(p.value.choice)).toBe(true);
      expect(p.formatOk).toBe(p.problems.length === 0);
    }
    expect(() => mapAnswerText('x', [])).not.toThrow();
  });
});

// Pins a seeded cpu run: `comam-lab train` on the bundled comam-tiny, two steps, seed 1, writes a
// trajectories.jsonl whose bytes hash to one constant. A refactor that changes any number fails here.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import { main } from '../main';

/**
 * sha256 of trajectories.jsonl; it changes only with a numeric change. Recorded before issue 21's refactor
 * (311cc966…), then again when the old log-probs came from the sampling pass (session 17): the two runs' files
 * differ in `logprobs` alone (at most 4.3e-6 over 1,038 tokens; texts, rewards, advantages, losses and gradient
 * norms identical, the metrics' entropy by ~1e-7); then when the Profiler was judged only on the gold facts its
 * history states (session 18): the 8 rows' outputs, log-probs and the other agents' rewards are identical; every
 * judge verdict counts 3 gold facts (10 stated in other sessions) instead of 13, and one step-2 profile's r1 goes
 * from 0 to 0.0065 (coverage 0.07 → 0.21; the others clamp to 0 either way), which moves step 2's Profiler
 * integrated reward, advantages and ranks.
 */
const PINNED_TRAJECTORIES_SHA256 = '321060ccf4a642b5367afd666f84291bb00d3c05060794c8d085a80c610ee032';

describe('comam-lab train: the seeded cpu run is byte-identical', () => {
  // A hang guard, not a speed check: on tfjs's plain cpu backend the test took 321 s (and over 300 s in a second
  // run) with one other process on the 2-core machine (2026-12-05); at 300 s it timed out in CI beside another test file.
  it('writes the pinned trajectories.jsonl', { timeout: 900_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-pin-'));
    const out = join(dir, 'run');
    const cfg = join(dir, 'cfg.json');
    // Two steps, so the second step samples from adapters the first step's GRPO update moved; sampling at 0.7
    // from the warm-started model gives the group a reward spread, so advantages and credit are non-zero.
    writeFileSync(
      cfg,
      JSON.stringify({
        rl: { num_generations: 4, max_completion_length: 48, learning_rate: 0.01, temperature: 0.7 },
        lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
        questionsPerStep: 1,
        checkpointEvery: 2,
        maxPromptTokens: 256,
        // The world `--world tiny` gave when the hash was recorded: it dropped the preset's topicsPerPersona (2),
        // so the generator's defaults (3 topics, 1 question per type) made it. Named here, whole, so the pin
        // follows the training numbers, not a preset's contents.
        dataset: { kind: 'synthetic', seed: 1, personas: 2, sessionsPerPersona: 3, turnsPerSession: 6, distractorRatio: 0.4, topicsPerPersona: 3, questionsPerType: 1 },
      }),
    );
    const io = bufferIo();
    const code = await main(['train', '--config', cfg, '--model', 'bundled:comam-tiny', '--world', 'tiny', '--steps', '2', '--seed', '1', '--backend', 'cpu', '--quiet', '--out', out], io);
    expect(io.stderr()).toContain('status: done');
    expect(code).toBe(0);
    const bytes = readFileSync(join(out, 'trajectories.jsonl'));
    expect(bytes.length).toBeGreaterThan(0);
    const rows = bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { advantage: Record<string, number> });
    expect(rows.some((r) => Object.values(r.advantage).some((a) => a !== 0))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(PINNED_TRAJECTORIES_SHA256);
  });
});

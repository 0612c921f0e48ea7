// The numbers pinned: a seeded cpu training run writes the same trajectories.jsonl bytes as when this test
// was written (issue 21: moving modules between folders must not change a single number). If a change is
// meant to change the numbers, say so in its commit and record the new hash here.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import { main } from '../main';

/** sha256 of trajectories.jsonl from the run below, recorded on commit dfdda2f (before the layer moves). */
const PINNED = '53253bcddbba921504709026cd4eb6467d83732e0eb8e79108fb3b91deec3d48';

describe('a seeded cpu run is byte-identical', { timeout: 300_000 }, () => {
  it('writes the pinned trajectories.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pin-'));
    const cfg = join(dir, 'cfg.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        rl: { num_generations: 2, max_completion_length: 12, learning_rate: 0.01, temperature: 0.7 },
        lora: { r: 4, alpha: 8, targets: ['q_proj', 'v_proj'] },
        questionsPerStep: 1,
        checkpointEvery: 2,
        maxPromptTokens: 160,
      }),
    );
    const out = join(dir, 'run');
    const io = bufferIo();
    expect(await main(['train', '--config', cfg, '--model', 'bundled:comam-tiny', '--world', 'tiny', '--steps', '2', '--seed', '3', '--backend', 'cpu', '--quiet', '--out', out], io), io.stderr()).toBe(0);
    const bytes = readFileSync(join(out, 'trajectories.jsonl'));
    expect(bytes.length).toBeGreaterThan(0);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(PINNED);
  });
});

// `comam-lab train --cold-start-steps N [--cold-start-lr LR]`: the flags become the run setup's coldStart.
import { describe, expect, it } from 'vitest';
import { COLD_START_DEFAULTS } from '../../run/runSetup';
import { buildSetup } from '../../run/runConfig';

describe('train --cold-start-steps', () => {
  it('leaves cold start off unless asked', () => {
    expect(buildSetup({}, {}).coldStart).toBeUndefined();
  });

  it('turns it on with the default learning rate, or the given one', () => {
    expect(buildSetup({}, { coldStartSteps: 12 }).coldStart).toEqual({ steps: 12, lr: COLD_START_DEFAULTS.lr });
    expect(buildSetup({}, { coldStartSteps: 12, coldStartLr: 0.003 }).coldStart).toEqual({ steps: 12, lr: 0.003 });
    expect(buildSetup({}, { coldStartLr: 0.003 }).coldStart).toEqual({ steps: COLD_START_DEFAULTS.steps, lr: 0.003 });
  });

  it('flags override a config file, and 0 steps switches the stage off', () => {
    const config = { coldStart: { steps: 5, lr: 0.2 } };
    expect(buildSetup(config, {}).coldStart).toEqual({ steps: 5, lr: 0.2 });
    expect(buildSetup(config, { coldStartSteps: 9 }).coldStart).toEqual({ steps: 9, lr: 0.2 });
    expect(buildSetup(config, { coldStartSteps: 0 }).coldStart).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createComputeSlice } from './computeSlice';

describe('compute slice', () => {
  it('moves from probing to ready or failed', () => {
    const store = createStore(createComputeSlice);
    expect(store.getState().compute.status).toBe('probing');
    store.getState().setComputeReport({ backend: 'cpu', matmul: [19, 22, 43, 50], matmulOk: true, fallbacks: [], initMs: 1 });
    expect(store.getState().compute.status).toBe('ready');
    store.getState().setComputeError({ name: 'BackendUnavailableError', message: 'x' });
    expect(store.getState().compute).toMatchObject({ status: 'failed', error: { name: 'BackendUnavailableError' } });
  });
});

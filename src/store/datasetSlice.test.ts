import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';

describe('dataset slice', () => {
  it('narrows the selection from dataset to persona to question, and a new dataset clears the rest', () => {
    const store = create<DatasetSlice>()((...a) => createDatasetSlice(...a));
    const s = () => store.getState();
    s().selectDataset('d1');
    s().selectPersona('p0');
    s().selectQuestion('q3');
    expect(s().data.selected).toEqual({ datasetId: 'd1', personaId: 'p0', questionId: 'q3' });
    s().selectPersona('p1');
    expect(s().data.selected).toEqual({ datasetId: 'd1', personaId: 'p1', questionId: undefined });
    s().selectDataset('d2');
    expect(s().data.selected).toEqual({ datasetId: 'd2' });
    s().setDataJob({ status: 'running', label: 'Generating' });
    expect(s().data.job).toEqual({ status: 'running', label: 'Generating' });
  });
});

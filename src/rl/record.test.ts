import { describe, expect, it } from 'vitest';
import { agentAdvantages } from './advantages';
import { assignCredit } from './credit';
import { groupRecords } from './record';

describe('trajectory records', () => {
  it('carry every number the UI explains a group with', () => {
    const group = { local: { extractor: [0.9, 0.2, 0.5], profiler: [0.1, 0.8, 0.4], retriever: [1, 0, Number.NaN] }, global: [1, 0, 1] };
    const credit = assignCredit(group, { mode: 'adaptive', creditTemperature: 1, fixedWeights: { extractor: 0, profiler: 0, retriever: 0 }, ties: 'index' });
    const adv = agentAdvantages([credit.integrated], 'group');
    const formatOk = [
      { extractor: true, profiler: true, retriever: true },
      { extractor: true, profiler: false, retriever: true },
      { extractor: false, profiler: true, retriever: false },
    ];
    const recs = groupRecords({ step: 7, groupId: 'q42', formatOk }, group, credit, adv);
    expect(recs).toHaveLength(3);
    const r = recs[1];
    expect(r).toMatchObject({ step: 7, groupId: 'q42', index: 1, groupSize: 3, mode: 'adaptive', global: 0 });
    expect(r.local).toEqual({ extractor: 0.2, profiler: 0.8, retriever: 0 });
    expect(r.rank).toEqual({ extractor: 3, profiler: 1, retriever: 2, global: 3 });
    expect(r.ndcg).toEqual(credit.ndcg);
    expect(r.weights).toEqual(credit.weights);
    expect(r.integrated.profiler).toBe(credit.integrated.profiler[1]);
    expect(r.advantages.extractor).toBe(adv.extractor.advantages[0][1]);
    expect(r.formatOk).toEqual(formatOk[1]);
    expect(recs[2].advantages.retriever).toBe(0);
    expect(JSON.parse(JSON.stringify(recs[0]))).toEqual(recs[0]);
  });
});

// The credit calculator's input text, in the store so the group view can send a stored group to it.

import type { StateCreator } from 'zustand';

export const EXAMPLE_GROUP = `{
  "local": {
    "extractor": [0.9, 0.4, 0.7, 0.1],
    "profiler":  [0.3, 0.8, 0.5, 0.6],
    "retriever": [1.0, 0.2, 0.6, 0.0]
  },
  "global": [1, 0, 1, 0],
  "mode": "adaptive",
  "credit_temperature": 1,
  "scale_rewards": "group"
}`;

export interface CreditSlice {
  /** GROUP.json as typed (or sent from the group view); the widget computes from it. */
  creditText: string;
  setCreditText: (text: string) => void;
}

export const createCreditSlice: StateCreator<CreditSlice, [], [], CreditSlice> = (set) => ({
  creditText: EXAMPLE_GROUP,
  setCreditText: (creditText) => set({ creditText }),
});

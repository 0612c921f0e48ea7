// The one zustand store, combined from typed slices. Middleware goes here, on the combined store.

import { create } from 'zustand';
import { createComputeSlice, type ComputeSlice } from './computeSlice';

export type AppState = ComputeSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createComputeSlice(...a),
}));

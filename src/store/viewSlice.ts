// The view slice: how the page is laid out for its audience. Classroom mode is the presenter
// layout (large type, high contrast, fewer controls); the URL carries it as classroom=1.

import type { StateCreator } from 'zustand';

export interface ViewSlice {
  classroom: boolean;
  setClassroom: (on: boolean) => void;
}

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  classroom: false,
  setClassroom: (classroom) => set({ classroom }),
});

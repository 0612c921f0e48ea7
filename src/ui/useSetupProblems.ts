// The setup's problems for any panel (the setup shows them, the controls disable Start on them),
// recomputed only when one of their inputs changes.

import { useMemo } from 'react';
import { useAppStore } from '../store/app';
import { setupProblems } from '../store/setupSlice';

export function useSetupProblems() {
  const setup = useAppStore((s) => s.setup);
  const modelCheck = useAppStore((s) => s.modelCheck);
  const promptTokens = useAppStore((s) => s.promptTokens);
  const memoryLimitBytes = useAppStore((s) => s.memoryLimitBytes);
  return useMemo(() => setupProblems({ setup, modelCheck, promptTokens, memoryLimitBytes }), [setup, modelCheck, promptTokens, memoryLimitBytes]);
}

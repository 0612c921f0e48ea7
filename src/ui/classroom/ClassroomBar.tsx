// The header's classroom controls: the presenter-layout toggle (kept in the URL as classroom=1)
// and the button that opens the guided tour of one rollout.

import { useRef, useState } from 'react';
import { useAppStore } from '../../store/app';
import { TourDialog } from './TourDialog';
import './classroom.css';

export function ClassroomBar() {
  const classroom = useAppStore((s) => s.classroom);
  const setClassroom = useAppStore((s) => s.setClassroom);
  const [touring, setTouring] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setTouring(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  return (
    <div className="classroom-bar">
      <button type="button" data-testid="classroom.toggle" aria-pressed={classroom} onClick={() => setClassroom(!classroom)}>
        Classroom mode
      </button>
      <button type="button" ref={opener} data-testid="classroom.tour" onClick={() => setTouring(true)}>
        Guided tour of one rollout
      </button>
      {touring && <TourDialog onClose={close} />}
    </div>
  );
}

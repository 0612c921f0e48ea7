// A chart that can fill the screen: the Fullscreen API where the browser allows it, else a fixed
// overlay over the page (Escape or the button closes both).

import { useEffect, useRef, useState, type ReactNode } from 'react';

export function FullscreenView({ title, testId, children }: { title: string; testId: string; children: (full: boolean) => ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [mode, setMode] = useState<'off' | 'native' | 'fallback'>('off');

  useEffect(() => {
    const onChange = () => setMode((m) => (document.fullscreenElement === box.current ? 'native' : m === 'native' ? 'off' : m));
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    if (mode !== 'fallback') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMode('off');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);

  useEffect(() => {
    if (mode !== 'native') button.current?.focus();
  }, [mode]);

  const enter = async () => {
    const el = box.current;
    if (el && document.fullscreenEnabled && typeof el.requestFullscreen === 'function') {
      try {
        await el.requestFullscreen();
        setMode('native');
        return;
      } catch {
        // The browser refused (no user activation, iframe policy): the overlay stands in.
      }
    }
    setMode('fallback');
  };
  const exit = async () => {
    if (document.fullscreenElement) await document.exitFullscreen();
    setMode('off');
  };
  const full = mode !== 'off';
  return (
    <div ref={box} className={`fullscreen-view${mode === 'fallback' ? ' fullscreen-fallback' : ''}`} data-testid={testId} data-fullscreen={mode} role={mode === 'fallback' ? 'dialog' : undefined} aria-label={mode === 'fallback' ? `${title}, full screen` : undefined}>
      <div className="fullscreen-bar">
        <span>{title}</span>
        <button ref={button} type="button" data-testid={`${testId}.fullscreen`} aria-pressed={full} onClick={() => void (full ? exit() : enter())}>
          {full ? 'Exit full screen' : `Show ${title.toLowerCase()} full screen`}
        </button>
      </div>
      {children(full)}
    </div>
  );
}

// Keeps the page URL equal to the setup (so reload and links reproduce it) and offers "Copy link".

import { useEffect, useState } from 'react';
import { parseBackendPreference, type BackendPreference } from '../../model/backendInfo';
import { useAppStore } from '../../store/app';
import { writeUrlState } from '../../run/url';

function currentBackend(): BackendPreference {
  try {
    return parseBackendPreference(new URLSearchParams(window.location.search).get('backend'));
  } catch {
    return 'auto';
  }
}

function linkFor(search: string): string {
  return `${window.location.origin}${window.location.pathname}?${search}`;
}

export function ShareLink() {
  const setup = useAppStore((s) => s.setup);
  const classroom = useAppStore((s) => s.classroom);
  // `count` numbers the clicks, so a reader (or a test) can tell this click's link from the last one's.
  const [copy, setCopy] = useState<{ link: string; note: string; count: number } | undefined>();
  useEffect(() => {
    const timer = setTimeout(() => {
      const search = writeUrlState(setup, currentBackend(), { classroom });
      if (window.location.search !== `?${search}`) window.history.replaceState(window.history.state, '', `?${search}${window.location.hash}`);
    }, 200);
    return () => clearTimeout(timer);
  }, [setup, classroom]);
  const onCopy = async () => {
    const { setup: now, classroom: room } = useAppStore.getState();
    const link = linkFor(writeUrlState(now, currentBackend(), { classroom: room }));
    const count = (copy?.count ?? 0) + 1;
    // The link is shown at once; the note says whether the clipboard took it.
    setCopy({ link, note: 'Copying…', count });
    try {
      await navigator.clipboard.writeText(link);
      setCopy({ link, note: 'Link copied: it opens this exact setup.', count });
    } catch {
      setCopy({ link, note: 'The browser did not allow copying; select the link below and copy it.', count });
    }
  };
  return (
    <div className="share">
      <button type="button" data-testid="setup.copyLink" onClick={() => void onCopy()}>
        Copy link to this setup
      </button>
      {copy && (
        <>
          <span role="status" data-testid="setup.copyNote" data-copy={copy.count}>
            {copy.note}
          </span>
          <input type="text" readOnly aria-label="Link to this setup" data-testid="setup.link" value={copy.link} onFocus={(e) => e.target.select()} />
        </>
      )}
    </div>
  );
}

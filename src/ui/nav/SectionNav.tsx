// The sticky navigation by task: one link per section (#setup, #live, #stepper, …), the section in view
// marked aria-current, a hash in the address scrolled to once the page has rendered. Links are plain
// anchors, so Tab reaches them and Enter follows them; the URL's query (the run setup) is kept.

import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/app';
import { sectionOfHash, visibleSections, type SectionId } from './sections';

/** How far below the sticky bar a section's top may be and still count as the one in view (its scroll margin and some). */
const IN_VIEW_PX = 48;

/**
 * The section whose top has scrolled up to (or under) the sticky bar (the last one), or the first. At the
 * bottom of the page the last sections cannot reach the bar: there the hash's section counts when in view.
 */
function sectionInView(ids: readonly SectionId[], barBottom: number, hashed: SectionId | undefined): SectionId | undefined {
  const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
  const hashedTop = hashed ? document.getElementById(hashed)?.getBoundingClientRect().top : undefined;
  if (atBottom && hashed && hashedTop !== undefined && hashedTop < window.innerHeight) return hashed;
  let current: SectionId | undefined = ids[0];
  for (const id of ids) {
    const top = document.getElementById(id)?.getBoundingClientRect().top;
    if (top !== undefined && top <= barBottom + IN_VIEW_PX) current = id;
  }
  return current;
}

export function SectionNav({ barBottom }: { barBottom: () => number }) {
  const classroom = useAppStore((s) => s.classroom);
  const sections = visibleSections(classroom);
  const [current, setCurrent] = useState<SectionId | undefined>(() => sectionOfHash(window.location.hash, classroom));

  // A hash in the address (a shared link, a reload, a nav click) brings its section into view.
  useEffect(() => {
    const go = () => {
      const id = sectionOfHash(window.location.hash, classroom);
      if (!id) return;
      document.getElementById(id)?.scrollIntoView({ block: 'start' });
      setCurrent(id);
    };
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, [classroom]);

  useEffect(() => {
    const ids = visibleSections(classroom).map((s) => s.id);
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setCurrent(sectionInView(ids, barBottom(), sectionOfHash(window.location.hash, classroom))));
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
    };
  }, [classroom, barBottom]);

  return (
    <nav className="section-nav" aria-label="Dashboard sections" data-testid="nav">
      <ul>
        {sections.map((s) => (
          <li key={s.id}>
            <a href={`#${s.id}`} data-testid={`nav.${s.id}`} aria-current={current === s.id ? 'location' : undefined}>
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

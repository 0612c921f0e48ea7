// Browser entry: read the URL (backend, run setup, classroom flag), start the compute probe, attach the
// trainer worker (created on the first Start), the IndexedDB run history and the lab services, render.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from './store/app';
import { labDb } from './homes/storage/db';
import { dexieHistory } from './homes/storage/dexieHistory';
import { readUrlState } from './run/url';
import { LazyTrainer } from './homes/trainer/lazyTrainer';
import { heldRunIds } from './homes/webLocks';
import { lazyWorkerReplay } from './homes/replay/workerReplay';
import { createWorkerTrainer } from './homes/trainer/workerTrainer';
import { App } from './ui/App';
import { browserLabServices } from './ui/labServices';
import { probeCompute } from './ui/workerBridge';
import './ui/app.css';

const url = readUrlState(window.location.search);
const store = useAppStore.getState();
store.setSetup(url.setup);
store.setClassroom(url.classroom);
void probeCompute(url.backend);
store.attachTrainer(new LazyTrainer(() => createWorkerTrainer(url.backend).trainer));
store.attachReplay({ api: lazyWorkerReplay() });
void store.attachHistory(dexieHistory(labDb(), 'locks' in navigator ? () => heldRunIds(navigator.locks) : undefined));
// After the trainer: experiments then train through the dashboard's trainer, one worker for both.
void store.attachServices(browserLabServices(url.backend));

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
createRoot(rootEl).render(
  <StrictMode>
    <App urlProblems={url.problems} />
  </StrictMode>,
);

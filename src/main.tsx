// Browser entry: read the URL (backend and run setup), start the compute probe, render the shell.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from './store/app';
import { readUrlState } from './store/url';
import { App } from './ui/App';
import { browserLabServices } from './ui/labServices';
import { probeCompute } from './ui/workerBridge';
import './ui/app.css';

const url = readUrlState(window.location.search);
useAppStore.getState().setSetup(url.setup);
useAppStore.getState().setClassroom(url.classroom);
void useAppStore.getState().attachServices(browserLabServices(url.backend));
void probeCompute(url.backend);

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
createRoot(rootEl).render(
  <StrictMode>
    <App urlProblems={url.problems} />
  </StrictMode>,
);

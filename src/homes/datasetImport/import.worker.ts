// Thin worker entry: dataset generation and file imports run here, off the page's thread, and
// are stored in IndexedDB from here in one transaction.

import { runImportJob } from '../../env/importJob';
import type { ImportRequest } from '../../env/importProtocol';
import { labDb, putDataset } from '../storage/db';

self.addEventListener('message', (ev: MessageEvent<ImportRequest>) => {
  void runImportJob(ev.data, (d) => putDataset(labDb(), d), (progress) => self.postMessage(progress)).then((reply) => self.postMessage(reply));
});

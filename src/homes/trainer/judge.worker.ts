// The WebLLM judge's own worker: WebLLM's message handler, driven by WebWorkerMLCEngine in src/judge/webllm.ts.

import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (msg: MessageEvent) => handler.onmessage(msg);

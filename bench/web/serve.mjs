#!/usr/bin/env node
// `npm run bench:web`: bundles the browser benchmark and serves it on http://127.0.0.1:PORT/.
import { buildWebBench } from './build.mjs';
import { startServer } from './server.mjs';

const port = Number(process.env.PORT ?? 5180);
await buildWebBench();
const { url } = await startServer({ port });
console.log(`CTC browser benchmark: open ${url} (serving bench/web/dist on 127.0.0.1 only; Ctrl-C stops)`);

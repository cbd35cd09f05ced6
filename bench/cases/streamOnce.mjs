/* global process, performance, setInterval, clearInterval */
// One `modelmath tensor FILE --json` in a fresh process (the built bundle, dist/cli-tensor.js, with
// its helper thread dist/tensorRangeWorker.js), timed from the command's start to its report, as each
// numpy run is one python process timed inside. Prints {"ms", "grownBytes", "rssGrownBytes"}:
// peak growth of heap + array buffers (this thread) and of the resident set (the whole process,
// the helper thread included) over their values just before the command.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { tensorCommand } = require(resolve('dist/cli-tensor.js'));
const path = process.argv[2];
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const base = used();
const rssBase = process.memoryUsage.rss();
let grown = 0;
let rssGrown = 0;
// One process.memoryUsage() per tick (it reads the resident set too): the sampling itself costs the
// subject CPU time, so it is not called twice.
const timer = setInterval(() => {
  const m = process.memoryUsage();
  grown = Math.max(grown, m.heapUsed + m.arrayBuffers - base);
  rssGrown = Math.max(rssGrown, m.rss - rssBase);
}, 5);
const t = performance.now();
let out = '';
const code = await tensorCommand.run([path, '--json'], { out: (s) => (out += s), err: () => undefined });
const ms = performance.now() - t;
clearInterval(timer);
if (code !== 0) throw new Error(`modelmath tensor exited with ${code}`);
process.stdout.write(JSON.stringify({ ms, grownBytes: grown, rssGrownBytes: rssGrown, report: JSON.parse(out).tensors[0] }));

// One streamed analysis of a tensor file in a fresh process, as each numpy baseline run is one
// python process: prints {"ms", "grownBytes"} (time from opening the file to the report; peak growth
// of heap + array buffers, which is what the analysis allocates; RSS would also count freed pages).
import { OpenTensorFile } from '../../src/node/tensorFiles';

async function main(): Promise<void> {
  const path = process.argv[2] as string;
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const t = performance.now();
  const f = await OpenTensorFile.open(path);
  const base = used();
  let grown = 0;
  const timer = setInterval(() => (grown = Math.max(grown, used() - base)), 5);
  await f.analyze(f.table.entries[0] as never);
  clearInterval(timer);
  await f.close();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, grownBytes: grown }));
}

void main();

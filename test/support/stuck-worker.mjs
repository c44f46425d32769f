// A reading worker that misbehaves on request, to test the pool's limits: a file whose name ends in
// "spin.txt" never finishes, one ending in "swell.txt" allocates until the heap limit ends the thread.
// Every other task is the real worker's (built into dist/ by `npm test`), loaded only then so that a
// fresh thread misbehaves at once.
export default async function misbehave(task) {
  if (task.path?.endsWith('spin.txt')) for (;;);
  if (task.path?.endsWith('swell.txt')) {
    const held = [];
    for (;;) held.push(new Array(100_000).fill(held.length));
  }
  const { default: runTask } = await import('../../dist/ingest/worker.js');
  return runTask(task);
}

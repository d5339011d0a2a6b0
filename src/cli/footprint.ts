// What `budget start` does to keep its memory small, and to give it back when a load stops (issue 27;
// `npm run bench -- memory` measures it). Set in the process itself, so `npm start`, `budget start`,
// `node dist/main.js start` (the Docker image) and the tests all run the same way.
//
// - Prisma's query compiler (WebAssembly) is compiled by V8's baseline compiler only (Liftoff): its
//   optimizing compiler left 50–60 MB of malloc'd memory behind after compiling the module's hot
//   functions (idle: 211 MB with it, 149–161 MB without). The compiler runs once per query shape
//   (Prisma keeps the plans of 1,000 shapes), so its speed does not show in a request's time.
// - The old generation grows to twice what was live at the last full collection before the next
//   one (V8's own factor goes up to 4× on a heap this size): under ingest it grew to 120 MB, a
//   third of it live, and the peak to 250–290 MB.
// - V8 collects when allocation asks for it, so a server whose load stops keeps whatever the load
//   left: 100 MB of garbage after ingest, still there a minute later, and the same after 10,000
//   subscribers left. Every second the process looks at how busy its event loop was: two quiet looks
//   in a row after a load (a busy look, or the heap grown by 16 MB) collect the heap once,
//   compacting it, so that the pages the load filled are given back (without compaction V8 keeps
//   every page that holds anything live: 51 MB of old space for 33 MB live after ingest).
import v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';

const V8_FLAGS = ['--liftoff-only', '--heap-growing-percent=100'];
const LOOK_EVERY_MS = 1_000;
/** the event loop busy this share of a look's interval, or more: a load */
const BUSY = 0.2;
/** and less than this: nothing is being served */
const QUIET = 0.05;
/** or the heap grown by this much since the last collection: as much as a load */
const GROWN = 16 * 2 ** 20;

/** Applies the V8 settings (before Prisma's first query) and starts the collection after loads; returns its stop. */
export function keepFootprint(): () => void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
  // V8's gc function, reached without exposing it to the process's own global scope
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  const collect = () => {
    v8.setFlagsFromString('--compact-on-every-full-gc');
    gc();
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  };
  let collected = v8.getHeapStatistics().used_heap_size;
  let loaded = true; // starting is a load
  let quiet = 0; // looks in a row
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    loaded ||= busy >= BUSY || v8.getHeapStatistics().used_heap_size - collected >= GROWN;
    quiet = busy < QUIET ? quiet + 1 : 0;
    if (!loaded || quiet < 2) return;
    collect();
    collected = v8.getHeapStatistics().used_heap_size;
    loaded = false;
    last = performance.eventLoopUtilization(); // the collection's own time is not a load
  }, LOOK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

#!/usr/bin/env node
// `budget …`, `npm start` and `npm run cli -- …`: the compiled build (dist/main.js, from
// `npm run build`, also made by `npm install`) when it is newer than every source file; otherwise
// the TypeScript sources through tsx, saying so, so an edit is never hidden behind a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = path.join(root, 'dist', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }
  return latest;
}

const fresh = existsSync(built) && statSync(built).mtimeMs >= Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'tasks')));
if (fresh) {
  await import(built);
} else {
  if (existsSync(built) && process.argv[2] === 'start')
    console.error('budget: src/ changed since the last build: running the TypeScript sources (npm run build compiles them)');
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}

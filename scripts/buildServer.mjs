// `npm run build` (and after `npm install`): the service compiled to JavaScript, dist/main.js, by
// esbuild: our TypeScript (with the generated Prisma client and the worker's tasks) in one
// module, its npm dependencies imported from node_modules at run time. `npm start` and `budget`
// run it when it is newer than the sources (bin/budget.js), so production runs no compiler.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

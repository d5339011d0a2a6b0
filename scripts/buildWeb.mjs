// After `npm install`: builds the dashboard (web/ → web/dist) so `npm start` serves it at `/`.
// An install without dev dependencies has no Vite: the service then says at `/` how to build it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vite = `${root}node_modules/vite/bin/vite.js`;
if (!existsSync(vite)) {
  console.warn('dashboard not built: Vite is not installed (npm install with dev dependencies, then npm run build)');
  process.exit(0);
}
const result = spawnSync(process.execPath, [vite, 'build', 'web', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);

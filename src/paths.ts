// Files the service reads from the project (migrations, function files, the built dashboard),
// found from the project's root: the same from the TypeScript sources (src/…) and from the
// compiled build (dist/), which copies none of them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'budget-control') return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the budget-control project around this file');
  }
}

export const ROOT = findRoot();

/** A path inside the project: projectPath('prisma', 'migrations'). */
export const projectPath = (...parts: string[]): string => path.join(ROOT, ...parts);

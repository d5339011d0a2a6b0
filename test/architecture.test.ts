// The rooms and which may import which (README, "Architecture"): every import of src/, tasks/ and
// web/src is read (type-only ones too: a cycle of types is still a cycle for a reader), and an
// arrow against the table below, or any cycle between files, fails with the files named.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * room → the rooms it may import (besides itself). `support`: config, log, paths, metrics, trace;
 * `generated`: Prisma's client (src/db/generated); `codegen`: the dashboard's typed documents.
 */
export const RULES: Record<string, readonly string[]> = {
  generated: [],
  codegen: [],
  support: [],
  domain: ['generated'],
  db: ['domain', 'generated', 'support'],
  engine: ['db', 'domain', 'generated', 'support'],
  reads: ['engine', 'db', 'domain', 'generated', 'support'],
  delivery: ['engine', 'db', 'domain', 'generated', 'support'],
  feed: ['db', 'domain', 'generated', 'support'],
  health: ['db', 'domain', 'support'],
  graphql: ['engine', 'reads', 'delivery', 'platforms', 'health', 'db', 'domain', 'generated', 'support'],
  server: ['graphql', 'feed', 'engine', 'platforms', 'health', 'db', 'domain', 'generated', 'support'],
  worker: ['domain', 'support'],
  // the ad platforms' connectors: their clients over the outbound guard, and the sync engine that
  // books their spend through the ledger
  platforms: ['engine', 'delivery', 'db', 'domain', 'generated', 'support'],
  tasks: ['worker', 'engine', 'reads', 'delivery', 'platforms', 'db', 'domain', 'generated', 'support'],
  // the ad-platform simulator stands in for the outside world: nothing of ours
  simulator: [],
  cli: [
    'server',
    'worker',
    'tasks',
    'graphql',
    'feed',
    'engine',
    'reads',
    'delivery',
    'platforms',
    'health',
    'db',
    'domain',
    'generated',
    'support',
    'simulator',
  ],
  main: ['cli', 'support'],
  // the dashboard runs in a browser: of ours it may use only pure rules
  web: ['codegen', 'domain'],
};

const SUPPORT = new Set(['config', 'log', 'paths', 'metrics', 'trace']);

/** The room of a file (relative to the repo root, forward slashes), or null when it is not ours. */
export function roomOf(file: string): string | null {
  const parts = file.split('/');
  if (parts[0] === 'tasks') return 'tasks';
  if (parts[0] === 'web' && parts[1] === 'src') return parts[2] === 'generated' ? 'codegen' : 'web';
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) {
    const name = parts[1]!.replace(/\.tsx?$/, '');
    return SUPPORT.has(name) ? 'support' : name;
  }
  if (parts[1] === 'db' && parts[2] === 'generated') return 'generated';
  return parts[1]!;
}

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'generated' || e.name === 'node_modules' ? [] : sources(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** The repo-relative files a source imports (relative specifiers only: packages are not rooms). */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[1]!.startsWith('.')) found.push(m[1]!);
  return found.map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

export interface Graph {
  edges: Map<string, string[]>;
}

export function graphOf(files: readonly string[], read: (f: string) => string): Graph {
  return { edges: new Map(files.map((f) => [f, importsOf(f, read(f))])) };
}

export function brokenRules(g: Graph): string[] {
  const broken: string[] = [];
  for (const [from, tos] of g.edges) {
    const a = roomOf(from);
    for (const to of tos) {
      const b = roomOf(to);
      if (a === null || b === null || a === b) continue;
      if (!(RULES[a] ?? []).includes(b)) broken.push(`${from} → ${to} (${a} may not import ${b})`);
    }
  }
  return broken;
}

/** Every cycle between files, each once, as the files around it. */
export function cycles(g: Graph): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const to of g.edges.get(f) ?? []) {
      if (!g.edges.has(to)) continue;
      if (state.get(to) === 'open') {
        const cycle = stack.slice(stack.indexOf(to));
        const key = [...cycle].sort().join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          found.push([...cycle, to]);
        }
      } else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of g.edges.keys()) if (!state.has(f)) visit(f);
  return found;
}

const files = [...sources('src'), ...sources('tasks'), ...sources('web/src')];
const graph = graphOf(files, (f) => readFileSync(path.join(ROOT, f), 'utf8'));

describe('architecture', () => {
  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.edges.get('tasks/index.ts')).toContain('src/delivery/outbox.ts');
    for (const f of files) expect(roomOf(f), f).not.toBeNull();
    for (const f of files) expect(Object.keys(RULES), `${f}'s room has no rule`).toContain(roomOf(f));
  });

  it('every import follows the rooms’ rules', () => {
    expect(brokenRules(graph)).toEqual([]);
  });

  it('no import cycle anywhere', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('would catch an arrow against the rules, and a cycle (the checks themselves)', () => {
    const bad = graphOf(
      ['src/engine/a.ts', 'src/reads/b.ts', 'src/domain/c.ts', 'src/domain/d.ts'],
      (f) =>
        ({
          'src/engine/a.ts': `import { b } from '../reads/b.ts';`,
          'src/reads/b.ts': `import type { A } from '../engine/a.ts';`,
          'src/domain/c.ts': `export { d } from './d.ts';`,
          'src/domain/d.ts': `const c = await import('./c.ts');`,
        })[f]!,
    );
    expect(brokenRules(bad)).toEqual(['src/engine/a.ts → src/reads/b.ts (engine may not import reads)']);
    expect(cycles(bad).map((c) => c.join(' → '))).toEqual([
      'src/engine/a.ts → src/reads/b.ts → src/engine/a.ts',
      'src/domain/c.ts → src/domain/d.ts → src/domain/c.ts',
    ]);
  });
});

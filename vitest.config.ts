import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) builds. Node, and so Pothos and Yoga, load the CJS
    // one; Vite would hand our transformed sources the ESM one, and two graphql copies refuse to
    // mix. Point ours at the same file Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // a condition a test waits for gets 10 s by default, not 1 s: on a busy 2-core machine a
    // browser or a worker can take longer than a second, and a waiting test must not flake
    expect: { poll: { timeout: 10_000 } },
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', NODE_ENV: 'test' },
  },
});

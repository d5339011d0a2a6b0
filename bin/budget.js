#!/usr/bin/env node
// `budget …` once installed (npm link / npx): TypeScript runs through tsx, as in `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');

// `npm run schema`: writes schema.graphql from the Pothos schema (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../src/graphql/schema.ts';

writeFileSync(new URL('../schema.graphql', import.meta.url), printedSchema());
process.stdout.write('schema.graphql written\n');

// Entry point of `budget …`, `npm start` and `npm run cli -- …`.
import { main } from './cli/index.ts';

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);

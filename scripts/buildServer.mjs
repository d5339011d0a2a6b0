// `npm run build` (and after `npm install`): the service compiled to JavaScript, dist/main.js, by
// esbuild: our TypeScript (with the generated Prisma client and the worker's tasks) in one
// module, its npm dependencies imported from node_modules at run time. `npm start` and `budget`
// run it when it is newer than the sources (bin/budget.js), so production runs no compiler.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Prisma's query compiler (WebAssembly) comes base64-encoded in a JavaScript module, which the
// generated client imports: its text then stays in memory twice for the life of the process (the
// module's source and its string, 9 MB; issue 27). The build writes the bytes beside dist/main.js
// and the client reads them from there, once.
const GENERATED_CLIENT = /src[\\/]db[\\/]generated[\\/]prisma[\\/]internal[\\/]class\.ts$/;
const WASM_IMPORT =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/(query_compiler_\w+_bg\.\w+)\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)/;
const prismaWasmFile = {
  name: 'prisma-wasm-file',
  setup(build) {
    build.onLoad({ filter: GENERATED_CLIENT }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const found = WASM_IMPORT.exec(source);
      if (!found)
        throw new Error(`${args.path}: Prisma's query compiler is no longer imported as expected; update scripts/buildServer.mjs`);
      const { wasm } = await import(found[1]);
      const file = `${found[2]}.wasm`;
      await mkdir(path.join(root, 'dist'), { recursive: true });
      await writeFile(path.join(root, 'dist', file), Buffer.from(wasm, 'base64'));
      const read = `return new WebAssembly.Module(await (await import('node:fs/promises')).readFile(new URL('./${file}', import.meta.url)))`;
      return { contents: source.replace(WASM_IMPORT, read), loader: 'ts' };
    });
  },
};

// GraphiQL's files come as strings in one module of @graphql-yoga/render-graphiql (9 MB of
// JavaScript, styles, Monaco's workers and the icon): imported by the server, the module stays in
// its memory once GraphiQL has been opened (32 MB; issue 27). The build writes them out to
// dist/graphiql, where the server reads them per request (src/server/pages.ts).
const graphiql = await import('@graphql-yoga/render-graphiql/graphiql');
await mkdir(path.join(root, 'dist', 'graphiql'), { recursive: true });
for (const [file, body] of Object.entries({
  'graphiql.js': graphiql.js,
  'graphiql.css': graphiql.css,
  'editor.worker.js': graphiql.editorWorkerService,
  'json.worker.js': graphiql.jsonWorker,
  'graphql.worker.js': graphiql.graphqlWorker,
  'favicon.ico': Buffer.from(graphiql.favicon.replace(/^data:[^,]*,/, ''), 'base64'),
}))
  await writeFile(path.join(root, 'dist', 'graphiql', file), body);

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
  plugins: [prismaWasmFile],
});

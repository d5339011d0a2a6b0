// The service's own browser pages: the dashboard at / (web/, built into web/dist), GraphiQL at
// /graphql and Swagger UI at /api/docs, served from this server and its npm dependencies alone (@graphql-yoga/render-graphiql, swagger-ui-dist): no
// CDN, no third-party theme, so they work on a network without internet, and no code we do not
// control runs in a page where operators paste admin keys. Every HTML answer carries a
// Content-Security-Policy that allows this origin only: an edit that brings back a CDN breaks the
// page loudly instead of loading it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** Scripts, styles, workers and requests: this origin only (GraphiQL's editor sets inline styles). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * GraphiQL's files (9 MB of JavaScript, styles, Monaco's workers), read per request from
 * dist/graphiql, where the build writes them (scripts/buildServer.mjs): imported from their npm
 * module, they stayed in memory for good once GraphiQL was opened (32 MB). A checkout not built
 * yet imports the module, as before.
 */
const GRAPHIQL_FILES = projectPath('dist', 'graphiql');
const graphiqlModule = once(() => import('@graphql-yoga/render-graphiql/graphiql'));
type GraphiQLModule = Awaited<ReturnType<typeof graphiqlModule>>;
const graphiqlFile =
  (file: string, unbuilt: (module: GraphiQLModule) => string | Uint8Array<ArrayBuffer>) =>
  async (): Promise<string | Uint8Array<ArrayBuffer>> =>
    readFile(path.join(GRAPHIQL_FILES, file)).then(
      (bytes) => new Uint8Array(bytes),
      async () => unbuilt(await graphiqlModule()),
    );
/** Swagger UI's files, read per request from swagger-ui-dist (1.9 MB): kept, they stayed in memory for good. */
const swaggerFile = (name: string) => async () =>
  new Uint8Array(await readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')), name)));

// Monaco's workers by the label it asks for (as @graphql-yoga/render-graphiql names them).
// GraphiQL at phone width (375 px): the editors above the answer instead of beside it (side by
// side, the answer is a column of one character), a narrower sidebar, no logo.
const GRAPHIQL_PHONE_CSS = `
@media (max-width: 700px) {
  .graphiql-container .graphiql-sidebar { padding: 4px; }
  .graphiql-container .graphiql-sessions { margin: 8px 8px 8px 0; }
  .graphiql-container .graphiql-logo { display: none; }
  .graphiql-container .graphiql-sessions > div:has(> .graphiql-editors) { flex-direction: column; }
  .graphiql-container .graphiql-horizontal-drag-bar { display: none; }
  .graphiql-container .graphiql-editors,
  .graphiql-container .graphiql-response { flex: 1 1 0% !important; min-height: 0; min-width: 0; }
  .graphiql-container .graphiql-response { border-top: 1px solid hsla(var(--color-neutral), var(--alpha-background-heavy)); }
}
`;

const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };

const ASSETS: Record<string, { type: string; body: () => Promise<string | Uint8Array<ArrayBuffer>> }> = {
  '/graphiql/graphiql.js': { type: JS, body: graphiqlFile('graphiql.js', (m) => m.js) },
  '/graphiql/graphiql.css': {
    type: CSS,
    body: async () =>
      (await readFile(path.join(GRAPHIQL_FILES, 'graphiql.css'), 'utf8').catch(async () => (await graphiqlModule()).css)) +
      GRAPHIQL_PHONE_CSS,
  },
  '/graphiql/editor.worker.js': { type: JS, body: graphiqlFile('editor.worker.js', (m) => m.editorWorkerService) },
  '/graphiql/json.worker.js': { type: JS, body: graphiqlFile('json.worker.js', (m) => m.jsonWorker) },
  '/graphiql/graphql.worker.js': { type: JS, body: graphiqlFile('graphql.worker.js', (m) => m.graphqlWorker) },
  '/graphiql/favicon.ico': {
    type: 'image/x-icon',
    body: graphiqlFile('favicon.ico', (m) => new Uint8Array(Buffer.from(m.favicon.replace(/^data:[^,]*,/, ''), 'base64'))),
  },
  // The page's options come in a JSON block (data, not script): no inline script to allow. A key
  // in the address's fragment (/graphql#key=bk_…, never sent to the server) fills the
  // Authorization header, and is then taken out of the address bar.
  '/graphiql/start.js': {
    type: JS,
    body: async () => `const workers = ${JSON.stringify(WORKERS)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => '/graphiql/' + (workers[label] || workers.editorWorkerService) };
const options = JSON.parse(document.getElementById('graphiql-options').textContent);
const key = new URLSearchParams(location.hash.slice(1)).get('key');
if (key) {
  options.headers = JSON.stringify({ Authorization: 'Bearer ' + key }, null, 2);
  options.defaultTabs = options.defaultTabs.map((tab) => ({ ...tab, headers: options.headers }));
  history.replaceState(null, '', location.pathname + location.search);
}
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
`,
  },
  '/api/docs/swagger-ui.css': { type: CSS, body: swaggerFile('swagger-ui.css') },
  '/api/docs/swagger-ui-bundle.js': { type: JS, body: swaggerFile('swagger-ui-bundle.js') },
  '/api/docs/start.js': {
    type: JS,
    body: async () => `window.ui = SwaggerUIBundle({ url: '/api/schema/', dom_id: '#swagger-ui', deepLinking: true });\n`,
  },
};

const KEY_HEADER = JSON.stringify({ Authorization: 'Bearer PASTE-YOUR-API-KEY (or open /graphql#key=bk_…)' }, null, 2);

/** The README's tour, as GraphiQL's first tabs (replace the ids with the ones your answers show). */
const TOUR: { query: string }[] = [
  {
    query: `# Budget control. Put your API key in Headers below (or open /graphql#key=bk_…).
# Every brand with today's and this month's spend, and its campaigns:
query Overview {
  brands(first: 20) {
    totalCount
    edges { node { id name currency dailyBudget dailySpend dailyRemaining monthlyBudget monthlySpend
      campaigns(first: 10) { edges { node { id name status pauseReason dailySpend } } } } }
  }
}
`,
  },
  {
    query: `# A brand with a daily budget in Paris time, then a campaign for it (use the brand's id).
mutation CreateBrand {
  createBrand(input: { name: "Acme", dailyBudget: "100.00", monthlyBudget: "2000", timezone: "Europe/Paris" }) {
    id name dailyBudget monthlyBudget timezone
  }
}

mutation CreateCampaign {
  createCampaign(input: { brandId: "BRAND_ID", name: "Search – Always On", platform: "google", externalCampaignId: "G-1001" }) {
    id status
  }
}
`,
  },
  {
    query: `# Every pause and resume as it commits (leave this tab running, record a spend in another).
subscription Watch {
  campaignStatusChanged {
    id campaignName brandId fromStatus toStatus toReason trigger actor occurredAt
  }
}
`,
  },
  {
    query: `# The spend that reaches the budget pauses every campaign of the brand before it answers.
mutation RecordSpend {
  recordSpend(input: { campaignId: "CAMPAIGN_ID", amount: "100.00", source: "google", externalId: "2026-11-26/G-1001" }) {
    duplicate
    spend { amount spendDate }
    statusChanges { campaignName toStatus toReason }
  }
}
`,
  },
];

/** What GraphiQL opens with: the Authorization header to fill in, the tour, subscriptions over SSE. */
export const GRAPHIQL: GraphiQLOptions = {
  title: 'Budget control — GraphiQL',
  headers: KEY_HEADER,
  defaultTabs: TOUR.map((tab) => ({ ...tab, headers: KEY_HEADER })),
  shouldPersistHeaders: false,
  subscriptionsProtocol: 'SSE',
};

/** GraphiQL's page: our stylesheet and scripts, and its options as data. */
export function renderGraphiQL(options: GraphiQLOptions): string {
  return page(
    options.title ?? 'GraphiQL',
    ['/graphiql/graphiql.css'],
    ['/graphiql/graphiql.js', '/graphiql/start.js'],
    `<div id="root"></div>\n<script type="application/json" id="graphiql-options">${json(options)}</script>`,
    { icon: '/graphiql/favicon.ico', body: 'id="body" class="no-focus-outline"' },
  );
}

const SWAGGER = page(
  'Budget control — REST API',
  ['/api/docs/swagger-ui.css'],
  ['/api/docs/swagger-ui-bundle.js', '/api/docs/start.js'],
  '<div id="swagger-ui"></div>',
  { icon: '/favicon.svg' },
);

/** The dashboard's build (web/, `npm run build`): its page at `/`, its hashed files under /assets/. */
const WEB = `${projectPath('web', 'dist')}${path.sep}`;
const TYPES: Record<string, string> = { '.js': JS, '.css': CSS, '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };
const NOT_BUILT = page(
  'Budget control',
  [],
  [],
  '<p>The dashboard is not built in this checkout: run <code>npm run build</code>. GraphiQL is at <a href="/graphql">/graphql</a>.</p>',
);

async function dashboard(pathname: string): Promise<Response | null> {
  if (pathname === '/') {
    const html = await readFile(path.join(WEB, 'index.html'), 'utf8').catch(() => NOT_BUILT);
    return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
  }
  if (pathname === '/favicon.svg' || pathname === '/favicon.ico') {
    // the dashboard's icon (web/public/favicon.svg), for every page of the service; a browser asks for /favicon.ico by itself
    const icon = await readFile(path.join(WEB, 'favicon.svg')).catch(() => null);
    return (
      icon && new Response(new Uint8Array(icon), { headers: { 'content-type': TYPES['.svg']!, 'cache-control': 'public, max-age=86400' } })
    );
  }
  const name = /^\/assets\/([\w.-]+)$/.exec(pathname)?.[1];
  if (!name) return null;
  const file = await readFile(path.join(WEB, 'assets', name)).catch(() => null);
  if (!file) return null;
  // the names carry their content's hash: cached for good
  return new Response(new Uint8Array(file), {
    headers: {
      'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Serves the dashboard, the pages' files and Swagger UI's page, and puts the CSP on every HTML answer. */
export function usePages(): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const web = await dashboard(url.pathname);
      if (web) {
        endResponse(web);
        return;
      }
      if (url.pathname === '/api/docs' || url.pathname === '/api/docs/') {
        endResponse(new Response(SWAGGER, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
        return;
      }
      const asset = ASSETS[url.pathname];
      if (!asset) return;
      endResponse(
        new Response(await asset.body(), {
          headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
        }),
      );
    },
    onResponse({ response }) {
      if (!response.headers.get('content-type')?.startsWith('text/html')) return;
      response.headers.set('content-security-policy', CSP);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
    },
  };
}

function page(
  title: string,
  styles: string[],
  scripts: string[],
  body: string,
  { icon, body: attributes }: { icon?: string; body?: string } = {},
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
${icon ? `<link rel="icon" href="${icon}">\n` : ''}${styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
</head>
<body${attributes ? ` ${attributes}` : ''}>
${body}
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}

/** JSON safe inside a <script> block: no "</script>" can close it early. */
function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
}

# Multi-stage: the build stage installs everything and compiles (Prisma client, dashboard, the
# service to dist/main.js); the runtime stage has production dependencies only, without a
# TypeScript runner or compiler, runs as the unprivileged `node` user, and reports its health
# from /ready. (Docker cannot run on the machine this was written on: kept correct by reading.)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN node scripts/generate.mjs && npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# MALLOC_ARENA_MAX: two malloc arenas instead of one per thread (docs/operations.md, "Memory")
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/tsx node_modules/esbuild node_modules/@esbuild node_modules/.bin/tsx node_modules/.bin/esbuild \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/prisma/functions ./prisma/functions
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js", "start"]

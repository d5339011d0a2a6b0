// prisma/schema.prisma (what the code believes) and prisma/migrations (what the database is)
// must agree: every model's table and columns exist with compatible types and nullability, every
// enum has the same values, every declared key is a real unique constraint, and no table is left
// unmodelled. And every SQL function of the database has its current definition in exactly one
// function file (prisma/functions).
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

interface Field {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  native?: string;
}
interface Model {
  name: string;
  table: string;
  fields: Field[];
  keys: string[][];
}

const text = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
const blocks = [...text.matchAll(/^(model|enum) (\w+) \{\n([\s\S]*?)^\}/gm)];
const enums = new Map(
  blocks
    .filter((b) => b[1] === 'enum')
    .map((b) => {
      const lines = b[3]!
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('//'));
      const dbName = /@@map\("(\w+)"\)/.exec(b[3]!)?.[1] ?? b[2]!;
      return [b[2]!, { dbName, values: lines.filter((l) => !l.startsWith('@@')) }];
    }),
);
const modelNames = new Set(blocks.filter((b) => b[1] === 'model').map((b) => b[2]!));
const models: Model[] = blocks
  .filter((b) => b[1] === 'model')
  .map((b) => {
    const body = b[3]!;
    const fields: Field[] = [];
    const keys: string[][] = [];
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('//')) continue;
      const keyMatch = /^@@(id|unique)\(\[([^\]]+)\]/.exec(line);
      if (keyMatch) keys.push(keyMatch[2]!.split(',').map((s) => s.trim().replace(/\(.*\)$/, '')));
      if (line.startsWith('@@')) continue;
      // Unsupported("int4multirange"): a column Prisma leaves to SQL, checked by its PostgreSQL type
      const m = /^(\w+)\s+(Unsupported\("\w+"\)|\w+)(\[\])?(\?)?\s*(.*)$/.exec(line)!;
      const [, name, type, list, optional, attrs] = m;
      if (modelNames.has(type!)) continue; // a relation, not a column
      if (/@id\b|@unique\b/.test(attrs!)) keys.push([name!]);
      fields.push({
        name: name!,
        column: /@map\("(\w+)"\)/.exec(attrs!)?.[1] ?? name!,
        type: type!,
        optional: Boolean(optional),
        list: Boolean(list),
        native: /@db\.(\w+)/.exec(attrs!)?.[1],
      });
    }
    const columnOf = new Map(fields.map((f) => [f.name, f.column]));
    return {
      name: b[2]!,
      table: /@@map\("(\w+)"\)/.exec(body)?.[1] ?? b[2]!,
      fields,
      keys: keys.map((k) => k.map((f) => columnOf.get(f) ?? f)),
    };
  });

/** Prisma type (+ native type) → the PostgreSQL udt_name it needs. */
function expectedUdt(f: Field): string {
  const unsupported = /^Unsupported\("(\w+)"\)$/.exec(f.type)?.[1];
  if (unsupported) return unsupported;
  const enumType = enums.get(f.type);
  if (enumType) return f.list ? `_${enumType.dbName}` : enumType.dbName;
  const base =
    {
      Uuid: 'uuid',
      Char: 'bpchar',
      Date: 'date',
      Time: 'time',
      Timestamptz: 'timestamptz',
    }[f.native ?? ''] ??
    { String: 'text', BigInt: 'int8', Int: 'int4', Boolean: 'bool', DateTime: 'timestamp', Json: 'jsonb', Bytes: 'bytea' }[f.type];
  if (!base) throw new Error(`no mapping for ${f.type} ${f.native ?? ''}`);
  return f.list ? `_${base}` : base;
}

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

describe('schema.prisma agrees with the migrated database', () => {
  it('parses every model of the domain', () => {
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Brand', 'Campaign', 'Spend', 'Schedule', 'CampaignStatusEvent', 'AuditEntry', 'ApiKey']),
    );
  });

  it.each(models.map((m) => [m.name, m] as const))('%s: table, columns, types, nullability', async (_name, model) => {
    const columns = await t.sql<{ column_name: string; udt_name: string; is_nullable: string; domain_udt: string | null }>(
      `select c.column_name, c.udt_name, c.is_nullable, t.typname as domain_udt
         from information_schema.columns c
         left join pg_type d on d.typname = c.domain_name
         left join pg_type t on t.oid = d.typbasetype
        where c.table_schema = 'public' and c.table_name = $1`,
      [model.table],
    );
    expect(columns.length, `table ${model.table} exists`).toBeGreaterThan(0);
    const byName = new Map(columns.map((c) => [c.column_name, c]));
    for (const f of model.fields) {
      const col = byName.get(f.column);
      expect(col, `${model.table}.${f.column}`).toBeDefined();
      expect(col!.domain_udt ?? col!.udt_name, `${model.table}.${f.column} type`).toBe(expectedUdt(f));
      expect(col!.is_nullable === 'YES', `${model.table}.${f.column} nullable`).toBe(f.optional);
    }
    const modelled = new Set(model.fields.map((f) => f.column));
    expect(
      columns.map((c) => c.column_name).filter((c) => !modelled.has(c)),
      `unmodelled columns of ${model.table}`,
    ).toEqual([]);
  });

  it.each(models.map((m) => [m.name, m] as const))('%s: every declared key is a unique constraint', async (_name, model) => {
    const rows = await t.sql<{ cols: string[] }>(
      `select array_agg(a.attname order by k.ord)::text[] as cols
         from pg_index i
         join pg_class c on c.oid = i.indrelid
         cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where c.relname = $1 and i.indisunique
        group by i.indexrelid`,
      [model.table],
    );
    const unique = rows.map((r) => [...r.cols].sort().join(','));
    for (const key of model.keys) expect(unique, `${model.table} (${key.join(', ')})`).toContain([...key].sort().join(','));
  });

  it('every enum has the same values in the same order', async () => {
    for (const [, e] of enums) {
      const rows = await t.sql<{ label: string }>(
        `select e.enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder`,
        [e.dbName],
      );
      expect(
        rows.map((r) => r.label),
        e.dbName,
      ).toEqual(e.values);
    }
  });

  it("every table but the migrator's has a model", async () => {
    const tables = await t.sql<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const modelled = new Set(models.map((m) => m.table));
    const migrators = new Set(['_prisma_migrations', '_budget_functions']);
    expect(tables.map((r) => r.table_name).filter((n) => !migrators.has(n) && !modelled.has(n))).toEqual([]);
  });

  it('every table that grows with traffic carries brand_id, and each of its unique indexes includes it', async () => {
    for (const table of ['spends', 'campaign_status_events', 'brand_daily_spends', 'campaign_daily_spends']) {
      const rows = await t.sql<{ cols: string[] }>(
        `select array_agg(a.attname)::text[] as cols from pg_index i join pg_class c on c.oid = i.indrelid
           join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
          where c.relname = $1 and i.indisunique group by i.indexrelid`,
        [table],
      );
      expect(rows.length, table).toBeGreaterThan(0);
      for (const r of rows) expect(r.cols, table).toContain('brand_id');
    }
  });

  it('every function of the database is defined in exactly one function file, once', async () => {
    const dir = new URL('../../prisma/functions/', import.meta.url);
    const definedIn = new Map<string, string[]>();
    for (const file of readdirSync(dir).filter((n) => n.endsWith('.sql'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      for (const m of text.matchAll(/^create (?:or replace )?function (\w+)\(/gim)) {
        definedIn.set(m[1]!, [...(definedIn.get(m[1]!) ?? []), file]);
      }
    }
    const functions = await t.sql<{ name: string }>(
      `select p.proname as name from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        order by 1`,
    );
    expect(
      functions.map((f) => f.name).filter((name) => definedIn.get(name)?.length !== 1),
      'functions without exactly one definition in prisma/functions (one that is gone is dropped by a migration)',
    ).toEqual([]);
    expect([...definedIn.keys()].sort()).toEqual(functions.map((f) => f.name));
  });

  it('the Prisma client reads every model', async () => {
    const d = t.db as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>;
    for (const m of models) {
      const delegate = m.name[0]!.toLowerCase() + m.name.slice(1);
      await expect(d[delegate]!.findMany({ take: 1 })).resolves.toEqual([]);
    }
  });
});

// The audit trail of everything the key sees, newest first: who did what to which target, when,
// and what changed, before → after (brand/changes.ts words it as the brand page does). Filtered by
// brand, actor and action on the service; paged back through all of it (last/before: each page's
// cursor is kept, so Newer returns to the same page); exported as CSV (the REST list, same filters).
// The filters live in the URL's hash (as on the spends page), so Back returns to them.
import { useEffect, useRef, useState } from 'preact/hooks';
import { AUDIT_ACTIONS } from '../../../src/domain/audit.ts';
import { ApiError, gql, graphql } from '../api.ts';
import { changeLines, subject } from '../brand/changes.ts';
import { downloadCsv } from '../csv.ts';
import { Field, FormError } from '../Form.tsx';
import type { AuditPageQuery } from '../generated/graphql.ts';
import { zoneFormat } from '../zone.ts';
import { pickBrands, type PickBrand } from './brands.ts';

const AuditPage = graphql(`
  query AuditPage($last: Int!, $before: String, $brandId: ID, $actor: String, $action: String) {
    auditEntries(last: $last, before: $before, brandId: $brandId, actor: $actor, action: $action) {
      totalCount
      pageInfo {
        hasPreviousPage
        startCursor
      }
      edges {
        node {
          id
          actor
          action
          targetType
          targetId
          brandId
          before
          after
          occurredAt
        }
      }
    }
  }
`);

type Entry = AuditPageQuery['auditEntries']['edges'][number]['node'];
interface Filters {
  brandId: string;
  actor: string;
  action: string;
}

const PAGE = 50;
/** The filters as the REST list's query (and the hash's): brand, actor, action. */
const queryOf = (f: Filters) =>
  new URLSearchParams(Object.entries({ brand: f.brandId, actor: f.actor, action: f.action }).filter(([, v]) => v)).toString();

function fromHash(): Filters {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return { brandId: query.get('brand') ?? '', actor: query.get('actor') ?? '', action: query.get('action') ?? '' };
}

const utc = zoneFormat('UTC', { dateStyle: 'medium', timeStyle: 'short' }, 'en-GB');
const local = (timezone: string) => zoneFormat(timezone, { dateStyle: 'medium', timeStyle: 'short' }, 'en-GB');

/** The name a campaign has in the entries of this page (its entries carry it), else undefined. */
function campaignNames(entries: Entry[]) {
  const names = new Map<string, string>();
  for (const e of entries) {
    if (e.targetType !== 'Campaign') continue;
    const side = JSON.parse(e.after ?? e.before ?? 'null') as { name?: string } | null;
    if (side?.name && !names.has(e.targetId)) names.set(e.targetId, side.name);
  }
  return (id: string) => names.get(id);
}

export function Audit() {
  const [brands, setBrands] = useState<PickBrand[]>([]);
  const [draft, setDraft] = useState<Filters>(fromHash);
  const [filters, setFilters] = useState<Filters>(fromHash);
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // the `before` of each page seen, newest first
  const [answer, setAnswer] = useState<AuditPageQuery['auditEntries'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped

  useEffect(() => {
    pickBrands().then(setBrands, (e: Error) => setError(new ApiError(e.message, undefined, undefined)));
  }, []);
  useEffect(() => {
    const mine = ++latest.current;
    const vars = { last: PAGE, before: cursors.at(-1) ?? null, brandId: filters.brandId || null, actor: filters.actor || null };
    gql(AuditPage, { ...vars, action: filters.action || null }).then(
      (data) => mine === latest.current && (setAnswer(data.auditEntries), setError(null)),
      (e: ApiError) => mine === latest.current && (setAnswer(null), setError(e)),
    );
  }, [filters, cursors]);

  const entries = answer ? answer.edges.map((e) => e.node).reverse() : [];
  const nameOf = campaignNames(entries);
  const brandOf = (id: string | null | undefined) => brands.find((b) => b.id === id);
  const first = (cursors.length - 1) * PAGE + 1;
  const query = queryOf(filters);

  return (
    <main class="admin audit-page">
      <h2>Audit trail</h2>
      <form
        class="toolbar filters"
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          const next = { ...draft, actor: draft.actor.trim() };
          setFilters(next);
          setCursors([null]);
          history.replaceState(null, '', `#/audit${queryOf(next) ? `?${queryOf(next)}` : ''}`);
        }}
      >
        <Field
          form="audit"
          name="brandId"
          label="Brand"
          error={error}
          input={(p) => (
            <select {...p} value={draft.brandId} onChange={(e) => setDraft({ ...draft, brandId: e.currentTarget.value })}>
              <option value="">every brand</option>
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          form="audit"
          name="actor"
          label="Actor"
          error={error}
          input={(p) => (
            <input
              {...p}
              value={draft.actor}
              placeholder="a key's name"
              onInput={(e) => setDraft({ ...draft, actor: e.currentTarget.value })}
            />
          )}
        />
        <Field
          form="audit"
          name="action"
          label="Action"
          error={error}
          input={(p) => (
            <select {...p} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}>
              <option value="">every action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          )}
        />
        <button type="submit">Show</button>
        <button
          type="button"
          onClick={() => {
            setExportError(null);
            downloadCsv(`/api/audit-entries/${query ? `?${query}` : ''}`, 'audit.csv').catch((e: Error) => setExportError(e.message));
          }}
        >
          Export CSV
        </button>
      </form>
      <FormError error={error} fields={['brandId', 'actor', 'action']} />
      {exportError && (
        <p class="error" role="alert">
          {exportError}
        </p>
      )}
      {answer && (
        <>
          <p class="count" role="status">
            {answer.totalCount === 0
              ? 'No entry.'
              : `Entries ${first.toLocaleString('en-US')}–${(first + entries.length - 1).toLocaleString('en-US')} of ${answer.totalCount.toLocaleString('en-US')}, newest first`}
          </p>
          <ol class="audit" aria-label="Audit trail, newest first">
            {entries.map((a) => {
              const lines = changeLines(a, nameOf);
              const brand = brandOf(a.brandId);
              const at = new Date(a.occurredAt);
              return (
                <li key={a.id} data-action={a.action}>
                  <time dateTime={a.occurredAt}>{utc.format(at)} UTC</time>
                  {brand && brand.timezone !== 'UTC' && (
                    <span class="local">
                      {' '}
                      ({local(brand.timezone).format(at)} {brand.timezone})
                    </span>
                  )}{' '}
                  <strong>{a.action}</strong>{' '}
                  {brand ? (
                    <a href={`#/brands/${brand.id}`}>{a.targetType === 'Brand' ? brand.name : `${subject(a, nameOf)} (${brand.name})`}</a>
                  ) : (
                    <span>{subject(a, nameOf) === a.targetType ? `${a.targetType} ${a.targetId}` : subject(a, nameOf)}</span>
                  )}{' '}
                  <span class="by">by {a.actor}</span>
                  {lines.length > 0 && (
                    <ul class="changes" aria-label="Changed">
                      {lines.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
          <nav class="pager" aria-label="Pages of the audit trail">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              disabled={!answer.pageInfo.hasPreviousPage}
              onClick={() => setCursors([...cursors, answer.pageInfo.startCursor ?? null])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </main>
  );
}

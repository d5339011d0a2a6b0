// A brand's audit trail, newest first: who did what to it or its campaigns (the last 20), and
// what each change changed, before → after (changes.ts). Read again with each whole read of the
// page (`round`).
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import { ExportCsv } from '../ExportCsv.tsx';
import type { BrandAuditQuery } from '../generated/graphql.ts';
import { changeLines, subject } from './changes.ts';
import type { BrandCampaign } from './types.ts';

const Audit = graphql(`
  query BrandAudit($brandId: ID) {
    auditEntries(brandId: $brandId, last: 20) {
      edges {
        node {
          id
          actor
          action
          targetType
          targetId
          before
          after
          occurredAt
        }
      }
    }
  }
`);

type AuditEntry = BrandAuditQuery['auditEntries']['edges'][number]['node'];

export function AuditTrail({
  brandId,
  campaigns,
  when,
  round,
  onError,
}: {
  brandId: string;
  /** to name the campaigns entries are about */
  campaigns: BrandCampaign[];
  /** an instant on the brand's clock */
  when: Intl.DateTimeFormat;
  round: number;
  onError: (message: string) => void;
}) {
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const nameOf = (id: string) => campaigns.find((c) => c.id === id)?.name;
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  useEffect(() => {
    const mine = ++latest.current;
    gql(Audit, { brandId }).then(
      (trail) => mine === latest.current && setAudit(trail.auditEntries.edges.map((e) => e.node).reverse()),
      (e: Error) => onError(e.message),
    );
  }, [brandId, round]);

  return (
    <>
      <h3>Audit trail</h3>
      <ExportCsv path={`/api/audit-entries/?brand=${brandId}`} filename="audit-trail.csv" what="audit trail" />
      <ol class="audit" aria-label="Audit trail, newest first">
        {audit.map((a) => {
          const lines = changeLines(a, nameOf);
          return (
            <li key={a.id} data-action={a.action}>
              <time dateTime={a.occurredAt}>{when.format(new Date(a.occurredAt))}</time> <strong>{a.action}</strong> {subject(a, nameOf)}{' '}
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
    </>
  );
}

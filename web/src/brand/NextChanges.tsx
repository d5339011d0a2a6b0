// What changes next on its own, per campaign: the service's Campaign.nextChange (one query for the
// brand's campaigns), worded by upcoming.ts on the brand's clock. Read again with each whole read
// of the page (`round`).
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import { describe, upcoming, type Upcoming } from './upcoming.ts';

const NextChangesQuery = graphql(`
  query BrandNextChanges($id: ID!) {
    brand(id: $id) {
      id
      campaigns(first: 500) {
        edges {
          node {
            id
            name
            status
            nextChange {
              at
              reason
              toStatus
              toReason
            }
          }
        }
      }
    }
  }
`);

export function NextChanges({ brandId, timezone, round }: { brandId: string; timezone: string; round: number }) {
  const [list, setList] = useState<Upcoming[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0); // an answer that arrives after a newer request's is dropped
  useEffect(() => {
    const mine = ++latest.current;
    gql(NextChangesQuery, { id: brandId }).then(
      ({ brand }) => {
        if (mine !== latest.current) return;
        setList(upcoming(brand?.campaigns.edges.map((e) => e.node) ?? []));
        setError(null);
      },
      (e: Error) => mine === latest.current && setError(e.message),
    );
  }, [brandId, round]);

  const now = Date.now();
  return (
    <>
      <h3>Next changes</h3>
      {error ? (
        <p class="error" role="alert">
          What changes next could not be read: {error}
        </p>
      ) : list === null ? (
        <p class="hint">Asking the engine…</p>
      ) : list.length === 0 ? (
        <p class="hint">Nothing changes on its own in the next 8 days.</p>
      ) : (
        <ul class="upcoming">
          {list.map((u) => (
            <li key={u.campaignName}>
              <strong>{u.campaignName}</strong> {describe(u, timezone, now)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

// `budget verify [--json]`: the invariants (src/reads/verify.ts) as a report; exit 0 when they
// all hold, 1 with the reasons when one does not.
import { db } from '../db/index.ts';
import { verify, type Verification } from '../reads/verify.ts';

export async function verifyCommand(json: boolean): Promise<number> {
  const result = await verify(db());
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : report(result));
  return result.ok ? 0 : 1;
}

export function report(result: Verification): string {
  const lines = [`budget verify at ${result.at} (${result.ms} ms): ${result.ok ? 'every invariant holds' : 'INVARIANTS BROKEN'}`];
  for (const check of result.checks) {
    lines.push(
      `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.checked}${check.ok ? '' : ` — ${check.count} problem${check.count === 1 ? '' : 's'}`}`,
    );
    for (const problem of check.problems) lines.push(`         ${problem}`);
    if (check.count > check.problems.length) lines.push(`         … and ${check.count - check.problems.length} more`);
    for (const pending of check.pending ?? []) lines.push(`         pending: ${pending}`);
    for (const note of check.notes ?? []) lines.push(`         note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

import { Row } from './suite';

const cell = (value: unknown) => String(value).replace(/\|/g, '\\|');

/** The one table docs/reliability.md keeps: a row per drill, then its checks. */
export function formatTable(rows: Row[]): string {
  const head = [
    '| fault | requests | answers by status | 2xx writes checked after recovery | half-done writes | recovery (s) | secrets in errors/logs | checks | time (s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const lines = rows.map(row => {
    const passed = row.checks.filter(c => c.ok).length;
    const failed = row.checks
      .filter(c => !c.ok)
      .map(c => `FAIL ${c.name}${c.open ? ` (${c.open})` : ''}`);
    return `| ${[
      row.drill,
      row.requests,
      row.byStatus,
      row.writesChecked,
      row.halfDone,
      row.recoverySeconds,
      row.secretsFound,
      [`${passed}/${row.checks.length} pass`, ...failed].join('; '),
      row.seconds,
    ]
      .map(cell)
      .join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}

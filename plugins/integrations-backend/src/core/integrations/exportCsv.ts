import { ExportedIntegration } from '@integrations-hub/backstage-plugin-integrations-common';

const COLUMNS: Array<[string, (item: ExportedIntegration) => string]> = [
  ['name', i => i.name],
  ['type', i => i.type],
  ['owner', i => i.owner],
  ['description', i => i.description ?? ''],
  ['urls', i => i.urls.map(u => u.url).join(';')],
  ['projects', i => i.projects.join(';')],
  ['credentialKeys', i => i.credentials.map(c => c.key).join(';')],
  ['credentialRotatedAt', i => i.credentials.map(c => c.rotatedAt).join(';')],
  [
    'credentialExpiresAt',
    i => i.credentials.map(c => c.expiresAt ?? '').join(';'),
  ],
  ['healthStatus', i => i.healthStatus ?? ''],
  ['lastUsedAt', i => i.lastUsedAt ?? ''],
  // Last, so files read by column position before it was added still read.
  [
    'credentialWriteOnly',
    i => i.credentials.map(c => String(c.writeOnly === true)).join(';'),
  ],
];

/**
 * One cell, safe to open in a spreadsheet: a leading = + - @ (or a tab or
 * carriage return, which some read past) gets a `'` so it is never run as a
 * formula; then RFC 4180 quoting.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/**
 * The export as CSV: a header line, then one line per integration; several
 * values (URLs, projects, keys and their dates, by position) joined with `;`.
 */
export function toCsv(items: ExportedIntegration[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const item of items) {
    lines.push(COLUMNS.map(([, cell]) => csvCell(cell(item))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

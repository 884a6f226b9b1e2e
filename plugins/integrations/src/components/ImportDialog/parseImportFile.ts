import { LIMITS } from '@integrations-hub/backstage-plugin-integrations-common';
import { parse as parseYaml } from 'yaml';

/** Most rows one import request takes (the API's limit). */
export const MAX_IMPORT_ROWS = 1000;

type ParsedImportFile =
  | { rows: unknown[] }
  | {
      problem: 'unreadable' | 'notAList' | 'empty' | 'tooMany';
      message?: string;
    };

/**
 * The rows of an import file: a JSON or YAML list of integrations, or
 * `{ integrations: [...] }`. JSON first, for its clearer errors; YAML aliases
 * are capped so a small file cannot expand into a huge one.
 */
export function parseImportFile(text: string): ParsedImportFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = parseYaml(text, { maxAliasCount: 100 });
    } catch (e) {
      return { problem: 'unreadable', message: (e as Error).message };
    }
  }
  const rows =
    data && typeof data === 'object' && !Array.isArray(data)
      ? (data as { integrations?: unknown }).integrations
      : data;
  if (!Array.isArray(rows)) return { problem: 'notAList' };
  if (rows.length === 0) return { problem: 'empty' };
  if (rows.length > MAX_IMPORT_ROWS) return { problem: 'tooMany' };
  return { rows };
}

/** Credential keys of a row as the file gives them; never a value. */
export function credentialKeysOf(row: unknown): string[] {
  const credentials = (row as { credentials?: unknown })?.credentials;
  if (!Array.isArray(credentials)) return [];
  return credentials
    .map(c => (c as { key?: unknown })?.key)
    .filter((key): key is string => typeof key === 'string')
    .map(key => key.slice(0, LIMITS.credentialKeyLength));
}

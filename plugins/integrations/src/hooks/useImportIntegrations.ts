import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ImportPreviewRow,
  IntegrationInput,
  integrationInputSchema,
  validationIssues,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsApiRef } from '../api/IntegrationsApi';
import { credentialKeysOf } from '../components/ImportDialog/parseImportFile';

/** A row of the preview: its name and credential keys, never a value. */
export interface ImportCheckedRow extends ImportPreviewRow {
  name: string;
  keys: string[];
}

/** Each row checked by the shared validation, the same rules as the API's. */
function validateImportRows(rows: unknown[]): ImportCheckedRow[] {
  return rows.map((row, index) => {
    const parsed = integrationInputSchema.safeParse(row);
    const name = (row as { name?: unknown })?.name;
    return {
      index,
      name: typeof name === 'string' ? name : '',
      keys: credentialKeysOf(row),
      errors: parsed.success ? [] : validationIssues(parsed.error),
    };
  });
}

interface State {
  rows?: unknown[];
  preview?: ImportCheckedRow[];
  loading: boolean;
  error?: Error;
}

/**
 * The import form: `check` validates the rows here, then asks the server for
 * a dry run; `importAll` creates them in one request, all or nothing.
 */
export function useImportIntegrations() {
  const api = useApi(integrationsApiRef);
  const [state, setState] = useState<State>({ loading: false });

  const check = useCallback(
    async (rows: unknown[]) => {
      const local = validateImportRows(rows);
      if (local.some(row => row.errors.length)) {
        setState({ rows, preview: local, loading: false });
        return;
      }
      setState({ rows, loading: true });
      try {
        const { rows: checked } = await api.importIntegrations(
          rows as IntegrationInput[],
          { dryRun: true },
        );
        const preview = local.map(row => ({
          ...row,
          errors: checked.find(c => c.index === row.index)?.errors ?? [],
        }));
        setState({ rows, preview, loading: false });
      } catch (error) {
        setState({ rows, loading: false, error: error as Error });
      }
    },
    [api],
  );

  const importAll = useCallback(async () => {
    const rows = state.rows as IntegrationInput[] | undefined;
    if (!rows) return undefined;
    setState(previous => ({ ...previous, loading: true, error: undefined }));
    try {
      const { created } = await api.importIntegrations(rows, {
        dryRun: false,
      });
      setState({ loading: false });
      return created;
    } catch (error) {
      setState(previous => ({
        ...previous,
        loading: false,
        error: error as Error,
      }));
      return undefined;
    }
  }, [api, state.rows]);

  const reset = useCallback(() => setState({ loading: false }), []);
  const valid =
    !!state.preview?.length && state.preview.every(row => !row.errors.length);

  return { ...state, valid, check, importAll, reset };
}

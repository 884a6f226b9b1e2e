import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ExportFormat,
  IntegrationFilters,
  integrationsApiRef,
} from '../api/IntegrationsApi';

/** Hands a Blob to the browser as a download named `fileName`. */
function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // After the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `run(format, filters)` downloads the export; `error` says why the last one failed. */
export function useExportIntegrations() {
  const api = useApi(integrationsApiRef);
  const [state, setState] = useState<{ loading: boolean; error?: Error }>({
    loading: false,
  });
  const run = useCallback(
    async (format: ExportFormat, filters: IntegrationFilters) => {
      setState({ loading: true });
      try {
        const blob = await api.exportIntegrations(format, filters);
        const day = new Date().toISOString().slice(0, 10);
        downloadBlob(blob, `integrations-${day}.${format}`);
        setState({ loading: false });
      } catch (error) {
        setState({ loading: false, error: error as Error });
      }
    },
    [api],
  );
  return { ...state, run };
}

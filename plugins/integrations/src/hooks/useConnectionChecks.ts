import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** A saved integration's check definition, health and last results. */
export function useConnectionChecks(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getConnectionChecks(integrationId),
    [api, integrationId],
  );
  return { value, loading, error, retry };
}

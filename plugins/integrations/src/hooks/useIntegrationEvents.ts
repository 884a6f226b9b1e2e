import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** An integration's history, newest first. */
export function useIntegrationEvents(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listIntegrationEvents(integrationId),
    [api, integrationId],
  );
  return { value, loading, error, retry };
}

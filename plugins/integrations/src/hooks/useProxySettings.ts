import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** Whether an integration can be called through the proxy, and how. */
export function useProxySettings(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getProxySettings(integrationId),
    [api, integrationId],
  );
  return { value, loading, error, retry };
}

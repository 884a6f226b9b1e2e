import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** Who used an integration's credentials; `retry` reloads after a change. */
export function useIntegrationUsage(id: string | undefined) {
  const api = useApi(integrationsApiRef);
  const { value, error, loading, retry } = useAsyncRetry(
    async () => (id ? (await api.getIntegrationUsage(id)).items : []),
    [api, id],
  );
  return { usage: value, error, loading, retry };
}

import { useApi } from '@backstage/core-plugin-api';
import { ListIntegrationsQuery } from '@integrations-hub/backstage-plugin-integrations-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** One page of integrations from the server; `retry` refetches after a change. */
export function useIntegrations(query: ListIntegrationsQuery) {
  const api = useApi(integrationsApiRef);
  const { type, q, project, offset, limit } = query;
  return useAsyncRetry(
    () => api.listIntegrations({ type, q, project, offset, limit }),
    // Compare the type filter by value: a new array each render must not refetch.
    [api, (type ?? []).join(','), q, project, offset, limit],
  );
}

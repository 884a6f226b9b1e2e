import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** The configured integration types (categories), fetched once per mount. */
export function useIntegrationTypes() {
  const api = useApi(integrationsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listIntegrationTypes(),
    [api],
  );
  return { types: value ?? [], loading, error };
}

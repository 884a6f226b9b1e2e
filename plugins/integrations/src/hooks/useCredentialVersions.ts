import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** An integration's credential versions (metadata only), with Roll back. */
export function useCredentialVersions(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listCredentialVersions(integrationId),
    [api, integrationId],
  );
  /** Makes a kept version current again; the list reloads. Throws on refusal. */
  const rollback = async (key: string, version: number) => {
    await api.rollbackCredential(integrationId, key, version);
    retry();
  };
  return { value, loading, error, retry, rollback };
}

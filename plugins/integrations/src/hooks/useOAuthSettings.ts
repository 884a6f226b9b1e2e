import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';

/** An integration's OAuth2 settings, and the switch that lets resolve return the client secret. */
export function useOAuthSettings(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getOAuthSettings(integrationId),
    [api, integrationId],
  );
  const [updateError, setUpdateError] = useState<Error>();
  const [saving, setSaving] = useState(false);
  const setClientSecretResolvable = useCallback(
    async (clientSecretResolvable: boolean) => {
      setSaving(true);
      setUpdateError(undefined);
      try {
        await api.updateOAuthSettings(integrationId, {
          clientSecretResolvable,
        });
        retry();
      } catch (e) {
        setUpdateError(e as Error);
      } finally {
        setSaving(false);
      }
    },
    [api, integrationId, retry],
  );
  return {
    value,
    loading,
    error,
    retry,
    saving,
    updateError,
    setClientSecretResolvable,
  };
}

import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { integrationsApiRef } from '../api/IntegrationsApi';
import { assignmentsOf } from '../assignments';
import { messageOf } from './useIntegrationEditor';

/** The integration's project assignments as stored now, with pause and resume. */
export function useProjectAssignments(integrationId: string) {
  const api = useApi(integrationsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => assignmentsOf(await api.getIntegration(integrationId)),
    [api, integrationId],
  );
  const [actionError, setActionError] = useState<string>();
  const act = async (action: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await action();
    } catch (e) {
      setActionError(messageOf(e));
      return false;
    }
    retry();
    return true;
  };
  return {
    value,
    loading,
    error,
    retry,
    actionError,
    pause: (project: string, reason: string) =>
      act(() =>
        api.pauseProjectAssignment(integrationId, project, reason || undefined),
      ),
    resume: (project: string) =>
      act(() => api.resumeProjectAssignment(integrationId, project)),
  };
}

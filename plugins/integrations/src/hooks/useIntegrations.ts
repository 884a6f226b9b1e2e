import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  IntegrationList,
  ListIntegrationsQuery,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsApiRef } from '../api/IntegrationsApi';

interface State {
  loading: boolean;
  value?: IntegrationList;
  error?: Error;
}

/**
 * One page of integrations from the server; `retry` refetches after a change.
 * A new query aborts the request of the previous one (a stale keystroke), so
 * the server stops its work and an older answer never replaces a newer one.
 * The last page stays in `value` while the next one loads.
 */
export function useIntegrations(query: ListIntegrationsQuery) {
  const api = useApi(integrationsApiRef);
  const {
    type,
    q,
    project,
    unused,
    expiresWithinDays,
    expired,
    cursor,
    limit,
  } = query;
  const [state, setState] = useState<State>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  // Compare the type filter by value: a new array each render must not refetch.
  const types = (type ?? []).join(',');

  useEffect(() => {
    const controller = new AbortController();
    setState(previous => ({ ...previous, loading: true }));
    api
      .listIntegrations(
        {
          type: types ? types.split(',') : undefined,
          q,
          project,
          ...(unused ? { unused } : {}),
          ...(expiresWithinDays ? { expiresWithinDays } : {}),
          ...(expired ? { expired } : {}),
          cursor,
          limit,
        },
        { signal: controller.signal },
      )
      .then(
        value => {
          if (!controller.signal.aborted) setState({ loading: false, value });
        },
        error => {
          if (!controller.signal.aborted)
            setState(previous => ({
              loading: false,
              value: previous.value,
              error,
            }));
        },
      );
    return () => controller.abort();
  }, [
    api,
    types,
    q,
    project,
    unused,
    expiresWithinDays,
    expired,
    cursor,
    limit,
    attempt,
  ]);

  return { ...state, retry: () => setAttempt(n => n + 1) };
}

import { useCallback } from 'react';
import {
  alertApiRef,
  coreApis,
  useApiHolder,
} from '@backstage/frontend-plugin-api';

/** How long a success notice stays up; warnings stay until dismissed. */
export const TOAST_TIMEOUT_MS = 5000;

interface Toast {
  title: string;
  status: 'success' | 'warning';
}

/**
 * Posts a short notice through the app's Toast API. Success toasts close by
 * themselves; warnings stay until dismissed.
 */
export function useToast() {
  const apis = useApiHolder();
  return useCallback(
    ({ title, status }: Toast) => {
      const toastApi = apis.get(coreApis.toast);
      if (toastApi) {
        toastApi.post({
          title,
          status,
          timeout: status === 'success' ? TOAST_TIMEOUT_MS : undefined,
        });
        return;
      }
      // Legacy apps (core-app-api) register no Toast API; their only notice channel is the Alert API.
      apis.get(alertApiRef)?.post({
        message: title,
        severity: status,
        display: status === 'success' ? 'transient' : 'permanent',
      });
    },
    [apis],
  );
}

import { useState } from 'react';
import { Box, Button, CircularProgress } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { integrationsTranslationRef } from '../../translation';
import { CheckResultView } from './CheckResultView';
import { ConnectionCheckDraft, ConnectionCheckRun } from './types';

interface TestConnectionProps {
  /** The saved integration being edited, if any. */
  integrationId?: string;
  /** True when the form differs from what is saved: the draft is tested instead. */
  dirty: boolean;
  /** The values as they stand in the form; undefined when they are not valid yet. */
  draft(): ConnectionCheckDraft | undefined;
  /** After a check of the saved integration, whose history changed. */
  onChecked?(): void;
}

const messageOf = (e: unknown) =>
  e instanceof ResponseError ? e.cause.message : (e as Error).message;

/** "Test connection": checks the saved integration, or the unsaved values once. */
export function TestConnection(props: TestConnectionProps) {
  const api = useApi(integrationsApiRef);
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<ConnectionCheckRun>();
  const [error, setError] = useState<string>();

  const test = async () => {
    setError(undefined);
    setRun(undefined);
    const saved = props.integrationId && !props.dirty;
    const draft = saved ? undefined : props.draft();
    if (!saved && !draft) {
      setError(t('connectionCheck.needsUrl'));
      return;
    }
    setRunning(true);
    try {
      const result = saved
        ? await api.checkIntegrationConnection(props.integrationId!)
        : await api.testConnectionDraft(draft!);
      setRun(result);
      if (saved) props.onChecked?.();
    } catch (e) {
      setError(t('connectionCheck.failed', { message: messageOf(e) }));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Box mt={2}>
      <Button
        variant="outlined"
        onClick={test}
        disabled={running}
        startIcon={running ? <CircularProgress size={16} /> : undefined}
      >
        {running ? t('connectionCheck.testing') : t('connectionCheck.test')}
      </Button>
      <Box mt={1}>
        {run && <CheckResultView run={run} />}
        {error && <Alert severity="error">{error}</Alert>}
      </Box>
    </Box>
  );
}

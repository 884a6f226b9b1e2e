import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { STATUS_MESSAGES } from './HealthDot';
import { ConnectionCheckResult, ConnectionCheckRun } from './types';

const SEVERITY = {
  healthy: 'success',
  unhealthy: 'error',
  error: 'warning',
} as const;

/** `HTTP 401 · 84 ms · <reason>` for one URL's result; a reason that only repeats the code is left out. */
export function summaryOf(result: ConnectionCheckResult, t: IntegrationsT) {
  const code =
    result.httpStatus !== undefined
      ? t('connectionCheck.httpStatus', { status: String(result.httpStatus) })
      : undefined;
  return [
    code,
    t('connectionCheck.latency', { ms: String(result.latencyMs) }),
    result.reason !== code ? result.reason : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The outcome of "Test connection": status, then per URL the code, latency and reason. */
export function CheckResultView({ run }: { run: ConnectionCheckRun }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <Alert
      severity={SEVERITY[run.status]}
      role="status"
      aria-label={t('connectionCheck.result')}
    >
      <Typography variant="subtitle2" component="p">
        {t(STATUS_MESSAGES[run.status])}
      </Typography>
      {run.results.map(result => (
        <Typography
          key={`${result.urlIndex}-${result.url}`}
          variant="body2"
          component="p"
          style={{ overflowWrap: 'anywhere' }}
        >
          {result.url ? `${result.url}: ` : ''}
          {summaryOf(result, t)}
        </Typography>
      ))}
    </Alert>
  );
}

import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { STATUS_LABELS } from './HealthDot';
import { ConnectionCheckResult, ConnectionCheckRun } from './types';

const SEVERITY = {
  healthy: 'success',
  unhealthy: 'error',
  error: 'warning',
} as const;

/** `HTTP 401 · 84 ms · <reason>` for one URL's result; a reason that only repeats the code is left out. */
export function summaryOf(result: ConnectionCheckResult) {
  const code =
    result.httpStatus !== undefined ? `HTTP ${result.httpStatus}` : undefined;
  return [
    code,
    `${result.latencyMs} ms`,
    result.reason !== code ? result.reason : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The outcome of "Test connection": status, then per URL the code, latency and reason. */
export function CheckResultView({ run }: { run: ConnectionCheckRun }) {
  return (
    <Alert
      severity={SEVERITY[run.status]}
      role="status"
      aria-label="Connection check result"
    >
      <Typography variant="subtitle2" component="p">
        {STATUS_LABELS[run.status]}
      </Typography>
      {run.results.map(result => (
        <Typography
          key={`${result.urlIndex}-${result.url}`}
          variant="body2"
          component="p"
          style={{ overflowWrap: 'anywhere' }}
        >
          {result.url ? `${result.url}: ` : ''}
          {summaryOf(result)}
        </Typography>
      ))}
    </Alert>
  );
}

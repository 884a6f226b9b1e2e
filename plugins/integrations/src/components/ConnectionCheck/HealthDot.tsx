import { makeStyles, Tooltip } from '@material-ui/core';
import { CheckStatus, IntegrationHealth } from './types';

const COLORS: Record<CheckStatus | 'unknown', string> = {
  healthy: '#2e7d32',
  unhealthy: '#c62828',
  error: '#ef6c00',
  unknown: '#9e9e9e',
};

export const STATUS_LABELS: Record<CheckStatus, string> = {
  healthy: 'Healthy',
  unhealthy: 'Failing',
  error: 'Check error',
};

const useStyles = makeStyles({
  dot: {
    display: 'inline-block',
    flex: 'none',
    width: 10,
    height: 10,
    borderRadius: '50%',
  },
});

/** A coloured dot for an integration's last connection check; grey when never checked. */
export function HealthDot({ health }: { health?: IntegrationHealth }) {
  const classes = useStyles();
  const label = health
    ? `Health: ${STATUS_LABELS[health.status]}, checked ${new Date(
        health.checkedAt,
      ).toLocaleString()}`
    : 'Health: not checked yet';
  return (
    <Tooltip title={label}>
      <span
        role="img"
        aria-label={label}
        data-testid="health-dot"
        data-status={health?.status ?? 'unknown'}
        className={classes.dot}
        style={{ backgroundColor: COLORS[health?.status ?? 'unknown'] }}
      />
    </Tooltip>
  );
}

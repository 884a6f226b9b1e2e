import { makeStyles, Tooltip } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { CheckStatus, IntegrationHealth } from './types';

const COLORS: Record<CheckStatus | 'unknown', string> = {
  healthy: '#2e7d32',
  unhealthy: '#c62828',
  error: '#ef6c00',
  unknown: '#9e9e9e',
};

/** The message of each check status. */
export const STATUS_MESSAGES = {
  healthy: 'health.healthy',
  unhealthy: 'health.unhealthy',
  error: 'health.error',
} as const satisfies Record<CheckStatus, string>;

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
  const { t } = useTranslationRef(integrationsTranslationRef);
  const label = health
    ? t('health.checked', {
        status: t(STATUS_MESSAGES[health.status]),
        when: new Date(health.checkedAt).toLocaleString(),
      })
    : t('health.notChecked');
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

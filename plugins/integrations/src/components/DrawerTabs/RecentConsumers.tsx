import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';
import { relativeTime, usedWithin } from './relativeTime';

const RECENT_DAYS = 7;

/**
 * Before a change that cuts access (pause, remove, delete, rotate, roll back):
 * the consumers that used it recently, i.e. what may break.
 */
export function RecentConsumers(props: {
  usage?: UsageRecord[];
  /** Only uses for these projects (e.g. the one being paused). */
  projects?: string[];
  /** What the user is about to do, e.g. "Pausing component:default/checkout". */
  action: string;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const recent = (props.usage ?? []).filter(
    u =>
      usedWithin(u.lastUsedAt, RECENT_DAYS) &&
      (!props.projects || props.projects.includes(u.project)),
  );
  if (!recent.length) return null;
  return (
    <Alert
      severity="warning"
      role="alert"
      aria-label={t('usage.recentConsumers')}
    >
      {t('usage.recentConsumersWarning', {
        action: props.action,
        days: String(RECENT_DAYS),
        consumers: recent
          .map(u =>
            t('usage.recentConsumer', {
              consumer: u.consumer,
              project: u.project,
              when: relativeTime(u.lastUsedAt),
            }),
          )
          .join('; '),
      })}
    </Alert>
  );
}

import Alert from '@material-ui/lab/Alert';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { relativeTime, usedWithin } from './relativeTime';

export const RECENT_DAYS = 7;

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
  const recent = (props.usage ?? []).filter(
    u =>
      usedWithin(u.lastUsedAt, RECENT_DAYS) &&
      (!props.projects || props.projects.includes(u.project)),
  );
  if (!recent.length) return null;
  return (
    <Alert severity="warning" role="alert" aria-label="Recent consumers">
      {props.action} affects consumers that used it in the last {RECENT_DAYS}{' '}
      days:{' '}
      {recent
        .map(u => `${u.consumer} (${u.project}, ${relativeTime(u.lastUsedAt)})`)
        .join('; ')}
    </Alert>
  );
}

import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';
import { relativeTime } from './relativeTime';

/** "Used by": each consumer and project that resolved the credentials, most recent first. */
export function UsedBy(props: { usage?: UsageRecord[]; error?: Error }) {
  const { usage, error } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  if (error)
    return (
      <Typography color="error">
        {t('usage.unavailable', { message: error.message })}
      </Typography>
    );
  if (!usage) return null;
  if (!usage.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('usage.none')}
      </Typography>
    );
  }
  return (
    <List dense aria-label={t('usage.usedBy')}>
      {usage.map(u => (
        <ListItem key={`${u.consumer} ${u.project}`} disableGutters>
          <ListItemText
            primary={t('usage.consumer', {
              consumer: u.consumer,
              project: u.project,
            })}
            secondary={t('usage.detail', {
              count: u.totalCount,
              when: relativeTime(u.lastUsedAt),
              since: new Date(u.firstUsedAt).toLocaleDateString(),
            })}
          />
        </ListItem>
      ))}
    </List>
  );
}

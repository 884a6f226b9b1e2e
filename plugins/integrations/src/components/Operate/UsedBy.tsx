import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { relativeTime } from './relativeTime';

/** "Used by": each consumer and project that resolved the credentials, most recent first. */
export function UsedBy(props: { usage?: UsageRecord[]; error?: Error }) {
  const { usage, error } = props;
  if (error)
    return (
      <Typography color="error">Usage unavailable: {error.message}</Typography>
    );
  if (!usage) return null;
  if (!usage.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No service has resolved these credentials yet.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Used by">
      {usage.map(u => (
        <ListItem key={`${u.consumer} ${u.project}`} disableGutters>
          <ListItemText
            primary={`${u.consumer} · ${u.project}`}
            secondary={`Last used ${relativeTime(u.lastUsedAt)} · ${
              u.totalCount
            } use${u.totalCount === 1 ? '' : 's'} since ${new Date(
              u.firstUsedAt,
            ).toLocaleDateString()}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

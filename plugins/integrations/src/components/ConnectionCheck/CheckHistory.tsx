import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { summaryOf } from './CheckResultView';
import { HealthDot, STATUS_LABELS } from './HealthDot';

/** The last connection check results of a saved integration, newest first. */
export function CheckHistory(props: {
  integrationId: string;
  refreshKey: number;
}) {
  const api = useApi(integrationsApiRef);
  const { value, error } = useAsync(
    () => api.getConnectionChecks(props.integrationId),
    [api, props.integrationId, props.refreshKey],
  );
  if (error)
    return (
      <Typography color="error">
        Check history unavailable: {error.message}
      </Typography>
    );
  if (value && !value.history.length)
    return (
      <Typography variant="body2" color="textSecondary">
        Not checked yet.
      </Typography>
    );
  return (
    <List dense aria-label="Connection checks">
      {(value?.history ?? []).map((result, index) => (
        <ListItem
          key={`${result.checkedAt}-${result.urlIndex}-${index}`}
          disableGutters
        >
          <ListItemIcon style={{ minWidth: 20 }}>
            <HealthDot
              health={{
                status: result.status,
                checkedAt: result.checkedAt,
                changedAt: result.checkedAt,
              }}
            />
          </ListItemIcon>
          <ListItemText
            primary={`${STATUS_LABELS[result.status]} · ${summaryOf(result)}`}
            secondary={`${new Date(result.checkedAt).toLocaleString()} · ${
              result.trigger === 'manual' ? 'tested by a user' : 'scheduled'
            }${result.url ? ` · ${result.url}` : ''}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

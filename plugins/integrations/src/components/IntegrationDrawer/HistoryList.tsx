import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { IntegrationEvent } from '@integrations-hub/backstage-plugin-integrations-common';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../../api/IntegrationsApi';

const LABELS: Record<IntegrationEvent['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  deleted: 'Deleted',
  'credential.rotated': 'Rotated credential',
  'credential.revealed': 'Revealed credential',
  'credential.used': 'Credentials used',
  'project.assigned': 'Assigned project',
  'project.removed': 'Removed project',
  'project.paused': 'Paused project',
  'project.resumed': 'Resumed project',
  'credential.rolled-back': 'Rolled back credential',
};

function describe(event: IntegrationEvent): string {
  const d = event.detail as Record<string, unknown>;
  const parts = [
    d.key,
    d.project,
    typeof d.restoredVersion === 'number'
      ? `to version ${d.restoredVersion}`
      : undefined,
    d.reason,
    Array.isArray(d.keys) ? (d.keys as string[]).join(', ') : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The integration's history: who changed, revealed or used what, and when. */
export function HistoryList(props: {
  integrationId: string;
  refreshKey: number;
}) {
  const api = useApi(integrationsApiRef);
  const { value, error } = useAsync(
    () => api.getEvents(props.integrationId),
    [api, props.integrationId, props.refreshKey],
  );
  if (error)
    return (
      <Typography color="error">
        History unavailable: {error.message}
      </Typography>
    );
  return (
    <List dense aria-label="History">
      {(value ?? []).map(event => (
        <ListItem key={event.id} disableGutters>
          <ListItemText
            primary={`${LABELS[event.action] ?? event.action}${
              describe(event) ? `: ${describe(event)}` : ''
            }`}
            secondary={`${event.actor} · ${new Date(
              event.at,
            ).toLocaleString()}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

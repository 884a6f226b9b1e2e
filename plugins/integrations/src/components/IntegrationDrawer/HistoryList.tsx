import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationEvent } from '@integrations-hub/backstage-plugin-integrations-common';
import { useIntegrationEvents } from '../../hooks/useIntegrationEvents';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';

const LABELS = {
  created: 'history.created',
  updated: 'history.updated',
  deleted: 'history.deleted',
  'credential.rotated': 'history.credentialRotated',
  'credential.revealed': 'history.credentialRevealed',
  'credential.used': 'history.credentialUsed',
  'credential.rolled-back': 'history.credentialRolledBack',
  'credential.write-only': 'history.credentialWriteOnly',
  'oauth2.client-secret-resolvable': 'history.oauthSecretResolvable',
  'oauth2.client-secret-withheld': 'history.oauthSecretWithheld',
  'assignment.added': 'history.assignmentAdded',
  'assignment.removed': 'history.assignmentRemoved',
  'assignment.paused': 'history.assignmentPaused',
  'assignment.resumed': 'history.assignmentResumed',
  // Entries written before 0.4.0 name the same changes so; shown alike.
  'project.assigned': 'history.assignmentAdded',
  'project.removed': 'history.assignmentRemoved',
  'project.paused': 'history.assignmentPaused',
  'project.resumed': 'history.assignmentResumed',
} as const satisfies Record<IntegrationEvent['action'], string>;

function label(event: IntegrationEvent, t: IntegrationsT): string {
  // A newer server may record actions this version has no label for.
  const key: (typeof LABELS)[keyof typeof LABELS] | undefined =
    LABELS[event.action];
  return key ? t(key) : event.action;
}

function describe(event: IntegrationEvent, t: IntegrationsT): string {
  const d = event.detail as Record<string, unknown>;
  const parts = [
    d.key,
    d.project,
    typeof d.restoredVersion === 'number'
      ? t('history.toVersion', { version: String(d.restoredVersion) })
      : undefined,
    d.reason,
    Array.isArray(d.keys) ? (d.keys as string[]).join(', ') : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The integration's history: who changed, revealed or used what, and when. */
export function HistoryList(props: { integrationId: string }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const { value, error } = useIntegrationEvents(props.integrationId);
  if (error)
    return (
      <Typography color="error">
        {t('drawer.historyUnavailable', { message: error.message })}
      </Typography>
    );
  return (
    <List dense aria-label={t('drawer.history')}>
      {(value ?? []).map(event => (
        <ListItem key={event.id} disableGutters>
          <ListItemText
            primary={[label(event, t), describe(event, t)]
              .filter(Boolean)
              .join(': ')}
            secondary={`${event.actor} · ${new Date(
              event.at,
            ).toLocaleString()}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

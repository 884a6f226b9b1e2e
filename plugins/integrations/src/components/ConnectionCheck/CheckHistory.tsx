import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useConnectionChecks } from '../../hooks/useConnectionChecks';
import { integrationsTranslationRef } from '../../translation';
import { summaryOf } from './CheckResultView';
import { HealthDot, STATUS_MESSAGES } from './HealthDot';

/** The last connection check results of a saved integration, newest first. */
export function CheckHistory(props: { integrationId: string }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const { value, error } = useConnectionChecks(props.integrationId);
  if (error)
    return (
      <Typography color="error">
        {t('connectionCheck.historyUnavailable', { message: error.message })}
      </Typography>
    );
  if (value && !value.history.length)
    return (
      <Typography variant="body2" color="textSecondary">
        {t('connectionCheck.notChecked')}
      </Typography>
    );
  return (
    <List dense aria-label={t('connectionCheck.history')}>
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
            primary={`${t(STATUS_MESSAGES[result.status])} · ${summaryOf(
              result,
              t,
            )}`}
            secondary={[
              new Date(result.checkedAt).toLocaleString(),
              result.trigger === 'manual'
                ? t('connectionCheck.byUser')
                : t('connectionCheck.scheduled'),
              result.url,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        </ListItem>
      ))}
    </List>
  );
}

import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemText,
  Tooltip,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CredentialVersion,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { useCredentialVersions } from '../../hooks/useCredentialVersions';
import { messageOf } from '../../hooks/useIntegrationEditor';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { RollbackConfirm } from './RollbackConfirm';

const describe = (v: CredentialVersion, t: IntegrationsT) =>
  [
    t('versions.created', { when: new Date(v.createdAt).toLocaleString() }),
    v.createdBy ? t('versions.createdBy', { who: v.createdBy }) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

const ellipsis = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * Each credential's current and kept versions (never values), with Roll back.
 * The outcome is said here, in the open drawer, not in a toast over its Save.
 */
export function VersionsList(props: {
  integrationId: string;
  canUpdate: boolean;
  usage?: UsageRecord[];
}) {
  const { integrationId, canUpdate, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [notice, setNotice] = useState<string>();
  const [confirming, setConfirming] = useState<CredentialVersion>();
  const [busy, setBusy] = useState(false);
  const [rollbackError, setRollbackError] = useState<string>();
  const {
    value,
    error,
    rollback: rollBack,
  } = useCredentialVersions(integrationId);
  if (error)
    return (
      <Typography color="error">
        {t('versions.unavailable', { message: error.message })}
      </Typography>
    );
  const rollback = async (v: CredentialVersion) => {
    setBusy(true);
    setRollbackError(undefined);
    setNotice(undefined);
    try {
      await rollBack(v.key, v.version);
      setConfirming(undefined);
      setNotice(
        t('versions.rolledBackNotice', {
          key: v.key,
          version: String(v.version),
        }),
      );
    } catch (e) {
      setRollbackError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {rollbackError && <Alert severity="error">{rollbackError}</Alert>}
      <Typography variant="body2" color="textSecondary" role="status">
        {notice}
      </Typography>
      <List dense aria-label={t('versions.list')}>
        {(value ?? []).map(v => (
          <ListItem
            key={`${v.key} ${v.version}`}
            disableGutters
            style={{ display: 'block' }}
          >
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <ListItemText
                primary={t('versions.version', {
                  key: v.key,
                  version: String(v.version),
                })}
                secondary={
                  <>
                    {describe(v, t)}
                    <Tooltip title={v.keyId}>
                      <span style={{ display: 'block', ...ellipsis }}>
                        {t('versions.keyId', { keyId: v.keyId })}
                      </span>
                    </Tooltip>
                  </>
                }
                // A flex child shrinks only with minWidth 0; the key id then ends in "…".
                style={{ flex: 1, minWidth: 0 }}
              />
              {v.current && (
                <Chip
                  size="small"
                  color="primary"
                  label={t('versions.current')}
                />
              )}
              {!v.current && canUpdate && confirming !== v && (
                <Button
                  size="small"
                  style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
                  aria-label={t('versions.rollBackLabel', {
                    key: v.key,
                    version: String(v.version),
                  })}
                  onClick={() => setConfirming(v)}
                >
                  {t('versions.rollBack')}
                </Button>
              )}
            </Box>
            {confirming === v && (
              <RollbackConfirm
                version={v}
                usage={usage}
                busy={busy}
                onConfirm={() => rollback(v)}
                onCancel={() => setConfirming(undefined)}
              />
            )}
          </ListItem>
        ))}
      </List>
    </>
  );
}

import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CredentialVersion,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { RecentConsumers } from './RecentConsumers';

const describe = (v: CredentialVersion, t: IntegrationsT) =>
  [
    t('versions.created', { when: new Date(v.createdAt).toLocaleString() }),
    v.createdBy ? t('versions.createdBy', { who: v.createdBy }) : undefined,
    t('versions.keyId', { keyId: v.keyId }),
  ]
    .filter(Boolean)
    .join(' · ');

/** Each credential's current and kept versions (never values), with Roll back. */
export function VersionsList(props: {
  integrationId: string;
  canUpdate: boolean;
  usage?: UsageRecord[];
  refreshKey: number;
  onRollback(key: string, version: number): Promise<void>;
}) {
  const { integrationId, canUpdate, usage, refreshKey } = props;
  const api = useApi(integrationsApiRef);
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [confirming, setConfirming] = useState<CredentialVersion>();
  const [busy, setBusy] = useState(false);
  const { value, error } = useAsync(
    () => api.listCredentialVersions(integrationId),
    [api, integrationId, refreshKey],
  );
  if (error)
    return (
      <Typography color="error">
        {t('versions.unavailable', { message: error.message })}
      </Typography>
    );
  const rollback = async (v: CredentialVersion) => {
    setBusy(true);
    try {
      await props.onRollback(v.key, v.version);
      setConfirming(undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <List dense aria-label={t('operate.credentialVersions')}>
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
              secondary={describe(v, t)}
              // A flex child shrinks only with minWidth 0; the key id then wraps.
              style={{ flex: 1, minWidth: 0 }}
              secondaryTypographyProps={{ style: { overflowWrap: 'anywhere' } }}
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
            <Box mb={1}>
              <RecentConsumers
                usage={usage}
                action={t('operate.rollingBack', { key: v.key })}
              />
              <Typography variant="body2">
                {t('versions.rollBackNote', { version: String(v.version) })}
              </Typography>
              <Box display="flex" style={{ gap: 8 }}>
                <Button
                  size="small"
                  variant="contained"
                  color="secondary"
                  disabled={busy}
                  onClick={() => rollback(v)}
                >
                  {t('versions.confirmRollBack')}
                </Button>
                <Button size="small" onClick={() => setConfirming(undefined)}>
                  {t('versions.cancel')}
                </Button>
              </Box>
            </Box>
          )}
        </ListItem>
      ))}
    </List>
  );
}

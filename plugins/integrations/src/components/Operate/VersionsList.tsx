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
import { useApi } from '@backstage/core-plugin-api';
import {
  CredentialVersion,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { RecentConsumers } from './RecentConsumers';

const describe = (v: CredentialVersion) =>
  [
    `created ${new Date(v.createdAt).toLocaleString()}`,
    v.createdBy ? `by ${v.createdBy}` : undefined,
    `key ${v.keyId}`,
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
  const [confirming, setConfirming] = useState<CredentialVersion>();
  const [busy, setBusy] = useState(false);
  const { value, error } = useAsync(
    () => api.listCredentialVersions(integrationId),
    [api, integrationId, refreshKey],
  );
  if (error)
    return (
      <Typography color="error">
        Versions unavailable: {error.message}
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
    <List dense aria-label="Credential versions">
      {(value ?? []).map(v => (
        <ListItem
          key={`${v.key} ${v.version}`}
          disableGutters
          style={{ display: 'block' }}
        >
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <ListItemText
              primary={`${v.key} · version ${v.version}`}
              secondary={describe(v)}
              // A flex child shrinks only with minWidth 0; the key id then wraps.
              style={{ flex: 1, minWidth: 0 }}
              secondaryTypographyProps={{ style: { overflowWrap: 'anywhere' } }}
            />
            {v.current && <Chip size="small" color="primary" label="Current" />}
            {!v.current && canUpdate && confirming !== v && (
              <Button
                size="small"
                style={{ whiteSpace: 'nowrap', flexShrink: 0 }}
                aria-label={`Roll back ${v.key} to version ${v.version}`}
                onClick={() => setConfirming(v)}
              >
                Roll back
              </Button>
            )}
          </Box>
          {confirming === v && (
            <Box mb={1}>
              <RecentConsumers usage={usage} action={`Rolling back ${v.key}`} />
              <Typography variant="body2">
                Version {v.version} becomes current as a new version; the
                current value is kept and can be restored.
              </Typography>
              <Box display="flex" style={{ gap: 8 }}>
                <Button
                  size="small"
                  variant="contained"
                  color="secondary"
                  disabled={busy}
                  onClick={() => rollback(v)}
                >
                  Confirm roll back
                </Button>
                <Button size="small" onClick={() => setConfirming(undefined)}>
                  Cancel
                </Button>
              </Box>
            </Box>
          )}
        </ListItem>
      ))}
    </List>
  );
}

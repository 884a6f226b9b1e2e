import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  FormControlLabel,
  Switch,
  Tooltip,
  Typography,
} from '@material-ui/core';
import LockIcon from '@material-ui/icons/Lock';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { CredentialRow } from './formState';

/** The mark of a saved write-only credential, with what it means on hover or focus. */
export function WriteOnlyMark() {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <Tooltip title={t('drawer.writeOnlyMark')}>
      <Chip
        size="small"
        icon={<LockIcon fontSize="small" />}
        label={t('drawer.writeOnly')}
        // Focusable, so keyboard users reach the tooltip too.
        tabIndex={0}
        style={{ marginTop: 16, flexShrink: 0 }}
      />
    </Tooltip>
  );
}

/**
 * Turns write-only on after a confirm that says it is one-way; off again only
 * before it is saved. A saved write-only credential shows its mark instead.
 */
export function WriteOnlySwitch(props: {
  row: CredentialRow;
  onChange(patch: Partial<CredentialRow>): void;
}) {
  const { row, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [confirming, setConfirming] = useState(false);
  const key = row.key.trim() || t('drawer.credentials');
  if (row.savedWriteOnly) return null;
  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            size="small"
            checked={!!row.writeOnly || confirming}
            inputProps={{
              'aria-label': t('drawer.writeOnlyLabel', { key }),
            }}
            onChange={e =>
              e.target.checked
                ? setConfirming(true)
                : onChange({ writeOnly: false })
            }
          />
        }
        label={<Typography variant="body2">{t('drawer.writeOnly')}</Typography>}
        // The default negative margin puts the track on the group's border.
        style={{ marginLeft: 0 }}
      />
      {confirming && (
        <Box
          role="group"
          aria-label={t('drawer.writeOnlyConfirmTitle', { key })}
          mt={1}
          p={1}
          bgcolor="background.default"
          borderRadius={4}
        >
          <Typography variant="subtitle2">
            {t('drawer.writeOnlyConfirmTitle', { key })}
          </Typography>
          <Typography variant="body2">
            {t('drawer.writeOnlyConfirmText')}
          </Typography>
          <Box display="flex" mt={1} style={{ gap: 8 }}>
            <Button
              size="small"
              variant="contained"
              color="secondary"
              onClick={() => {
                setConfirming(false);
                onChange({ writeOnly: true });
              }}
            >
              {t('drawer.writeOnlyConfirm')}
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              {t('drawer.writeOnlyCancel')}
            </Button>
          </Box>
        </Box>
      )}
    </Box>
  );
}

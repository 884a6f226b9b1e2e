import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  IconButton,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import VisibilityIcon from '@material-ui/icons/Visibility';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { CredentialRow, FieldErrors } from './formState';

const MASK = '••••••••••••';

function secretHint(row: CredentialRow, t: IntegrationsT) {
  if (!row.saved) return undefined;
  if (row.overwrite) return t('drawer.secretRotatesOnSave');
  return row.rotatedAt
    ? t('drawer.secretSavedRotated', {
        date: new Date(row.rotatedAt).toLocaleDateString(),
      })
    : t('drawer.secretSaved');
}

export function CredentialRows(props: {
  credentials: CredentialRow[];
  errors: FieldErrors;
  /** The type's rotation overlap window, what an empty overlap field means. */
  typeOverlapMinutes?: number;
  canReveal: boolean;
  onReveal?(key: string): Promise<string | undefined>;
  onChange(credentials: CredentialRow[]): void;
}) {
  const { credentials, errors, canReveal, onReveal, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const update = (index: number, patch: Partial<CredentialRow>) =>
    onChange(credentials.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const reveal = async (key: string) => {
    if (!onReveal) return;
    const value = await onReveal(key);
    if (value !== undefined) setRevealed(r => ({ ...r, [key]: value }));
  };

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{t('drawer.credentials')}</Typography>
      {credentials.map((row, index) => {
        const masked = row.saved && !row.overwrite;
        const shown = revealed[row.key];
        return (
          <Box
            key={index}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 8 }}
          >
            <TextField
              id={`credential-key-${index + 1}`}
              label={t('drawer.credentialKey', { index: String(index + 1) })}
              value={row.key}
              onChange={e => update(index, { key: e.target.value })}
              InputProps={{ readOnly: row.saved }}
              error={!!errors[`credentials.${index}.key`]}
              helperText={errors[`credentials.${index}.key`]}
              margin="dense"
              variant="outlined"
              style={{ flex: 1.7 }}
            />
            <TextField
              id={`credential-value-${index + 1}`}
              label={t('drawer.secretValue', { index: String(index + 1) })}
              type={masked ? 'text' : 'password'}
              value={masked ? shown ?? MASK : row.value}
              onChange={e => update(index, { value: e.target.value })}
              InputProps={{
                readOnly: masked,
                // Clicking a saved secret starts an overwrite (= rotation on save).
                onClick: () =>
                  masked &&
                  !shown &&
                  update(index, { overwrite: true, value: '' }),
              }}
              autoComplete="new-password"
              error={!!errors[`credentials.${index}.value`]}
              helperText={
                errors[`credentials.${index}.value`] ?? secretHint(row, t)
              }
              margin="dense"
              variant="outlined"
              style={{ flex: 1.3 }}
            />
            <Tooltip title={t('drawer.overlapTooltip')}>
              <TextField
                id={`credential-overlap-${index + 1}`}
                label={t('drawer.overlap')}
                type="number"
                value={row.overlapMinutes ?? ''}
                placeholder={String(props.typeOverlapMinutes ?? 0)}
                onChange={e =>
                  update(index, { overlapMinutes: e.target.value })
                }
                inputProps={{
                  min: 0,
                  max: 10080,
                  step: 1,
                  'aria-label': t('drawer.overlapLabel', {
                    index: String(index + 1),
                  }),
                }}
                InputLabelProps={{ shrink: true }}
                error={!!errors[`credentials.${index}.overlapMinutes`]}
                helperText={
                  errors[`credentials.${index}.overlapMinutes`] ??
                  (row.overlapMinutes
                    ? t('drawer.overlapOwn')
                    : t('drawer.overlapType'))
                }
                margin="dense"
                variant="outlined"
                style={{ width: 96, flex: 'none' }}
              />
            </Tooltip>
            {row.rotationState && row.rotationState !== 'ok' && (
              <Chip
                size="small"
                style={{ marginTop: 16 }}
                color={
                  row.rotationState === 'expired' ? 'secondary' : 'default'
                }
                label={
                  row.rotationState === 'expired'
                    ? t('drawer.rotationExpired')
                    : t('drawer.rotationDue')
                }
              />
            )}
            {masked && canReveal && !shown && (
              <Tooltip title={t('drawer.reveal')}>
                <IconButton
                  aria-label={t('drawer.revealLabel', { key: row.key })}
                  onClick={() => reveal(row.key)}
                >
                  <VisibilityIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            <IconButton
              aria-label={t('drawer.removeCredential', {
                index: String(index + 1),
              })}
              onClick={() =>
                onChange(credentials.filter((_, i) => i !== index))
              }
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        );
      })}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() =>
          onChange([
            ...credentials,
            { key: '', value: '', saved: false, overwrite: true },
          ])
        }
      >
        {t('drawer.addCredential')}
      </Button>
    </Box>
  );
}

import { useState } from 'react';
import { Box, Chip, IconButton, TextField, Tooltip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import VisibilityIcon from '@material-ui/icons/Visibility';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { CredentialSettings } from './CredentialSettings';
import { WriteOnlyMark, WriteOnlySwitch } from './WriteOnly';
import { CredentialRow, FieldErrors } from './formState';

const MASK = '••••••••••••';

function secretHint(row: CredentialRow, t: IntegrationsT) {
  if (!row.saved) return undefined;
  if (row.overwrite) return t('drawer.secretRotatesOnSave');
  if (row.savedWriteOnly) return t('drawer.secretWriteOnly');
  return row.rotatedAt
    ? t('drawer.secretSavedRotated', {
        date: new Date(row.rotatedAt).toLocaleDateString(),
      })
    : t('drawer.secretSaved');
}

/** One credential: key, secret value (masked once saved), expiry and overlap. */
export function CredentialRowFields(props: {
  row: CredentialRow;
  index: number;
  errors: FieldErrors;
  typeOverlapMinutes?: number;
  canReveal: boolean;
  onReveal?(key: string): Promise<string | undefined>;
  onChange(patch: Partial<CredentialRow>): void;
  onRemove(): void;
}) {
  const { row, index, errors, canReveal, onReveal, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [shown, setShown] = useState<string>();
  const n = String(index + 1);
  const masked = row.saved && !row.overwrite;
  const reveal = async () => {
    const value = await onReveal?.(row.key);
    if (value !== undefined) setShown(value);
  };
  return (
    <Box
      role="group"
      aria-label={t('drawer.credentialGroup', { index: n })}
      mt={1}
      p={1}
      border={1}
      borderColor="divider"
      borderRadius={4}
    >
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <TextField
          id={`credential-key-${n}`}
          label={t('drawer.credentialKey', { index: n })}
          value={row.key}
          onChange={e => onChange({ key: e.target.value })}
          InputProps={{ readOnly: row.saved }}
          error={!!errors[`credentials.${index}.key`]}
          helperText={errors[`credentials.${index}.key`]}
          margin="dense"
          variant="outlined"
          fullWidth
        />
        {row.rotationState && row.rotationState !== 'ok' && (
          <Chip
            size="small"
            style={{ marginTop: 16 }}
            color={row.rotationState === 'expired' ? 'secondary' : 'default'}
            label={
              row.rotationState === 'expired'
                ? t('drawer.rotationExpired')
                : t('drawer.rotationDue')
            }
          />
        )}
        {row.savedWriteOnly && <WriteOnlyMark />}
        <IconButton
          aria-label={t('drawer.removeCredential', { index: n })}
          onClick={props.onRemove}
        >
          <DeleteIcon fontSize="small" />
        </IconButton>
      </Box>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <TextField
          id={`credential-value-${n}`}
          label={t('drawer.secretValue', { index: n })}
          type={masked ? 'text' : 'password'}
          value={masked ? shown ?? MASK : row.value}
          onChange={e => onChange({ value: e.target.value })}
          InputProps={{
            readOnly: masked,
            // Clicking a saved secret starts an overwrite (= rotation on save).
            onClick: () =>
              masked && !shown && onChange({ overwrite: true, value: '' }),
          }}
          autoComplete="new-password"
          error={!!errors[`credentials.${index}.value`]}
          helperText={
            errors[`credentials.${index}.value`] ?? secretHint(row, t)
          }
          margin="dense"
          variant="outlined"
          fullWidth
        />
        {/* A write-only value is never revealed, whatever the permission. */}
        {masked && canReveal && !shown && !row.savedWriteOnly && (
          <Tooltip title={t('drawer.reveal')}>
            <IconButton
              aria-label={t('drawer.revealLabel', { key: row.key })}
              onClick={reveal}
            >
              <VisibilityIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
      </Box>
      <CredentialSettings
        row={row}
        index={index}
        errors={errors}
        typeOverlapMinutes={props.typeOverlapMinutes}
        onChange={onChange}
      />
      <WriteOnlySwitch row={row} onChange={onChange} />
    </Box>
  );
}

import { Box, TextField, Tooltip } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { CredentialRow, FieldErrors } from './formState';

/** A credential's own settings: its expiry date and its rotation overlap window. */
export function CredentialSettings(props: {
  row: CredentialRow;
  index: number;
  errors: FieldErrors;
  /** The type's rotation overlap window, what an empty overlap field means. */
  typeOverlapMinutes?: number;
  onChange(patch: Partial<CredentialRow>): void;
}) {
  const { row, index, errors, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const n = String(index + 1);
  const minutes = String(props.typeOverlapMinutes ?? 0);
  const expiryError = errors[`credentials.${index}.expiresAt`];
  const overlapError = errors[`credentials.${index}.overlapMinutes`];
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      <TextField
        id={`credential-expiry-${n}`}
        label={t('drawer.expiresOn')}
        type="date"
        value={row.expiresOn ?? ''}
        onChange={e => onChange({ expiresOn: e.target.value })}
        inputProps={{ 'aria-label': t('drawer.expiresLabel', { index: n }) }}
        InputLabelProps={{ shrink: true }}
        error={!!expiryError}
        helperText={expiryError ?? t('drawer.expiresHelper')}
        margin="dense"
        variant="outlined"
        style={{ flex: '1 1 180px' }}
      />
      <Tooltip title={t('drawer.overlapTooltip')}>
        <TextField
          id={`credential-overlap-${n}`}
          label={t('drawer.overlap')}
          type="number"
          value={row.overlapMinutes ?? ''}
          placeholder={minutes}
          onChange={e => onChange({ overlapMinutes: e.target.value })}
          inputProps={{
            min: 0,
            max: 10080,
            step: 1,
            'aria-label': t('drawer.overlapLabel', { index: n }),
          }}
          InputLabelProps={{ shrink: true }}
          error={!!overlapError}
          helperText={
            overlapError ??
            (row.overlapMinutes?.trim()
              ? t('drawer.overlapOwn', { minutes })
              : t('drawer.overlapInherits', { minutes }))
          }
          margin="dense"
          variant="outlined"
          style={{ flex: '1 1 180px' }}
        />
      </Tooltip>
    </Box>
  );
}

import { Box, Button, Typography } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { CredentialRowFields } from './CredentialRowFields';
import { CredentialRow, FieldErrors } from './formState';

export function CredentialRows(props: {
  credentials: CredentialRow[];
  errors: FieldErrors;
  /** The type's rotation overlap window, what an empty overlap field means. */
  typeOverlapMinutes?: number;
  canReveal: boolean;
  onReveal?(key: string): Promise<string | undefined>;
  onChange(credentials: CredentialRow[]): void;
}) {
  const { credentials, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const update = (index: number, patch: Partial<CredentialRow>) =>
    onChange(credentials.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{t('drawer.credentials')}</Typography>
      {credentials.map((row, index) => (
        <CredentialRowFields
          // Saved keys never change; a new row keeps its place.
          key={row.saved ? row.key : `new-${index}`}
          row={row}
          index={index}
          errors={props.errors}
          typeOverlapMinutes={props.typeOverlapMinutes}
          canReveal={props.canReveal}
          onReveal={props.onReveal}
          onChange={patch => update(index, patch)}
          onRemove={() => onChange(credentials.filter((_, i) => i !== index))}
        />
      ))}
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

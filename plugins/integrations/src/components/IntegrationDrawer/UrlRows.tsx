import { Box, Button, IconButton, Typography } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { IntegrationForm, FieldErrors } from './formState';
import { LockedTextField } from './LockedTextField';

export function UrlRows(props: {
  urls: IntegrationForm['urls'];
  savedCount: number;
  errors: FieldErrors;
  onChange(urls: IntegrationForm['urls']): void;
}) {
  const { urls, savedCount, errors, onChange } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const set = (index: number, url: string) =>
    onChange(urls.map((u, i) => (i === index ? { ...u, url } : u)));
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{t('drawer.urls')}</Typography>
      {urls.map((row, index) => (
        <Box key={index} display="flex" alignItems="flex-start">
          <LockedTextField
            locked={index < savedCount}
            label={t('drawer.url', { index: String(index + 1) })}
            value={row.url}
            onChange={e => set(index, e.target.value)}
            error={!!errors[`urls.${index}.url`]}
            helperText={errors[`urls.${index}.url`]}
            placeholder={t('drawer.urlPlaceholder')}
            fullWidth
            margin="dense"
            variant="outlined"
          />
          <IconButton
            aria-label={t('drawer.removeUrl', { index: String(index + 1) })}
            onClick={() => onChange(urls.filter((_, i) => i !== index))}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() => onChange([...urls, { url: '' }])}
      >
        {t('drawer.addUrl')}
      </Button>
    </Box>
  );
}

import {
  Box,
  FormControlLabel,
  FormHelperText,
  Switch,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useOAuthSettings } from '../../hooks/useOAuthSettings';
import { integrationsTranslationRef } from '../../translation';

/**
 * OAuth2 client credentials of a saved integration: where tokens come from,
 * the last token error and whether resolve returns the client secret. Nothing
 * for an integration whose type mints no tokens.
 */
export function OAuthStatus(props: {
  integrationId: string;
  canUpdate: boolean;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const oauth = useOAuthSettings(props.integrationId);
  const settings = oauth.value;
  if (!settings?.enabled) return null;
  return (
    <Box mt={2} component="section" aria-label={t('oauth.title')}>
      <Typography variant="subtitle2">{t('oauth.title')}</Typography>
      <Typography variant="body2" color="textSecondary">
        {settings.tokenHost
          ? t('oauth.tokensFrom', { host: settings.tokenHost })
          : t('oauth.noTokenUrl', { label: settings.tokenUrlLabel ?? '' })}
      </Typography>
      {settings.lastTokenError && (
        <Typography variant="body2" color="error" role="status">
          {t('oauth.lastError', {
            when: new Date(settings.lastTokenError.at).toLocaleString(),
            reason: settings.lastTokenError.reason,
          })}
        </Typography>
      )}
      <FormControlLabel
        control={
          <Switch
            checked={settings.clientSecretResolvable}
            disabled={!props.canUpdate || oauth.saving}
            onChange={e => oauth.setClientSecretResolvable(e.target.checked)}
            color="primary"
            size="small"
          />
        }
        label={
          <Typography variant="body2">{t('oauth.secretResolvable')}</Typography>
        }
        // As the write-only switch: the default negative margin pushes the
        // switch out of the section's column.
        style={{ marginLeft: 0 }}
      />
      <FormHelperText error={!!oauth.updateError}>
        {oauth.updateError
          ? t('oauth.updateFailed', { message: oauth.updateError.message })
          : t('oauth.secretResolvableHelp')}
      </FormHelperText>
    </Box>
  );
}

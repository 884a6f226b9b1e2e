import { Box, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { useProxySettings } from '../../hooks/useProxySettings';
import { integrationsTranslationRef } from '../../translation';

/**
 * Whether callers can reach this integration through the proxy without
 * holding its credentials, with which methods and paths, and who used it
 * (proxy calls count as use, like resolve).
 */
export function ProxyStatus(props: {
  integrationId: string;
  usage?: UsageRecord[];
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const { value: settings } = useProxySettings(props.integrationId);
  if (!settings) return null;
  const consumers = [...new Set((props.usage ?? []).map(u => u.consumer))];
  return (
    <Box mt={2} component="section" aria-label={t('proxy.title')}>
      <Typography variant="subtitle2">{t('proxy.title')}</Typography>
      <Typography variant="body2" color="textSecondary">
        {settings.enabled
          ? t('proxy.enabled', {
              methods: settings.methods.join(', '),
              paths: settings.paths.join(', '),
              host: settings.baseHost ?? '—',
            })
          : t('proxy.disabled')}
      </Typography>
      {settings.enabled && (
        <Typography variant="body2" color="textSecondary">
          {consumers.length
            ? t('proxy.usedBy', { consumers: consumers.slice(0, 5).join(', ') })
            : t('proxy.notUsed')}
        </Typography>
      )}
    </Box>
  );
}

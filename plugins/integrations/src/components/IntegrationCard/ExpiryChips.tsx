import { Chip, Tooltip } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { CredentialSummary } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';

/** Credentials expiring within this many days are marked on the card. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days until the expiry (0: today, negative: past); undefined without one. */
export function daysUntilExpiry(
  credential: CredentialSummary,
  now = Date.now(),
): number | undefined {
  const at = credential.expiresAt ? Date.parse(credential.expiresAt) : NaN;
  return Number.isNaN(at) ? undefined : Math.ceil((at - now) / DAY_MS);
}

/** "Expired" / "Expires in N days" for each credential that expired or expires soon. */
export function ExpiryChips(props: { credentials: CredentialSummary[] }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <>
      {props.credentials.map(credential => {
        const days = daysUntilExpiry(credential);
        if (days === undefined || days > EXPIRY_WARNING_DAYS) return null;
        let label: string = t('card.credentialExpiresIn', { count: days });
        if (days < 0) label = t('card.credentialExpiredOn');
        else if (days === 0) label = t('card.credentialExpiresToday');
        return (
          <Tooltip
            key={credential.key}
            title={t('card.credentialExpiryTitle', {
              key: credential.key,
              date: new Date(credential.expiresAt!).toLocaleDateString(),
            })}
          >
            <Chip
              size="small"
              color={days <= 0 ? 'secondary' : 'default'}
              variant={days <= 0 ? 'default' : 'outlined'}
              label={label}
              data-testid="credential-expiry"
            />
          </Tooltip>
        );
      })}
    </>
  );
}

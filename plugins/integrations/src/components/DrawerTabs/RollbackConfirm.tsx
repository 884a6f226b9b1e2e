import { Box, Button, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CredentialVersion,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';
import { RecentConsumers } from './RecentConsumers';

/** Before a roll back: who used the credential recently, what happens, and Confirm. */
export function RollbackConfirm(props: {
  version: CredentialVersion;
  usage?: UsageRecord[];
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { version: v } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <Box mb={1}>
      <RecentConsumers
        usage={props.usage}
        action={t('versions.rollingBack', { key: v.key })}
      />
      <Typography variant="body2">
        {t('versions.rollBackNote', { version: String(v.version) })}
      </Typography>
      <Box display="flex" style={{ gap: 8 }}>
        <Button
          size="small"
          variant="contained"
          color="secondary"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {t('versions.confirmRollBack')}
        </Button>
        <Button size="small" onClick={props.onCancel}>
          {t('versions.cancel')}
        </Button>
      </Box>
    </Box>
  );
}

import { Box, Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { isNotFound, messageOf } from '../../hooks/useIntegrationEditor';
import { integrationsTranslationRef } from '../../translation';

/** Why an integration could not be opened: not there (or not readable), or an error with Retry. */
export function LoadProblem(props: {
  id: string;
  error: Error;
  retry(): void;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <Box px={3} py={1}>
      {isNotFound(props.error) ? (
        <Alert severity="warning">
          {t('drawer.notFound', { id: props.id })}
        </Alert>
      ) : (
        <Alert
          severity="error"
          action={
            <Button color="inherit" size="small" onClick={props.retry}>
              {t('drawer.retry')}
            </Button>
          }
        >
          {t('drawer.loadFailed', { message: messageOf(props.error) })}
        </Alert>
      )}
    </Box>
  );
}

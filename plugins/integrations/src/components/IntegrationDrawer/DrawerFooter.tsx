import { Box, Button } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationEditor } from '../../hooks/useIntegrationEditor';
import { integrationsTranslationRef } from '../../translation';
import { ChangeWarnings } from '../DrawerTabs/ChangeWarnings';
import { useDrawerStyles } from './drawerStyles';

/** What stays in sight on every tab: what went wrong, what a change affects, and the buttons. */
export function DrawerFooter(props: {
  editor: IntegrationEditor;
  usage?: UsageRecord[];
  canDelete: boolean;
  onCancel(): void;
  onDelete(): void;
}) {
  const { editor, usage } = props;
  const loaded = editor.value;
  const classes = useDrawerStyles();
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <div className={classes.footer}>
      {editor.conflict && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={editor.retry}>
              {t('drawer.reload')}
            </Button>
          }
        >
          {t('drawer.conflict')}
        </Alert>
      )}
      {editor.serverError && (
        <Alert severity="error">{editor.serverError}</Alert>
      )}
      {editor.invalid && <Alert severity="error">{t('drawer.invalid')}</Alert>}
      {loaded && (
        <ChangeWarnings
          integration={loaded}
          form={editor.form}
          deleting={editor.deleting}
          usage={usage}
        />
      )}
      <Box className={classes.buttons} mt={1}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={editor.saving}
        >
          {t('drawer.save')}
        </Button>
        <Button onClick={props.onCancel}>{t('drawer.cancel')}</Button>
        <Box flexGrow={1} />
        {loaded && props.canDelete && (
          <Button
            onClick={props.onDelete}
            color="secondary"
            variant={editor.deleting ? 'contained' : 'text'}
          >
            {editor.deleting ? t('drawer.deleteConfirm') : t('drawer.delete')}
          </Button>
        )}
      </Box>
    </div>
  );
}

import { useState } from 'react';
import { Tab, Tabs } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationEditor } from '../../hooks/useIntegrationEditor';
import { useIntegrationPermissions } from '../../hooks/useIntegrationPermissions';
import { useIntegrationUsage } from '../../hooks/useIntegrationUsage';
import { useToast } from '../../hooks/useToast';
import { integrationsTranslationRef } from '../../translation';
import { OAuthStatus } from '../OAuthStatus';
import { ProxyStatus } from '../ProxyStatus';
import { DetailsFields } from './DetailsFields';
import { DrawerFooter } from './DrawerFooter';
import { useDrawerStyles } from './drawerStyles';
import type { IntegrationDrawerProps } from './drawerProps';
import { DrawerTab, DrawerTabPanel, SAVED_TABS } from './DrawerTabPanel';

/**
 * The form and, for a saved integration, tabs for its projects, versions, usage, checks and history. Details stays
 * mounted (its values survive a tab switch); other tabs load when opened.
 * Save, Cancel and Delete sit in a footer that never scrolls away.
 */
export function EditorForm(
  props: IntegrationDrawerProps & { editor: IntegrationEditor },
) {
  const { editor, types, onClose, onSaved } = props;
  const classes = useDrawerStyles();
  const { t } = useTranslationRef(integrationsTranslationRef);
  const toast = useToast();
  const loaded = editor.value;
  const can = useIntegrationPermissions(loaded?.id);
  const usage = useIntegrationUsage(loaded?.id);
  const [tab, setTab] = useState<DrawerTab>('details');

  const save = async () => {
    const saved = await editor.save();
    if (!saved) {
      setTab('details'); // where the errors are
      return;
    }
    toast({
      title: t('drawer.saved', { name: saved.name }),
      status: 'success',
    });
    onSaved(saved);
  };
  const remove = async () => {
    if (!loaded || !(await editor.remove())) return;
    toast({
      title: t('drawer.deleted', { name: loaded.name }),
      status: 'success',
    });
    onSaved(undefined);
  };

  return (
    <form
      className={classes.form}
      onSubmit={e => {
        e.preventDefault();
        save();
      }}
      noValidate
    >
      {loaded && (
        <Tabs
          className={classes.tabs}
          value={tab}
          onChange={(_, next: DrawerTab) => setTab(next)}
          variant="scrollable"
          scrollButtons="auto"
          indicatorColor="primary"
          aria-label={t('drawerTabs.label')}
        >
          {(['details', ...SAVED_TABS] as const).map(id => (
            <Tab
              key={id}
              className={classes.tab}
              value={id}
              label={t(`drawerTabs.${id}`)}
              id={`integration-tab-${id}`}
              aria-controls={`integration-tabpanel-${id}`}
            />
          ))}
        </Tabs>
      )}
      <div className={classes.body}>
        <div
          role={loaded ? 'tabpanel' : undefined}
          id="integration-tabpanel-details"
          aria-labelledby={loaded ? 'integration-tab-details' : undefined}
          hidden={tab !== 'details'}
        >
          <DetailsFields
            editor={editor}
            types={types}
            canReveal={can.canReveal}
          />
          {loaded && (
            <>
              <OAuthStatus
                integrationId={loaded.id}
                canUpdate={can.canUpdate}
              />
              <ProxyStatus integrationId={loaded.id} usage={usage.usage} />
            </>
          )}
        </div>
        {loaded && tab !== 'details' && (
          <div
            role="tabpanel"
            id={`integration-tabpanel-${tab}`}
            aria-labelledby={`integration-tab-${tab}`}
          >
            <DrawerTabPanel
              tab={tab}
              integration={loaded}
              canUpdate={can.canUpdate}
              usage={usage}
            />
          </div>
        )}
      </div>
      <DrawerFooter
        editor={editor}
        usage={usage.usage}
        canDelete={can.canDelete}
        onCancel={onClose}
        onDelete={remove}
      />
    </form>
  );
}

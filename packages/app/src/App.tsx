import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations/alpha';
import { appModule } from './modules/appModule';

/**
 * The example portal: the catalog (for "projects"), the Integrations plugin, and
 * the scaffolder and search to show integrations in templates and search results,
 * and notifications so owners see due/expired credentials and rollbacks.
 */
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    searchPlugin,
    integrationsPlugin,
    // Owners' inbox for due/expired credentials and rollbacks.
    notificationsPlugin,
    signalsPlugin,
    appModule,
  ],
});

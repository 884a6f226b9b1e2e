import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations/alpha';
import { appModule } from './modules/appModule';

/**
 * The example portal: the catalog (for "projects"), the Integrations plugin, and
 * the scaffolder and search to show integrations in templates and search results.
 */
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    searchPlugin,
    integrationsPlugin,
    appModule,
  ],
});

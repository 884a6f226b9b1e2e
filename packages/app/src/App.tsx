import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations/alpha';
import { appModule } from './modules/appModule';

/** The example portal: the catalog (for "projects") and the Integrations plugin. */
export default createApp({
  features: [catalogPlugin, integrationsPlugin, appModule],
});

import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations/alpha';

export default createApp({
  features: [catalogPlugin, integrationsPlugin],
});

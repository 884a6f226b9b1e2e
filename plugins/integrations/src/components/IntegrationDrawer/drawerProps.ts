import {
  Integration,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** What the drawer shows: the Add form, or one saved integration. */
export type DrawerTarget = { mode: 'add' } | { mode: 'edit'; id: string };

export interface IntegrationDrawerProps {
  target?: DrawerTarget;
  types: IntegrationType[];
  onClose(): void;
  /** Called with the saved integration, or undefined after a delete. */
  onSaved(integration?: Integration): void;
}

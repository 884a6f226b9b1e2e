export interface Config {
  integrationsHub?: {
    /** Who holds the Integrations rights; read by the integrations-rights permission module. */
    rights?: {
      /** User and group entity refs with every integration right. */
      manageAll?: string[];
      /** User and group entity refs that create integrations and manage the ones they own. */
      manageOwn?: string[];
    };
  };
}

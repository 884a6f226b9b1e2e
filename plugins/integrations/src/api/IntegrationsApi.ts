import { createApiRef } from '@backstage/core-plugin-api';
import {
  Integration,
  IntegrationEvent,
  IntegrationInput,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  ListIntegrationsQuery,
  RevealedCredential,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** The Integrations backend, as the frontend sees it. */
export interface IntegrationsApi {
  getTypes(): Promise<IntegrationType[]>;
  listIntegrations(query: ListIntegrationsQuery): Promise<IntegrationList>;
  getIntegration(id: string): Promise<Integration>;
  createIntegration(input: IntegrationInput): Promise<Integration>;
  updateIntegration(
    id: string,
    update: IntegrationUpdate,
  ): Promise<Integration>;
  deleteIntegration(id: string): Promise<void>;
  revealCredential(id: string, key: string): Promise<RevealedCredential>;
  getEvents(id: string): Promise<IntegrationEvent[]>;
}

export const integrationsApiRef = createApiRef<IntegrationsApi>({
  id: 'plugin.integrations.api',
});

export { IntegrationChangesPublisher } from './IntegrationChangesPublisher';

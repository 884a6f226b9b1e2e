export { IntegrationChangesPublisher } from './IntegrationChangesPublisher';
export { toChangeEvents } from './changeEvents';

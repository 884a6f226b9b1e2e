export { IntegrationChangesPublisher } from './IntegrationChangesPublisher';
export type { CommittedChange } from './IntegrationChangesPublisher';
export { toChangeEvents } from './changeEvents';
export type { RecordedChange } from './changeEvents';

export { IntegrationSearchResultListItem } from './IntegrationSearchResultListItem';
export type {
  IntegrationSearchDocument,
  IntegrationSearchResultListItemProps,
} from './IntegrationSearchResultListItem';

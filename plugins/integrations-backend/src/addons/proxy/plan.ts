import { IntegrationRecord } from '../../core/store/types';
import { ProxyTypeSettings } from './config';

/** A call the proxy may make: where it goes, what is injected, what must never come back. */
export interface ProxyPlan {
  record: IntegrationRecord;
  project: string;
  url: URL;
  /** The base, for rewriting `Location` into proxy space. */
  base: URL;
  injectedHeaders: Record<string, string>;
  /** Every value the call could expose: replaced wherever it comes back. */
  secrets: string[];
  settings: ProxyTypeSettings;
  /** Frees the integration's concurrency slot; call once the call ends. */
  release: () => void;
}

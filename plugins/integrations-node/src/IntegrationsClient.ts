import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ResolveQuery,
  ResolveResult,
} from '@integrations-hub/backstage-plugin-integrations-common';

/** What a backend plugin can ask of the Integrations plugin. */
export interface IntegrationsService {
  /**
   * The decrypted credentials and URLs of the integrations assigned to a project.
   * Calls the backend every time: never cache the result beyond the work at hand,
   * so a removed assignment takes effect at once.
   */
  resolve(
    query: ResolveQuery,
    options?: { credentials?: BackstageCredentials },
  ): Promise<ResolveResult>;
}

/** Calls `/api/integrations/resolve` as the calling plugin (or on behalf of given credentials). */
export class IntegrationsClient implements IntegrationsService {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  async resolve(
    query: ResolveQuery,
    options?: { credentials?: BackstageCredentials },
  ): Promise<ResolveResult> {
    const { auth, discovery } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf:
        options?.credentials ?? (await auth.getOwnServiceCredentials()),
      targetPluginId: 'integrations',
    });
    const params = new URLSearchParams({ project: query.project });
    if (query.type) params.set('type', query.type);
    if (query.name) params.set('name', query.name);
    const baseUrl = await discovery.getBaseUrl('integrations');
    const response = await fetch(`${baseUrl}/resolve?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as ResolveResult;
  }
}

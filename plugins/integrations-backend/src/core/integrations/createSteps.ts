import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  IntegrationType,
  ValidatedIntegrationInput,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { NewIntegration } from '../store/IntegrationsStore';
import { EventRecord } from '../store/types';
import { actorOf } from './actor';
import { Seal, toExpiry, writeOnlyEvents } from './updateSteps';

/** `type: unknown type; ...`, naming the configured ids only (the sent value may hold anything). */
export function unknownTypeMessage(types: Map<string, IntegrationType>) {
  return `unknown type; configured types are ${[...types.keys()].join(', ')}`;
}

/** Who owns a new integration: the one named, else the creating user (or service). */
export function ownerFor(
  input: { owner?: string },
  credentials: BackstageCredentials,
): string {
  const principal = credentials.principal as { userEntityRef?: string };
  return input.owner ?? principal.userEntityRef ?? actorOf(credentials);
}

/**
 * A validated create body as the store writes it, with its values sealed for
 * `id`, and the `created` history entry (names, refs and keys; never a value).
 */
export function newIntegration(
  id: string,
  input: ValidatedIntegrationInput,
  owner: string,
  actor: string,
  seal: Seal,
): {
  integration: NewIntegration;
  history: Omit<EventRecord, 'integrationId'>[];
} {
  return {
    integration: {
      id,
      name: input.name,
      type: input.type,
      description: input.description,
      owner,
      urls: input.urls,
      projects: input.projects,
      credentials: input.credentials.map(c => ({
        key: c.key,
        ...seal(c.key, c.value),
        expiresAt: toExpiry(c.expiresAt),
        overlapMinutes: c.overlapMinutes,
        writeOnly: c.writeOnly === true,
      })),
    },
    history: [
      {
        actor,
        action: 'created',
        detail: {
          name: input.name,
          type: input.type,
          owner,
          urls: input.urls.map(u => u.url),
          projects: input.projects,
          credentialKeys: input.credentials.map(c => c.key),
        },
      },
      ...writeOnlyEvents(
        actor,
        input.credentials.filter(c => c.writeOnly).map(c => c.key),
      ),
    ],
  };
}

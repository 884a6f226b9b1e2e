import {
  Integration,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationForm } from '../IntegrationDrawer/formState';
import { RecentConsumers } from './RecentConsumers';

/** Before Save or Delete: which recent consumers the pending change affects. */
export function ChangeWarnings(props: {
  integration: Integration;
  form: IntegrationForm;
  deleting: boolean;
  usage?: UsageRecord[];
}) {
  const { integration, form, deleting, usage } = props;
  const removed = integration.projects.filter(p => !form.projects.includes(p));
  const rotating = form.credentials.filter(c => c.saved && c.overwrite);
  return (
    <>
      {deleting && (
        <RecentConsumers
          usage={usage}
          action={`Deleting ${integration.name}`}
        />
      )}
      {removed.length > 0 && (
        <RecentConsumers
          usage={usage}
          projects={removed}
          action={`Removing ${removed.join(', ')}`}
        />
      )}
      {rotating.length > 0 && (
        <RecentConsumers
          usage={usage}
          action={`Rotating ${rotating.map(c => c.key).join(', ')}`}
        />
      )}
    </>
  );
}

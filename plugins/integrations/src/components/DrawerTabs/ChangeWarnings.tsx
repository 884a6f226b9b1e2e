import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Integration,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';
import { IntegrationForm } from '../IntegrationDrawer/formState';
import { assignedProjects } from '../../assignments';
import { RecentConsumers } from './RecentConsumers';

/** Before Save or Delete: which recent consumers the pending change affects. */
export function ChangeWarnings(props: {
  integration: Integration;
  form: IntegrationForm;
  deleting: boolean;
  usage?: UsageRecord[];
}) {
  const { integration, form, deleting, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const removed = assignedProjects(integration).filter(
    p => !form.projects.includes(p),
  );
  const rotating = form.credentials.filter(c => c.saved && c.overwrite);
  return (
    <>
      {deleting && (
        <RecentConsumers
          usage={usage}
          action={t('changes.deleting', { name: integration.name })}
        />
      )}
      {removed.length > 0 && (
        <RecentConsumers
          usage={usage}
          projects={removed}
          action={t('changes.removing', { projects: removed.join(', ') })}
        />
      )}
      {rotating.length > 0 && (
        <RecentConsumers
          usage={usage}
          action={t('changes.rotating', {
            keys: rotating.map(c => c.key).join(', '),
          })}
        />
      )}
    </>
  );
}

import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { useProjectAssignments } from '../../hooks/useProjectAssignments';
import { useToast } from '../../hooks/useToast';
import { integrationsTranslationRef } from '../../translation';
import { ProjectAssignmentRow } from './ProjectAssignmentRow';

/** "Active per project": each assigned project with Pause or Resume. */
export function ProjectAssignments(props: {
  integrationId: string;
  canUpdate: boolean;
  usage?: UsageRecord[];
}) {
  const { integrationId, canUpdate, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const toast = useToast();
  const assignments = useProjectAssignments(integrationId);
  if (assignments.error)
    return (
      <Typography color="error">
        {t('assignments.unavailable', {
          message: assignments.error.message,
        })}
      </Typography>
    );
  if (!assignments.value) return <Progress />;
  if (!assignments.value.length)
    return (
      <Typography variant="body2" color="textSecondary">
        {t('assignments.none')}
      </Typography>
    );
  const done = (ok: boolean, title: string) => {
    if (ok) toast({ title, status: 'success' });
  };
  return (
    <>
      {assignments.actionError && (
        <Alert severity="error">{assignments.actionError}</Alert>
      )}
      {assignments.value.map(a => (
        <ProjectAssignmentRow
          key={a.entityRef}
          assignment={a}
          canUpdate={canUpdate}
          usage={usage}
          onPause={async reason =>
            done(
              await assignments.pause(a.entityRef, reason),
              t('assignments.pausedToast', { project: a.entityRef }),
            )
          }
          onResume={async () =>
            done(
              await assignments.resume(a.entityRef),
              t('assignments.resumedToast', { project: a.entityRef }),
            )
          }
        />
      ))}
    </>
  );
}

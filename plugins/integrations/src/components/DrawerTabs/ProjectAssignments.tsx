import { useState } from 'react';
import { Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { UsageRecord } from '@integrations-hub/backstage-plugin-integrations-common';
import { useProjectAssignments } from '../../hooks/useProjectAssignments';
import { integrationsTranslationRef } from '../../translation';
import { ProjectAssignmentRow } from './ProjectAssignmentRow';

/**
 * "Active per project": each assigned project with Pause or Resume. The
 * outcome is said here, in the open drawer, not in a toast over its Save.
 */
export function ProjectAssignments(props: {
  integrationId: string;
  canUpdate: boolean;
  usage?: UsageRecord[];
}) {
  const { integrationId, canUpdate, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [notice, setNotice] = useState<string>();
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
  const done = (ok: boolean, title: string) =>
    setNotice(ok ? title : undefined);
  return (
    <>
      {assignments.actionError && (
        <Alert severity="error">{assignments.actionError}</Alert>
      )}
      <Typography variant="body2" color="textSecondary" role="status">
        {notice}
      </Typography>
      {assignments.value.map(a => (
        <ProjectAssignmentRow
          key={a.entityRef}
          assignment={a}
          canUpdate={canUpdate}
          usage={usage}
          onPause={async reason =>
            done(
              await assignments.pause(a.entityRef, reason),
              t('assignments.pausedNotice', { project: a.entityRef }),
            )
          }
          onResume={async () =>
            done(
              await assignments.resume(a.entityRef),
              t('assignments.resumedNotice', { project: a.entityRef }),
            )
          }
        />
      ))}
    </>
  );
}

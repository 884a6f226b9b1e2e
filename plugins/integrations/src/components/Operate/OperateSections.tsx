import { Box, Divider, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  Integration,
  ProjectAssignment,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';
import { ProjectAssignmentRow } from './ProjectAssignmentRow';
import { UsedBy } from './UsedBy';
import { VersionsList } from './VersionsList';

/** Assignments of an older server (no `assignments`) read as all active. */
export const assignmentsOf = (integration: Integration): ProjectAssignment[] =>
  integration.assignments ??
  integration.projects.map(entityRef => ({
    entityRef,
    assignedAt: integration.createdAt,
    assignedBy: integration.createdBy,
    active: true,
  }));

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box mt={3}>
      <Divider />
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** The drawer's operating sections: active projects, credential versions, used by. */
export function OperateSections(props: {
  integration: Integration;
  canUpdate: boolean;
  usage?: UsageRecord[];
  usageError?: Error;
  refreshKey: number;
  onPause(project: string, reason: string): Promise<void>;
  onResume(project: string): Promise<void>;
  onRollback(key: string, version: number): Promise<void>;
}) {
  const { integration, canUpdate, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const assignments = assignmentsOf(integration);
  return (
    <>
      {assignments.length > 0 && (
        <Section title={t('operate.activePerProject')}>
          {assignments.map(a => (
            <ProjectAssignmentRow
              key={a.entityRef}
              assignment={a}
              canUpdate={canUpdate}
              usage={usage}
              onPause={reason => props.onPause(a.entityRef, reason)}
              onResume={() => props.onResume(a.entityRef)}
            />
          ))}
        </Section>
      )}
      {integration.credentials.length > 0 && (
        <Section title={t('operate.credentialVersions')}>
          <VersionsList
            integrationId={integration.id}
            canUpdate={canUpdate}
            usage={usage}
            refreshKey={props.refreshKey}
            onRollback={props.onRollback}
          />
        </Section>
      )}
      <Section title={t('operate.usedBy')}>
        <UsedBy usage={usage} error={props.usageError} />
      </Section>
    </>
  );
}

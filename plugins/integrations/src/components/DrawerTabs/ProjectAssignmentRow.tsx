import { useState } from 'react';
import { Box, Button, Chip, TextField, Typography } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  PAUSE_REASON_LENGTH,
  ProjectAssignment,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsT, integrationsTranslationRef } from '../../translation';
import { RecentConsumers } from './RecentConsumers';

/** Who paused the assignment, when and why, as one sentence. */
function pausedBy(assignment: ProjectAssignment, t: IntegrationsT) {
  const who = assignment.pausedBy ?? '';
  const when = assignment.pausedAt
    ? new Date(assignment.pausedAt).toLocaleString()
    : undefined;
  const reason = assignment.pauseReason;
  if (when && reason)
    return t('assignments.pausedByOnBecause', { who, when, reason });
  if (when) return t('assignments.pausedByOn', { who, when });
  if (reason) return t('assignments.pausedByBecause', { who, reason });
  return t('assignments.pausedBy', { who });
}

/** One project assignment: active or paused (by whom, when, why), with Pause/Resume. */
export function ProjectAssignmentRow(props: {
  assignment: ProjectAssignment;
  canUpdate: boolean;
  usage?: UsageRecord[];
  onPause(reason: string): Promise<void>;
  onResume(): Promise<void>;
}) {
  const { assignment, canUpdate, usage } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = assignment.entityRef;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      setConfirming(false);
      setReason('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box py={1} data-testid="project-assignment" aria-label={ref} role="group">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Typography
          variant="body2"
          style={{ flex: 1, overflowWrap: 'anywhere' }}
        >
          {ref}
        </Typography>
        <Chip
          size="small"
          color={assignment.active ? 'primary' : 'default'}
          label={
            assignment.active
              ? t('assignments.active')
              : t('assignments.paused')
          }
        />
        {canUpdate && assignment.active && !confirming && (
          <Button
            size="small"
            aria-label={t('assignments.pauseLabel', { project: ref })}
            onClick={() => setConfirming(true)}
          >
            {t('assignments.pause')}
          </Button>
        )}
        {canUpdate && !assignment.active && (
          <Button
            size="small"
            aria-label={t('assignments.resumeLabel', { project: ref })}
            disabled={busy}
            onClick={() => run(props.onResume)}
          >
            {t('assignments.resume')}
          </Button>
        )}
      </Box>
      {!assignment.active && (
        <Typography variant="caption" color="textSecondary">
          {pausedBy(assignment, t)} {t('assignments.untilResumed')}
        </Typography>
      )}
      {confirming && (
        <Box mt={1}>
          <RecentConsumers
            usage={usage}
            projects={[ref]}
            action={t('assignments.pausing', { project: ref })}
          />
          <TextField
            id={`pause-reason-${ref}`}
            label={t('assignments.pauseReason')}
            value={reason}
            onChange={e => setReason(e.target.value)}
            inputProps={{ maxLength: PAUSE_REASON_LENGTH }}
            fullWidth
            margin="dense"
            variant="outlined"
          />
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              size="small"
              variant="contained"
              color="secondary"
              disabled={busy}
              onClick={() => run(() => props.onPause(reason.trim()))}
            >
              {t('assignments.pauseProject')}
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              {t('assignments.keepActive')}
            </Button>
          </Box>
        </Box>
      )}
    </Box>
  );
}

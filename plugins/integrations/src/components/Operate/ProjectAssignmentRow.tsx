import { useState } from 'react';
import { Box, Button, Chip, TextField, Typography } from '@material-ui/core';
import {
  PAUSE_REASON_LENGTH,
  ProjectAssignment,
  UsageRecord,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { RecentConsumers } from './RecentConsumers';

/** One project assignment: active or paused (by whom, when, why), with Pause/Resume. */
export function ProjectAssignmentRow(props: {
  assignment: ProjectAssignment;
  canUpdate: boolean;
  usage?: UsageRecord[];
  onPause(reason: string): Promise<void>;
  onResume(): Promise<void>;
}) {
  const { assignment, canUpdate, usage } = props;
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
          label={assignment.active ? 'Active' : 'Paused'}
        />
        {canUpdate && assignment.active && !confirming && (
          <Button
            size="small"
            aria-label={`Pause ${ref}`}
            onClick={() => setConfirming(true)}
          >
            Pause
          </Button>
        )}
        {canUpdate && !assignment.active && (
          <Button
            size="small"
            aria-label={`Resume ${ref}`}
            disabled={busy}
            onClick={() => run(props.onResume)}
          >
            Resume
          </Button>
        )}
      </Box>
      {!assignment.active && (
        <Typography variant="caption" color="textSecondary">
          Paused by {assignment.pausedBy}
          {assignment.pausedAt
            ? ` on ${new Date(assignment.pausedAt).toLocaleString()}`
            : ''}
          {assignment.pauseReason ? ` — ${assignment.pauseReason}` : ''}.
          Services of this project get nothing from resolve until resumed.
        </Typography>
      )}
      {confirming && (
        <Box mt={1}>
          <RecentConsumers
            usage={usage}
            projects={[ref]}
            action={`Pausing ${ref}`}
          />
          <TextField
            id={`pause-reason-${ref}`}
            label="Reason (optional)"
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
              Pause project
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              Keep active
            </Button>
          </Box>
        </Box>
      )}
    </Box>
  );
}

import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  IconButton,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import VisibilityIcon from '@material-ui/icons/Visibility';
import { CredentialRow, FieldErrors } from './formState';

const MASK = '••••••••••••';

function secretHint(row: CredentialRow): string | undefined {
  if (!row.saved) return undefined;
  if (row.overwrite) return 'New value: rotates on save';
  const rotated = row.rotatedAt
    ? `, rotated ${new Date(row.rotatedAt).toLocaleDateString()}`
    : '';
  return `Saved${rotated} — click to overwrite`;
}

export function CredentialRows(props: {
  credentials: CredentialRow[];
  errors: FieldErrors;
  /** The type's rotation overlap window, what an empty overlap field means. */
  typeOverlapMinutes?: number;
  canReveal: boolean;
  onReveal?(key: string): Promise<string | undefined>;
  onChange(credentials: CredentialRow[]): void;
}) {
  const { credentials, errors, canReveal, onReveal, onChange } = props;
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const update = (index: number, patch: Partial<CredentialRow>) =>
    onChange(credentials.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const reveal = async (key: string) => {
    if (!onReveal) return;
    const value = await onReveal(key);
    if (value !== undefined) setRevealed(r => ({ ...r, [key]: value }));
  };

  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Credentials</Typography>
      {credentials.map((row, index) => {
        const masked = row.saved && !row.overwrite;
        const shown = revealed[row.key];
        return (
          <Box
            key={index}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 8 }}
          >
            <TextField
              id={`credential-key-${index + 1}`}
              label={`Credential key ${index + 1}`}
              value={row.key}
              onChange={e => update(index, { key: e.target.value })}
              InputProps={{ readOnly: row.saved }}
              error={!!errors[`credentials.${index}.key`]}
              helperText={errors[`credentials.${index}.key`]}
              margin="dense"
              variant="outlined"
              style={{ flex: 1.7 }}
            />
            <TextField
              id={`credential-value-${index + 1}`}
              label={`Secret value ${index + 1}`}
              type={masked ? 'text' : 'password'}
              value={masked ? shown ?? MASK : row.value}
              onChange={e => update(index, { value: e.target.value })}
              InputProps={{
                readOnly: masked,
                // Clicking a saved secret starts an overwrite (= rotation on save).
                onClick: () =>
                  masked &&
                  !shown &&
                  update(index, { overwrite: true, value: '' }),
              }}
              autoComplete="new-password"
              error={!!errors[`credentials.${index}.value`]}
              helperText={
                errors[`credentials.${index}.value`] ?? secretHint(row)
              }
              margin="dense"
              variant="outlined"
              style={{ flex: 1.3 }}
            />
            <Tooltip title="After a rotation, resolve also returns the previous value for this many minutes. Empty: the type's setting.">
              <TextField
                id={`credential-overlap-${index + 1}`}
                label="Overlap (min)"
                type="number"
                value={row.overlapMinutes ?? ''}
                placeholder={String(props.typeOverlapMinutes ?? 0)}
                onChange={e =>
                  update(index, { overlapMinutes: e.target.value })
                }
                inputProps={{
                  min: 0,
                  max: 10080,
                  step: 1,
                  'aria-label': `Overlap minutes ${index + 1}`,
                }}
                InputLabelProps={{ shrink: true }}
                error={!!errors[`credentials.${index}.overlapMinutes`]}
                helperText={
                  errors[`credentials.${index}.overlapMinutes`] ??
                  (row.overlapMinutes ? 'own' : "type's")
                }
                margin="dense"
                variant="outlined"
                style={{ width: 96, flex: 'none' }}
              />
            </Tooltip>
            {row.rotationState && row.rotationState !== 'ok' && (
              <Chip
                size="small"
                style={{ marginTop: 16 }}
                color={
                  row.rotationState === 'expired' ? 'secondary' : 'default'
                }
                label={
                  row.rotationState === 'expired' ? 'expired' : 'rotation due'
                }
              />
            )}
            {masked && canReveal && !shown && (
              <Tooltip title="Reveal (audited)">
                <IconButton
                  aria-label={`Reveal ${row.key}`}
                  onClick={() => reveal(row.key)}
                >
                  <VisibilityIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
            <IconButton
              aria-label={`Remove credential ${index + 1}`}
              onClick={() =>
                onChange(credentials.filter((_, i) => i !== index))
              }
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        );
      })}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() =>
          onChange([
            ...credentials,
            { key: '', value: '', saved: false, overwrite: true },
          ])
        }
      >
        Add credential
      </Button>
    </Box>
  );
}

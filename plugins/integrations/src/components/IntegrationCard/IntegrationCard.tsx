import {
  Card,
  CardContent,
  Chip,
  IconButton,
  makeStyles,
  Tooltip,
  Typography,
} from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import LinkIcon from '@material-ui/icons/Link';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Integration,
  integrationUpdatePermission,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { HealthDot } from '../ConnectionCheck';
import { relativeTime } from '../Operate/relativeTime';
import { TypeIcon } from './typeIcons';

const useStyles = makeStyles(theme => ({
  card: {
    position: 'relative',
    height: '100%',
    '&:hover $actions, &:focus-within $actions': { opacity: 1 },
  },
  actions: {
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
    opacity: 0,
    transition: 'opacity 120ms',
    '@media (hover: none)': { opacity: 1 },
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    paddingRight: theme.spacing(9),
  },
  name: { fontWeight: 500, overflowWrap: 'anywhere', lineHeight: 1.3 },
  secondary: { marginTop: theme.spacing(1) },
  chips: {
    marginTop: theme.spacing(1),
    display: 'flex',
    gap: theme.spacing(0.5),
    flexWrap: 'wrap',
  },
}));

function hostOf(url?: string) {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

export interface IntegrationCardProps {
  integration: Integration;
  type?: IntegrationType;
  /** Absolute deep link to this integration. */
  link: string;
  /** What the server's `unused` mark means (`integrations.usage.unusedAfterDays`). */
  unusedAfterDays?: number;
  onEdit(integration: Integration): void;
}

/** A card: type icon and name, with Edit and Copy Link in the corner on hover or focus. */
export function IntegrationCard({
  integration,
  type,
  link,
  unusedAfterDays = 30,
  onEdit,
}: IntegrationCardProps) {
  const classes = useStyles();
  const alertApi = useApi(alertApiRef);
  const { allowed: canEdit } = usePermission({
    permission: integrationUpdatePermission,
    resourceRef: integration.id,
  });
  const host = hostOf(integration.urls[0]?.url);
  const projectCount = integration.projects.length;
  const overdue = integration.credentials.filter(c => c.rotationState !== 'ok');
  const paused = (integration.assignments ?? []).filter(a => !a.active);

  const copyLink = async () => {
    try {
      await window.navigator.clipboard.writeText(link);
      alertApi.post({
        message: 'Link copied',
        severity: 'success',
        display: 'transient',
      });
    } catch {
      alertApi.post({
        message: `Could not copy; the link is ${link}`,
        severity: 'warning',
      });
    }
  };

  return (
    <Card
      className={classes.card}
      variant="outlined"
      role="article"
      data-testid="integration-card"
      aria-label={integration.name}
    >
      <div className={classes.actions}>
        {canEdit && (
          <Tooltip title="Edit">
            <IconButton
              size="small"
              aria-label={`Edit ${integration.name}`}
              onClick={() => onEdit(integration)}
            >
              <EditIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
        <Tooltip title="Copy link">
          <IconButton
            size="small"
            aria-label={`Copy link to ${integration.name}`}
            onClick={copyLink}
          >
            <LinkIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </div>
      <CardContent>
        <div className={classes.title}>
          <TypeIcon type={type} />
          <HealthDot health={integration.health} />
          <Typography
            variant="h6"
            component="h2"
            className={classes.name}
            title={integration.name}
          >
            {integration.name}
          </Typography>
        </div>
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.secondary}
        >
          {[
            type?.title ?? integration.type,
            host,
            `${projectCount} project${projectCount === 1 ? '' : 's'}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
        {(overdue.length > 0 || paused.length > 0 || integration.unused) && (
          <div className={classes.chips}>
            {integration.unused && (
              <Chip
                size="small"
                variant="outlined"
                label={`Unused for ${unusedAfterDays}+ days`}
                title={
                  integration.lastUsedAt
                    ? `Last used ${relativeTime(integration.lastUsedAt)}`
                    : 'No use recorded'
                }
              />
            )}
            {paused.length > 0 && (
              <Chip
                size="small"
                variant="outlined"
                label={`Paused in ${paused.length} project${
                  paused.length === 1 ? '' : 's'
                }`}
                title={paused.map(a => a.entityRef).join(', ')}
              />
            )}
            {overdue.map(c => (
              <Chip
                key={c.key}
                size="small"
                color={c.rotationState === 'expired' ? 'secondary' : 'default'}
                label={`${c.key} ${
                  c.rotationState === 'expired' ? 'expired' : 'due for rotation'
                }`}
              />
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

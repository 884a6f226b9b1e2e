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
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Integration,
  integrationUpdatePermission,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { assignmentsOf } from '../../assignments';
import { useToast } from '../../hooks/useToast';
import { integrationsTranslationRef } from '../../translation';
import { HealthDot } from '../ConnectionCheck';
import { relativeTime } from '../DrawerTabs/relativeTime';
import {
  daysUntilExpiry,
  EXPIRY_WARNING_DAYS,
  ExpiryChips,
} from './ExpiryChips';
import { TypeIcon } from './typeIcons';

const useStyles = makeStyles(theme => ({
  card: {
    position: 'relative',
    height: '100%',
    '&:hover $actions, &:focus-within $actions': { opacity: 1 },
  },
  // Shown on hover or focus over the end of the name (its tooltip has all of it), so the
  // name has the card's width; where nothing hovers (touch), they keep a place of their own.
  actions: {
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
    opacity: 0,
    transition: 'opacity 120ms',
    background: theme.palette.background.paper,
    borderRadius: theme.shape.borderRadius,
    '@media (hover: none)': { opacity: 1 },
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    '@media (hover: none)': { paddingRight: theme.spacing(9) },
  },
  // The name takes the row's width; a longer one ends in "…" (full name in the tooltip).
  name: {
    flex: '1 1 auto',
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
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

interface IntegrationCardProps {
  integration: Integration;
  type?: IntegrationType;
  /** Absolute deep link to this integration. */
  link: string;
  /** What the server's `unused` mark means (`integrationsHub.usage.unusedAfterDays`). */
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
  const { t } = useTranslationRef(integrationsTranslationRef);
  const toast = useToast();
  const { allowed: canEdit } = usePermission({
    permission: integrationUpdatePermission,
    resourceRef: integration.id,
  });
  const host = hostOf(integration.urls[0]?.url);
  const assignments = assignmentsOf(integration);
  const projectCount = assignments.length;
  const overdue = integration.credentials.filter(c => c.rotationState !== 'ok');
  const paused = assignments.filter(a => !a.active);
  const expiring = integration.credentials.filter(c => {
    const days = daysUntilExpiry(c);
    return days !== undefined && days <= EXPIRY_WARNING_DAYS;
  });

  const copyLink = async () => {
    try {
      await window.navigator.clipboard.writeText(link);
      toast({ title: t('card.linkCopied'), status: 'success' });
    } catch {
      toast({ title: t('card.copyFailed', { link }), status: 'warning' });
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
          <Tooltip title={t('card.edit')}>
            <IconButton
              size="small"
              aria-label={t('card.editLabel', { name: integration.name })}
              onClick={() => onEdit(integration)}
            >
              <EditIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
        <Tooltip title={t('card.copyLink')}>
          <IconButton
            size="small"
            aria-label={t('card.copyLinkLabel', { name: integration.name })}
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
          <Tooltip title={integration.name}>
            <Typography variant="h6" component="h2" className={classes.name}>
              {integration.name}
            </Typography>
          </Tooltip>
        </div>
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.secondary}
        >
          {[
            type?.title ?? integration.type,
            host,
            t('card.projectCount', { count: projectCount }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
        {(overdue.length > 0 ||
          paused.length > 0 ||
          expiring.length > 0 ||
          integration.unused) && (
          <div className={classes.chips}>
            {integration.unused && (
              <Chip
                size="small"
                variant="outlined"
                label={t('card.unused', { days: String(unusedAfterDays) })}
                title={
                  integration.lastUsedAt
                    ? t('card.lastUsed', {
                        when: relativeTime(integration.lastUsedAt),
                      })
                    : t('card.noUse')
                }
              />
            )}
            {paused.length > 0 && (
              <Chip
                size="small"
                variant="outlined"
                label={t('card.pausedIn', { count: paused.length })}
                title={paused.map(a => a.entityRef).join(', ')}
              />
            )}
            <ExpiryChips credentials={expiring} />
            {overdue.map(c => (
              <Chip
                key={c.key}
                size="small"
                color={c.rotationState === 'expired' ? 'secondary' : 'default'}
                label={
                  c.rotationState === 'expired'
                    ? t('card.credentialExpired', { key: c.key })
                    : t('card.credentialDue', { key: c.key })
                }
              />
            ))}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

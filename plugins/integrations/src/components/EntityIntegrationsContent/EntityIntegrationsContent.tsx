import { Link as RouterLink } from 'react-router-dom';
import {
  Box,
  Chip,
  Link,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
} from '@material-ui/core';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import { CredentialSummary } from '@integrations-hub/backstage-plugin-integrations-common';
import { useIntegrations } from '../../hooks/useIntegrations';
import { useIntegrationTypes } from '../../hooks/useIntegrationTypes';
import { integrationRouteRef } from '../../routes';
import { integrationsTranslationRef } from '../../translation';
import { TypeIcon } from '../IntegrationCard/typeIcons';
import { NoAccessState } from '../IntegrationsPage/ListEmptyState';
import { credentialNotice } from './credentialNotice';

/** A chip for a credential that expired, expires soon or is due for rotation. */
function CredentialChip({ credential }: { credential: CredentialSummary }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const notice = credentialNotice(credential);
  if (!notice) return null;
  const { key, expiresAt } = credential;
  let label: string;
  if (notice.kind === 'expired') label = t('expiry.credentialExpired', { key });
  else if (notice.kind === 'expiresSoon')
    label = t('expiry.credentialExpiresSoon', { key, count: notice.days });
  else label = t('entity.rotationState', { key, state: notice.state });
  return (
    <Chip
      size="small"
      color={notice.kind === 'rotation' ? 'default' : 'secondary'}
      label={label}
      title={
        expiresAt
          ? t('expiry.expiresAt', {
              date: new Date(expiresAt).toLocaleDateString('en-US'),
            })
          : undefined
      }
    />
  );
}

/** The integrations assigned to the current catalog entity, each linking to its drawer. */
function AssignedIntegrations() {
  const { entity } = useEntity();
  const integrationLink = useRouteRef(integrationRouteRef);
  const { types } = useIntegrationTypes();
  const { t } = useTranslationRef(integrationsTranslationRef);
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const { value, loading, error } = useIntegrations({
    project: ref,
    limit: 200,
  });
  if (loading && !value) return <Progress />;
  if ((error as { name?: string })?.name === 'NotAllowedError')
    return <NoAccessState entityRef={ref} />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.items.length) {
    if (value?.access === 'none') return <NoAccessState entityRef={ref} />;
    return (
      <EmptyState
        missing="data"
        title={t('entity.emptyTitle')}
        description={
          value?.access === 'all'
            ? t('access.entityEmptyAll', { ref })
            : t('entity.emptyDescription', { ref })
        }
      />
    );
  }
  return (
    <List aria-label={t('entity.list')}>
      {value.items.map(integration => {
        const type = types.find(each => each.id === integration.type);
        const pause = integration.assignments?.find(
          a => a.entityRef === ref && !a.active,
        );
        return (
          <ListItem key={integration.id} divider>
            <ListItemIcon>
              <TypeIcon type={type} />
            </ListItemIcon>
            <ListItemText
              primary={
                <Link
                  component={RouterLink}
                  to={integrationLink({ id: integration.id })}
                >
                  {integration.name}
                </Link>
              }
              // Chips are divs: the secondary text must not be a <p>.
              secondaryTypographyProps={{ component: 'div' }}
              secondary={
                <Box
                  component="span"
                  display="flex"
                  flexWrap="wrap"
                  style={{ gap: 8 }}
                >
                  {pause && (
                    <Chip
                      size="small"
                      color="secondary"
                      label={t('entity.pausedHere')}
                      title={
                        pause.pauseReason
                          ? t('entity.pausedByBecause', {
                              who: pause.pausedBy ?? '',
                              reason: pause.pauseReason,
                            })
                          : t('entity.pausedBy', { who: pause.pausedBy ?? '' })
                      }
                    />
                  )}
                  <span>{type?.title ?? integration.type}</span>
                  {integration.urls.map(u => (
                    <span key={u.url}>{u.url}</span>
                  ))}
                  {integration.credentials.map(c => (
                    <CredentialChip key={c.key} credential={c} />
                  ))}
                </Box>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}

/** Entity page tab "Integrations": the list in a card like the catalog's own. */
export function EntityIntegrationsContent() {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <EntityInfoCard title={t('entity.contentTitle')}>
      <AssignedIntegrations />
    </EntityInfoCard>
  );
}

/** The same list as a card for an entity overview page, styled like About and Relations. */
export function EntityIntegrationsCard() {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <EntityInfoCard title={t('entity.cardTitle')}>
      <AssignedIntegrations />
    </EntityInfoCard>
  );
}

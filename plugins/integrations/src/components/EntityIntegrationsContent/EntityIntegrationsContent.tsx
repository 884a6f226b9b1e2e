import { Link as RouterLink } from 'react-router-dom';
import {
  Box,
  Chip,
  Link,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { useIntegrationTypes } from '../../hooks/useIntegrationTypes';
import { integrationRouteRef } from '../../routes';
import { TypeIcon } from '../IntegrationCard/typeIcons';

/** The integrations assigned to the current catalog entity, each linking to its drawer. */
function AssignedIntegrations() {
  const { entity } = useEntity();
  const api = useApi(integrationsApiRef);
  const integrationLink = useRouteRef(integrationRouteRef);
  const { types } = useIntegrationTypes();
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const { value, loading, error } = useAsync(
    () => api.listIntegrations({ project: ref, limit: 200 }),
    [api, ref],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.items.length) {
    return (
      <EmptyState
        missing="data"
        title="No integrations assigned"
        description={`No integration you can see is assigned to ${ref}.`}
      />
    );
  }
  return (
    <List aria-label="Assigned integrations">
      {value.items.map(integration => {
        const type = types.find(t => t.id === integration.type);
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
                      label="Paused for this entity"
                      title={`Paused by ${pause.pausedBy}${
                        pause.pauseReason ? `: ${pause.pauseReason}` : ''
                      }`}
                    />
                  )}
                  <span>{type?.title ?? integration.type}</span>
                  {integration.urls.map(u => (
                    <span key={u.url}>{u.url}</span>
                  ))}
                  {integration.credentials
                    .filter(c => c.rotationState !== 'ok')
                    .map(c => (
                      <Chip
                        key={c.key}
                        size="small"
                        label={`${c.key} ${c.rotationState}`}
                      />
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

/** Entity page tab "Integrations". */
export function EntityIntegrationsContent() {
  return (
    <Box>
      <Typography variant="h5" component="h2" gutterBottom>
        Integrations
      </Typography>
      <AssignedIntegrations />
    </Box>
  );
}

/** The same list as a card for an entity overview page. */
export function EntityIntegrationsCard() {
  return (
    <InfoCard title="Integrations">
      <AssignedIntegrations />
    </InfoCard>
  );
}

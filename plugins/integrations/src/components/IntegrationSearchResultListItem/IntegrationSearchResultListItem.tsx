import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { integrationsTranslationRef } from '../../translation';

/**
 * The fields the Integrations search collator puts in each document.
 *
 * @public
 */
export interface IntegrationSearchDocument extends SearchDocument {
  integrationType?: string;
  owner?: string;
  urlHosts?: string[];
  credentialKeys?: string[];
}

/** @public */
export interface IntegrationSearchResultListItemProps {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
  lineClamp?: number;
}

function Highlighted(props: {
  text: string;
  field: 'title' | 'text';
  highlight?: ResultHighlight;
}) {
  const { highlight, field, text } = props;
  const highlighted = highlight?.fields[field];
  return highlighted ? (
    <HighlightedSearchResultText
      text={highlighted}
      preTag={highlight!.preTag}
      postTag={highlight!.postTag}
    />
  ) : (
    <>{text}</>
  );
}

/**
 * A search result for an integration (document type `integration`): its name links
 * to the deep link `/integrations/<id>`, which opens the page with its drawer.
 *
 * @public
 */
export function IntegrationSearchResultListItem(
  props: IntegrationSearchResultListItemProps,
) {
  const result = props.result as IntegrationSearchDocument | undefined;
  const { t } = useTranslationRef(integrationsTranslationRef);
  if (!result) return null;
  const keys = result.credentialKeys ?? [];
  return (
    <Box display="flex" data-testid="integration-search-result">
      {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
      <Box flexWrap="wrap">
        <ListItemText
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link component={RouterLink} to={result.location}>
              <Highlighted
                text={result.title}
                field="title"
                highlight={props.highlight}
              />
            </Link>
          }
          secondary={
            <Typography
              component="span"
              color="textSecondary"
              variant="body2"
              style={{
                display: '-webkit-box',
                WebkitBoxOrient: 'vertical',
                WebkitLineClamp: props.lineClamp ?? 3,
                overflow: 'hidden',
              }}
            >
              <Highlighted
                text={result.text}
                field="text"
                highlight={props.highlight}
              />
            </Typography>
          }
        />
        <Box mb={2}>
          {result.integrationType && (
            <Chip
              label={t('search.type', { type: result.integrationType })}
              size="small"
            />
          )}
          {result.owner && (
            <Chip
              label={t('search.owner', { owner: result.owner })}
              size="small"
            />
          )}
          {keys.length > 0 && (
            <Chip
              label={t('search.keys', { keys: keys.join(', ') })}
              size="small"
            />
          )}
        </Box>
      </Box>
    </Box>
  );
}

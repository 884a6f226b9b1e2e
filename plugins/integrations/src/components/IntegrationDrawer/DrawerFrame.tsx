import { ReactNode } from 'react';
import { IconButton, Typography } from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { useDrawerStyles } from './drawerStyles';

/** The drawer's dialog: a title with Close, then whatever it shows. */
export function DrawerFrame(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
}) {
  const classes = useDrawerStyles();
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <div role="dialog" aria-label={props.title} className={classes.frame}>
      <div className={classes.header}>
        <Typography variant="h5" component="h2">
          {props.title}
        </Typography>
        <IconButton aria-label={t('drawer.close')} onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      {props.children}
    </div>
  );
}

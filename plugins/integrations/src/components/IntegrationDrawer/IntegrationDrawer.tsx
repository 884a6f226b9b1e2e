import { Drawer } from '@material-ui/core';
import {
  Integration,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { useDrawerStyles } from './drawerStyles';
import { IntegrationEditor } from './IntegrationEditor';

export type DrawerTarget = { mode: 'add' } | { mode: 'edit'; id: string };

export interface IntegrationDrawerProps {
  target?: DrawerTarget;
  types: IntegrationType[];
  onClose(): void;
  /** Called with the saved integration, or undefined after a delete. */
  onSaved(integration?: Integration): void;
}

/** Right-side drawer shared by Add and Edit. */
export function IntegrationDrawer(props: IntegrationDrawerProps) {
  const { target, onClose } = props;
  const classes = useDrawerStyles();
  return (
    <Drawer
      anchor="right"
      open={!!target}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      {target && (
        <IntegrationEditor
          key={target.mode === 'edit' ? target.id : 'add'}
          {...props}
          target={target}
        />
      )}
    </Drawer>
  );
}

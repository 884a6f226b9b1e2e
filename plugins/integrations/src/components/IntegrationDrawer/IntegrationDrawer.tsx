import { Drawer } from '@material-ui/core';
import { useDrawerStyles } from './drawerStyles';
import { IntegrationDrawerProps } from './drawerProps';
import { IntegrationEditor } from './IntegrationEditor';

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

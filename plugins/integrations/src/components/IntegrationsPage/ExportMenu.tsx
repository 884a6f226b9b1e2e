import { useState } from 'react';
import { Button, Menu, MenuItem } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ExportFormat } from '../../api/IntegrationsApi';
import { integrationsTranslationRef } from '../../translation';

/** "Export ▾" with CSV and JSON: the list's current filters, as a file. */
export function ExportMenu(props: {
  disabled?: boolean;
  onExport(format: ExportFormat): void;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const choose = (format: ExportFormat) => {
    setAnchor(null);
    props.onExport(format);
  };
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<GetAppIcon />}
        aria-haspopup="menu"
        disabled={props.disabled}
        onClick={e => setAnchor(e.currentTarget)}
      >
        {t('exportMenu.open')}
      </Button>
      <Menu
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        getContentAnchorEl={null}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <MenuItem onClick={() => choose('csv')}>{t('exportMenu.csv')}</MenuItem>
        <MenuItem onClick={() => choose('json')}>
          {t('exportMenu.json')}
        </MenuItem>
      </Menu>
    </>
  );
}

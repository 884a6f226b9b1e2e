import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ImportCheckedRow } from '../../hooks/useImportIntegrations';
import { integrationsTranslationRef } from '../../translation';

/** One line per row: name, credential keys (never a value) and its problems. */
export function ImportPreviewTable({ rows }: { rows: ImportCheckedRow[] }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <Table size="small" aria-label={t('importDialog.preview')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('importDialog.row')}</TableCell>
          <TableCell>{t('importDialog.rowName')}</TableCell>
          <TableCell>{t('importDialog.keys')}</TableCell>
          <TableCell>{t('importDialog.problems')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.index}>
            <TableCell>{row.index + 1}</TableCell>
            <TableCell>{row.name}</TableCell>
            <TableCell>{row.keys.join(', ')}</TableCell>
            <TableCell>
              {row.errors.length === 0 ? (
                <Typography variant="body2">{t('importDialog.ok')}</Typography>
              ) : (
                row.errors.map((error, n) => (
                  <Typography key={n} variant="body2" color="error">
                    {error.field
                      ? `${error.field}: ${error.message}`
                      : error.message}
                  </Typography>
                ))
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

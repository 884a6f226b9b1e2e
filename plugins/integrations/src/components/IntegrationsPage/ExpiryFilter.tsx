import { FormControl, InputLabel, MenuItem, Select } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';

/** The windows offered for "Expires within N days". */
const EXPIRY_WINDOWS = [7, 30, 90];

export interface Expiry {
  expiresWithinDays?: number;
  expired?: boolean;
}

/** The list's expiry filter in the URL: `?expiresWithinDays=30` or `?expired=true`. */
export function expiryFromParams(params: URLSearchParams): Expiry {
  const days = Number(params.get('expiresWithinDays'));
  return {
    expiresWithinDays:
      Number.isInteger(days) && days >= 1 && days <= 3650 ? days : undefined,
    expired: params.get('expired') === 'true' || undefined,
  };
}

export function setExpiryParams(params: URLSearchParams, expiry: Expiry) {
  params.delete('expiresWithinDays');
  params.delete('expired');
  if (expiry.expiresWithinDays)
    params.set('expiresWithinDays', String(expiry.expiresWithinDays));
  if (expiry.expired) params.set('expired', 'true');
}

/** "Expiry ▾": any, expires within 7/30/90 days, or expired. */
export function ExpiryFilter(props: {
  value: Expiry;
  onChange(next: Expiry): void;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const { expiresWithinDays, expired } = props.value;
  const windows = EXPIRY_WINDOWS.includes(expiresWithinDays ?? 0)
    ? EXPIRY_WINDOWS
    : [...EXPIRY_WINDOWS, expiresWithinDays!]
        .filter(Boolean)
        .sort((a, b) => a - b);
  let selected = 'any';
  if (expired) selected = 'expired';
  else if (expiresWithinDays) selected = String(expiresWithinDays);
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
      <InputLabel id="integrations-expiry-label">
        {t('expiry.filter')}
      </InputLabel>
      <Select
        labelId="integrations-expiry-label"
        label={t('expiry.filter')}
        value={selected}
        onChange={e => {
          const value = e.target.value as string;
          if (value === 'expired') props.onChange({ expired: true });
          else if (value === 'any') props.onChange({});
          else props.onChange({ expiresWithinDays: Number(value) });
        }}
        SelectDisplayProps={{ 'aria-label': t('expiry.filter') }}
      >
        <MenuItem value="any">{t('expiry.any')}</MenuItem>
        {windows.map(days => (
          <MenuItem key={days} value={String(days)}>
            {t('expiry.within', { days: String(days) })}
          </MenuItem>
        ))}
        <MenuItem value="expired">{t('expiry.expired')}</MenuItem>
      </Select>
    </FormControl>
  );
}

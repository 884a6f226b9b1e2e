import { useId, useState } from 'react';
import { TextField, TextFieldProps } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';

/**
 * A saved field shows read-only until the user clicks (or presses Enter on) it,
 * so an edit drawer is not changed by a stray keystroke.
 */
export function LockedTextField(props: TextFieldProps & { locked: boolean }) {
  const { locked, InputProps, ...rest } = props;
  const [unlocked, setUnlocked] = useState(false);
  const { t } = useTranslationRef(integrationsTranslationRef);
  // An id ties the label to the input, so the field has an accessible name.
  const generatedId = useId();
  const readOnly = locked && !unlocked;
  return (
    <TextField
      {...rest}
      id={rest.id ?? generatedId}
      InputProps={{
        ...InputProps,
        readOnly,
        onClick: () => setUnlocked(true),
        onKeyDown: event => {
          if (readOnly && event.key === 'Enter') setUnlocked(true);
        },
      }}
      helperText={
        readOnly && !rest.error ? t('drawer.lockedHelper') : rest.helperText
      }
    />
  );
}

import { SvgIcon, SvgIconProps } from '@material-ui/core';

/** A plug: two prongs, a rounded body and a cord, on the 24×24 grid. */
export const INTEGRATIONS_ICON_PATH =
  'M8 2h2v5H8zm6 0h2v5h-2zM5 8h14v3a6 6 0 0 1-5 5.92V22h-4v-5.08A6 6 0 0 1 5 11z';

/**
 * The Integrations icon (a plug), for the page, the nav item, entity tabs and
 * search results; pass it as an element: `<IntegrationsIcon />`.
 *
 * @public
 */
export function IntegrationsIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d={INTEGRATIONS_ICON_PATH} />
    </SvgIcon>
  );
}

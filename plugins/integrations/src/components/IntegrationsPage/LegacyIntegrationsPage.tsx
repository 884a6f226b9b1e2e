import { Content, Header, Page } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationsTranslationRef } from '../../translation';
import { IntegrationsRoutes } from './IntegrationsPage';

/** The page in legacy apps, which draw no page header of their own. */
export function IntegrationsPage() {
  const { t } = useTranslationRef(integrationsTranslationRef);
  // Page, Header and Content are the legacy shell (deprecated for the new frontend system only).
  return (
    <Page themeId="tool">
      <Header title={t('page.title')} subtitle={t('page.subtitle')} />
      <Content>
        <IntegrationsRoutes />
      </Content>
    </Page>
  );
}

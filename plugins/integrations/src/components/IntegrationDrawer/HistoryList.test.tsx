import { screen, within } from '@testing-library/react';
import { IntegrationEvent } from '@integrations-hub/backstage-plugin-integrations-common';
import { FakeIntegrationsApi } from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryList } from './HistoryList';

const entry = (
  id: string,
  action: IntegrationEvent['action'],
  project: string,
): IntegrationEvent => ({
  id,
  integrationId: 'int-1',
  at: '2026-11-24T10:00:00.000Z',
  actor: 'user:default/alice',
  action,
  detail: { project },
});

describe('HistoryList', () => {
  it('labels assignment entries alike, whether written as assignment.* or, before 0.4.0, project.*', async () => {
    const api = new FakeIntegrationsApi();
    api.events['int-1'] = [
      entry('1', 'assignment.added', 'component:default/a'),
      entry('2', 'assignment.paused', 'component:default/a'),
      entry('3', 'assignment.resumed', 'component:default/a'),
      entry('4', 'assignment.removed', 'component:default/a'),
      entry('5', 'project.assigned', 'component:default/b'),
      entry('6', 'project.paused', 'component:default/b'),
      entry('7', 'project.resumed', 'component:default/b'),
      entry('8', 'project.removed', 'component:default/b'),
    ];
    await renderWithApis(<HistoryList integrationId="int-1" />, { api });
    const list = await screen.findByRole('list', { name: 'History' });
    await within(list).findByText('Assigned project: component:default/a');
    const lines = within(list)
      .getAllByRole('listitem')
      .map(item => item.querySelector('.MuiListItemText-primary')?.textContent);
    expect(lines).toEqual([
      'Assigned project: component:default/a',
      'Paused project: component:default/a',
      'Resumed project: component:default/a',
      'Removed project: component:default/a',
      'Assigned project: component:default/b',
      'Paused project: component:default/b',
      'Resumed project: component:default/b',
      'Removed project: component:default/b',
    ]);
  });
});

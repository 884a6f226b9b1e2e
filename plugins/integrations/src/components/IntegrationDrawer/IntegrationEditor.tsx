import { Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  isNotFound,
  useIntegrationEditor,
} from '../../hooks/useIntegrationEditor';
import { integrationsTranslationRef } from '../../translation';
import { DrawerFrame } from './DrawerFrame';
import { EditorForm } from './EditorForm';
import type { DrawerTarget, IntegrationDrawerProps } from './drawerProps';
import { LoadProblem } from './LoadProblem';

/** One opening of the drawer: loads what it edits, and says so when it cannot. */
export function IntegrationEditor(
  props: IntegrationDrawerProps & { target: DrawerTarget },
) {
  const { target, types, onClose } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const editId = target.mode === 'edit' ? target.id : undefined;
  const editor = useIntegrationEditor(editId, types[0]?.id);

  if (editId && editor.error && !editor.value) {
    const title = isNotFound(editor.error)
      ? t('drawer.notFoundTitle')
      : t('drawer.loadFailedTitle');
    return (
      <DrawerFrame title={title} onClose={onClose}>
        <LoadProblem id={editId} error={editor.error} retry={editor.retry} />
      </DrawerFrame>
    );
  }
  const title = editId ? t('drawer.editTitle') : t('drawer.addTitle');
  return (
    <DrawerFrame title={title} onClose={onClose}>
      {editor.loading ? (
        <Progress />
      ) : (
        <EditorForm {...props} editor={editor} />
      )}
    </DrawerFrame>
  );
}

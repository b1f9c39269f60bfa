import { render } from 'preact';
import { OptionsPage } from './OptionsPage';
import { t } from '../../../src/core/i18n';

const root = document.getElementById('app');
if (root) render(<OptionsPage />, root);
document.title = t('titleKeyManager');

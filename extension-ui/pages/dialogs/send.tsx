import { render } from 'preact';
import { SendDialog } from './SendDialog';
import { t } from '../../../src/core/i18n';

const params = new URLSearchParams(location.search);
const recipients = (params.get('recipients') ?? '').split(',').filter(Boolean);
const root = document.getElementById('app');
if (root) render(<SendDialog recipients={recipients} sender={params.get('sender')} sendId={params.get('send')} viewId={params.get('view') ?? ''} />, root);
document.title = t('titleBeforeSending');

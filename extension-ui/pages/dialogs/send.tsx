import { render } from 'preact';
import { SendDialog } from './SendDialog';

const params = new URLSearchParams(location.search);
const recipients = (params.get('recipients') ?? '').split(',').filter(Boolean);
const root = document.getElementById('app');
if (root) render(<SendDialog recipients={recipients} sender={params.get('sender')} sendId={params.get('send')} viewId={params.get('view') ?? ''} />, root);

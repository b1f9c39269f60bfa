import { render } from 'preact';
import { Reader } from './Reader';
import { t, useTranslator, type Translator } from '../../src/core/i18n';

// Opened inside the extension, the reader speaks the browser's language; from disk it has its English built in.
const i18n = (globalThis as { chrome?: { i18n?: { getMessage?: Translator } } }).chrome?.i18n;
if (typeof i18n?.getMessage === 'function') useTranslator((key, substitutions) => i18n.getMessage!(key, substitutions));

const root = document.getElementById('app');
if (root) render(<Reader />, root);
document.title = t('readerTitle');

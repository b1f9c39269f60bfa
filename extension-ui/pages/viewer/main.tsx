import { render } from 'preact';
import { Viewer } from './Viewer';

const token = new URLSearchParams(location.search).get('t') ?? '';
const root = document.getElementById('app');
if (root) render(<Viewer token={token} />, root);

// The page learns only how tall the frame should be, never what it shows.
const parentOrigin = location.ancestorOrigins?.[0] ?? '*';
new ResizeObserver(() => {
  window.parent.postMessage({ sealmailViewerHeight: Math.ceil(document.documentElement.scrollHeight) }, parentOrigin);
}).observe(document.body);

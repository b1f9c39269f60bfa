// Makes the fallback reader one self-contained file: dist/sealmail-reader.html, script and style
// inlined, and a CSP that allows that one script (by its hash) and forbids every network request.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const html = readFileSync('dist/reader/index.html', 'utf8');
const script = readFileSync('dist/reader/reader.js', 'utf8').replace(/<\/script/gi, '<\\/script');
const style = readFileSync('dist/reader/reader.css', 'utf8').replace(/<\/style/gi, '<\\/style');
const hash = createHash('sha256').update(script).digest('base64');
const policy = [
  "default-src 'none'",
  `script-src 'sha256-${hash}'`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let out = html
  .replace(/<script[^>]*src="\.\/reader\.js"[^>]*><\/script>/, () => '')
  .replace(/<link[^>]*href="\.\/reader\.css"[^>]*>/, () => `<style>${style}</style>`)
  .replace('<meta charset="utf-8" />', () => `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`)
  .replace('</body>', () => `<script type="module">${script}</script>\n  </body>`);
if (out.includes('src="./') || out.includes('href="./')) throw new Error('the reader still refers to a file beside it');
writeFileSync('dist/sealmail-reader.html', out);
console.log(`dist/sealmail-reader.html: ${statSync('dist/sealmail-reader.html').size} bytes, one file`);

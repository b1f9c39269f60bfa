// web-ext lint on the Firefox build: no error, and no warning but the three README explains (each
// recognised by the code at the place the linter names):
// - preact's support for `dangerouslySetInnerHTML` (Sealmail never uses it);
// - DOMPurify parsing the HTML it is about to sanitise, in a document of its own;
// - the content script importing its own larger part, at the extension URL of a file in the package.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'dist/firefox';
const EXPLAINED = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', library: 'preact', at: /innerHTML=\w+\.__html/ },
  { code: 'UNSAFE_VAR_ASSIGNMENT', library: 'DOMPurify', at: /documentElement\.innerHTML=/ },
  { code: 'UNSAFE_VAR_ASSIGNMENT', library: "the content script's own parts.js", at: /import\(\w+\.runtime\.getURL\(\w+\)\)/ },
];

const run = spawnSync(process.execPath, ['node_modules/web-ext/bin/web-ext.js', 'lint', '--source-dir', DIR, '--output', 'json', '--no-input'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(run.stdout, run.stderr);
  throw new Error('web-ext lint did not print a report');
}

function codeAt(file, line, column) {
  const text = readFileSync(join(DIR, file), 'utf8').split('\n')[line - 1] ?? '';
  return text.slice(Math.max(column - 80, 0), column + 80);
}

const explained = [];
const unexplained = [...report.errors, ...report.notices];
for (const warning of report.warnings) {
  const known = warning.file && warning.line ? EXPLAINED.find((entry) => entry.code === warning.code && entry.at.test(codeAt(warning.file, warning.line, warning.column ?? 0))) : undefined;
  if (known) explained.push(`${warning.code} in ${warning.file} (${known.library})`);
  else unexplained.push(warning);
}
console.log(`web-ext lint ${DIR}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
for (const line of explained) console.log(`  explained in README: ${line}`);
for (const finding of unexplained) console.log(`  ${finding._type ?? 'finding'} ${finding.code} ${finding.file ?? ''}: ${finding.message}`);
if (unexplained.length > 0) process.exit(1);

// Zips each built browser folder into a store-ready archive: dist/sealmail-<browser>-<version>.zip.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const browser of ['chrome', 'firefox']) {
  const root = join('dist', browser);
  const entries = {};
  // A fixed date keeps archives of the same build identical.
  for (const file of filesUnder(root).sort()) entries[relative(root, file)] = [readFileSync(file), { mtime: new Date('2020-01-01T00:00:00Z') }];
  const out = join('dist', `sealmail-${browser}-${version}.zip`);
  writeFileSync(out, zipSync(entries, { level: 9 }));
  console.log(`${out}: ${Object.keys(entries).length} files, ${statSync(out).size} bytes`);
}

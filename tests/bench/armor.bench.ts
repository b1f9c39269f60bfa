/**
 * Armor finding on hostile and very large input, beside a plain line split of the same text (the
 * least any line-based reader must do), and the peak memory of opening a 50 MB message, beside a
 * process that only holds the same message and one that holds nothing. Each memory figure comes
 * from a fresh child process of plain Node (Linux), with the core bundled into one file.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { findArmorBlocks, generateKey, readPrivateKey, seal, unlockPrivateKey } from '../../src/core/index';

const MB = 1024 * 1024;

function timed(work: () => unknown): { ms: number; outcome: string } {
  const start = performance.now();
  let outcome: string;
  try {
    const result = work();
    outcome = Array.isArray(result) ? `${result.length} block(s)` : 'done';
  } catch (error) {
    outcome = `refused: ${(error as { code?: string }).code ?? (error as Error).message}`;
  }
  return { ms: performance.now() - start, outcome };
}

/**
 * The child that measures: plain Node (no TypeScript loader, whose own peak would hide the
 * message's) with the core bundled into one file. `idle` loads the core and the key and holds
 * nothing, `read` also holds the armored message as a string, `open` decrypts it too. Each starts
 * its peak again once loaded (garbage collected, then /proc/self/clear_refs), so that what reading
 * the file from disk costs is not counted, and reports it (VmHWM).
 */
const CHILD = `
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [mode, dir] = process.argv.slice(2);
/** VmHWM, the peak of this process image alone (Linux carries the spawning process's peak over into maxRSS). */
const peak = () => Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
/** Collects garbage and starts the peak again from what is resident now. */
function restartPeak() {
  globalThis.gc();
  writeFileSync('/proc/self/clear_refs', '5');
}
const core = await import(join(dir, 'core.mjs'));
let length = 0;
let armored = '';
const key = await core.unlockPrivateKey(await core.readPrivateKey(readFileSync(join(dir, 'key.asc'), 'utf8')), 'bench pass');
if (mode !== 'idle') {
  // The message as the worker gets it: one string. The file's bytes, which only reading from disk needs, are let go first.
  armored = readFileSync(join(dir, 'message.asc'), 'utf8');
  length = armored.length;
}
restartPeak();
if (mode === 'open') {
  const opened = await core.openMessage({ input: armored, decryptionKeys: [key] });
  if (opened.text.length === 0) throw new Error('nothing opened');
}
process.stdout.write(JSON.stringify({ maxRssKiB: peak(), length }));
`;

async function prepareChild(dir: string): Promise<void> {
  await build({ entryPoints: [fileURLToPath(new URL('../../src/core/index.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'core.mjs'), logLevel: 'error' });
  writeFileSync(join(dir, 'child.mjs'), CHILD);
}

function peakOf(mode: string, dir: string): { maxRssKiB: number; length: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', join(dir, 'child.mjs'), mode, dir], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (run.status !== 0) throw new Error(`child ${mode} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { maxRssKiB: number; length: number };
}

async function main(): Promise<void> {
  const begins = '-----BEGIN PGP MESSAGE-----\n'.repeat(Math.ceil((50 * MB) / 28));
  const clipped = `-----BEGIN PGP MESSAGE-----\n\n${`${'QUFBQUFBQUFB'.repeat(5)}AAAA\n`.repeat(Math.floor((50 * MB) / 65))}`;
  const dashes = `${'-'.repeat(25 * MB)} PGP MESSAGE\n${'BEGIN PGP END PGP '.repeat(Math.floor((25 * MB) / 18))}`;

  console.log('\nArmor finding on hostile input (one run each, ms); baseline: text.split("\\n") of the same text');
  console.log('input                                   |   size | find ms | split ms |  ratio | outcome');
  console.log('----------------------------------------|--------|---------|----------|--------|--------');
  const rows: [string, string][] = [
    ['50 MB of repeated BEGIN lines', begins],
    ['one 50 MB block without END', clipped],
    ['25 MB dash run, 25 MB of BEGIN/END words', dashes],
  ];
  let refusal = 0;
  for (const [label, text] of rows) {
    const split = timed(() => text.split('\n').length);
    const found = timed(() => findArmorBlocks(text));
    if (label.startsWith('50 MB of repeated')) refusal = found.ms;
    console.log(
      `${label.padEnd(39)} | ${`${(text.length / MB).toFixed(0)} MB`.padStart(6)} | ${found.ms.toFixed(1).padStart(7)} | ${split.ms.toFixed(1).padStart(8)} | ${`${(found.ms / split.ms).toFixed(2)}x`.padStart(6)} | ${found.outcome}`,
    );
  }
  console.log(`Goal: 50 MB of repeated BEGIN lines refused in under 1000 ms. Now: ${refusal.toFixed(1)} ms.`);

  const dir = mkdtempSync(join(tmpdir(), 'smb-'));
  try {
    const made = await generateKey({ name: 'Bench', email: 'bench@example.org', passphrase: 'bench pass', algorithm: 'ecc' });
    const key = await unlockPrivateKey(await readPrivateKey(made.armored), 'bench pass');
    // Base64 text does not compress, so that the armor is about 50 MB.
    const text = randomBytes(Math.floor(36.5 * MB * 0.75)).toString('base64');
    const armored = await seal({ text, recipients: [key.toPublic()], sender: key });
    writeFileSync(join(dir, 'message.asc'), armored);
    writeFileSync(join(dir, 'key.asc'), made.armored);
    await prepareChild(dir);
    const idle = peakOf('idle', dir);
    const read = peakOf('read', dir);
    const open = peakOf('open', dir);
    const size = read.length / MB;
    const beyondIdle = (open.maxRssKiB - idle.maxRssKiB) / 1024;
    console.log(`\nPeak memory (VmHWM of a fresh process, counted from after loading; the file's bytes let go) for a ${size.toFixed(1)} MB armored message:`);
    console.log(`  the same process, holding nothing:        ${(idle.maxRssKiB / 1024).toFixed(0)} MB (Node, the core and the key loaded)`);
    console.log(`  holding the message as one string:        ${(read.maxRssKiB / 1024).toFixed(0)} MB`);
    console.log(`  opening it (decrypt and verify), at peak: ${(open.maxRssKiB / 1024).toFixed(0)} MB`);
    const beyondHeld = (open.maxRssKiB - read.maxRssKiB) / 1024;
    console.log(`Goal: opening 50 MB peaks under 3x the message. Now: ${beyondIdle.toFixed(0)} MB beyond the process holding nothing, ${(beyondIdle / size).toFixed(2)}x the message, the message itself included (holding it alone takes ${((read.maxRssKiB - idle.maxRssKiB) / 1024 / size).toFixed(2)}x); ${beyondHeld.toFixed(0)} MB, ${(beyondHeld / size).toFixed(2)}x, beyond holding it.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * The demo a newcomer starts with `npm start`, run as it runs without a display: a scripted tour
 * that sends the prepared draft, reads Bob's mail inline, opens the sent mail as Bob would and
 * replies securely to Bob, then prints what happened and where the screenshots are, and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test('npm start without a display runs the tour (send, then read inline, then as Bob, then reply securely) and exits 0 with its screenshots under dist/', () => {
  test.setTimeout(180_000);
  rmSync('dist/tour', { recursive: true, force: true });
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, SEALMAIL_TOUR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  const out = run.stdout;
  expect(out).toContain('is running in headless Chromium');
  expect(out).toMatch(/1\. Send Secure: Gmail received only armor \(\d+ lines of PGP MESSAGE\), signed by Mia, encrypted to Bob and to Mia; the draft's words are not in it: true\./);
  expect(out).toContain("Bob's message signed: Verified signature from Bob Demo <bob@example.org>. This is the sender shown. | \"The boat is ready for Saturday.");
  expect(out).toContain("Bob's message unsigned: Not signed: anyone could have written this message.");
  expect(out).toContain("Bob's message with a password: Verified signature from Bob Demo <bob@example.org>. This is the sender shown. | \"Sealed with a password");
  expect(out).toContain("Bob's message with his key attached: Verified signature");
  expect(out).toContain('3. As Bob, without Sealmail: the fallback reader (dist/sealmail-reader.html, no network) opens the sent mail with his key: "Hello Bob,"');
  expect(out).toContain('4. Reply securely: Gmail\'s reply to Bob opened with his message quoted in Sealmail\'s editor, and went as armor. Bob reads "Saturday works for me. I will bring the charts.", then the quote ("> The boat is ready for Saturday. This message is signed by me."); the page never held the reply: true.');
  const shots = out.match(/^Screenshots: (.+)$/m)![1]!.split(', ');
  expect(shots).toEqual(['dist/tour/1-sent.png', 'dist/tour/2-read-inline.png', 'dist/tour/3-bob-reads-in-the-fallback-reader.png', 'dist/tour/4-reply-securely.png']);
  for (const path of shots) {
    expect(readFileSync(path).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(path).size).toBeGreaterThan(10_000);
  }
});

/** Drives Debian's GnuPG in a throw-away home directory: the interoperability peer in tests and benchmarks. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GPG = process.env.SEALMAIL_GPG ?? 'gpg';

export interface GpgResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export class GpgHome {
  readonly dir: string;

  constructor() {
    // Short path: gpg-agent's socket lives here and socket paths are limited in length.
    this.dir = mkdtempSync(join(tmpdir(), 'smg-'));
    // With --trust-model always gpg never creates a trust database, but importing a revocation needs one.
    spawnSync(GPG, ['--homedir', this.dir, '--batch', '--check-trustdb']);
  }

  private argsFor(args: readonly string[], passphrase?: string): string[] {
    const base = ['--homedir', this.dir, '--batch', '--yes', '--no-tty', '--trust-model', 'always', '--pinentry-mode', 'loopback'];
    return [...base, ...(passphrase === undefined ? [] : ['--passphrase', passphrase]), ...args];
  }

  run(args: readonly string[], input?: string | Uint8Array, passphrase?: string): GpgResult {
    const result = spawnSync(GPG, this.argsFor(args, passphrase), {
      input: input === undefined ? undefined : Buffer.from(input),
      maxBuffer: 512 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString() };
  }

  /** Runs gpg and fails with its own words when it exits non-zero. */
  ok(args: readonly string[], input?: string | Uint8Array, passphrase?: string): GpgResult {
    const result = this.run(args, input, passphrase);
    if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return result;
  }

  /**
   * The peak memory (max RSS, KiB) of the gpg process for one command, as GNU time reports it
   * (the agent, which holds the keys, is a process of its own and not counted); null without GNU
   * time (`apt-get install time`).
   */
  peakKiB(args: readonly string[], input?: string | Uint8Array): number | null {
    if (!existsSync('/usr/bin/time')) return null;
    const result = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', GPG, ...this.argsFor(args)], { input: input === undefined ? undefined : Buffer.from(input), maxBuffer: 512 * 1024 * 1024 });
    const found = /maxrss=(\d+)/.exec(result.stderr.toString());
    if (result.status !== 0 || !found) throw new Error(`gpg ${args.join(' ')} under time: ${result.stderr.toString()}`);
    return Number(found[1]);
  }

  /** Makes a key pair in this home and returns its fingerprint. */
  generate(userId: string, kind: 'ecc' | 'rsa' | 'rsa3072', passphrase = ''): string {
    const [primary, sub] = kind === 'ecc' ? ['ed25519', 'cv25519'] : kind === 'rsa3072' ? ['rsa3072', 'rsa3072'] : ['rsa2048', 'rsa2048'];
    this.ok(['--quick-gen-key', userId, primary, 'sign,cert', 'never'], undefined, passphrase);
    const fingerprint = this.fingerprintOf(userId);
    this.ok(['--quick-add-key', fingerprint, sub, 'encr', 'never'], undefined, passphrase);
    return fingerprint;
  }

  /** The revocation certificate gpg wrote when it made the key, made importable. */
  revocationCertificate(fingerprint: string): string {
    const saved = readFileSync(join(this.dir, 'openpgp-revocs.d', `${fingerprint}.rev`), 'utf8');
    // gpg disarms the file with a ':' before the BEGIN line so that it is not imported by mistake.
    return saved.replace(/^:-----BEGIN/m, '-----BEGIN');
  }

  fingerprintOf(query: string): string {
    const listing = this.ok(['--with-colons', '--list-keys', query]).stdout.toString();
    const line = listing.split('\n').find((row) => row.startsWith('fpr:'));
    if (!line) throw new Error(`gpg has no key for ${query}`);
    return line.split(':')[9]!;
  }

  import(armored: string, passphrase?: string): GpgResult {
    return this.ok(['--import'], armored, passphrase);
  }

  exportPublic(query: string): string {
    return this.ok(['--armor', '--export', query]).stdout.toString();
  }

  exportSecret(query: string, passphrase: string): string {
    return this.ok(['--armor', '--export-secret-keys', query], undefined, passphrase).stdout.toString();
  }

  /** Decrypts (and verifies); status lines go to stderr. */
  decrypt(input: string | Uint8Array, passphrase?: string): { text: string; status: string[][]; exit: number } {
    const result = this.run(['--status-fd', '2', '--decrypt'], input, passphrase);
    return { text: result.stdout.toString(), status: statusLines(result.stderr), exit: result.status };
  }

  close(): void {
    spawnSync('gpgconf', ['--homedir', this.dir, '--kill', 'gpg-agent']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Parses `gpg --status-fd 2` output into its keywords and arguments. */
export function statusLines(output: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('[GNUPG:] '))
    .map((line) => line.slice(9).split(' '));
}

/** Drives Debian's GnuPG in a throw-away home directory: the interoperability peer in tests and benchmarks. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  run(args: readonly string[], input?: string | Uint8Array, passphrase?: string): GpgResult {
    const base = ['--homedir', this.dir, '--batch', '--yes', '--no-tty', '--trust-model', 'always', '--pinentry-mode', 'loopback'];
    const secret = passphrase === undefined ? [] : ['--passphrase', passphrase];
    const result = spawnSync(GPG, [...base, ...secret, ...args], {
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

  /** Makes a key pair in this home and returns its fingerprint. */
  generate(userId: string, kind: 'ecc' | 'rsa', passphrase = ''): string {
    const [primary, sub] = kind === 'ecc' ? ['ed25519', 'cv25519'] : ['rsa2048', 'rsa2048'];
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

// Shared paths and helpers of the Node suites (not a test file itself).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(pkgDir, '..', '..');
export const require = createRequire(import.meta.url);

/** The package as `require('deminimis')` gives it. */
export const api = require(pkgDir);
/** The wasm-bindgen module underneath (JSON text in, JSON text out). */
export const raw = require(join(pkgDir, 'pkg', 'node', 'deminimis_wasm.js'));

/** The Rust CLI to compare with (built by scripts/test-wasm.sh: cargo build --release -p deminimis-cli). */
export const cli = process.env.DEMINIMIS_CLI ?? join(repoRoot, 'target', 'release', 'deminimis');

export function requireCli() {
  if (!existsSync(cli)) {
    throw new Error(`the Rust CLI is needed at ${cli}: run 'cargo build --release -p deminimis-cli' (or set DEMINIMIS_CLI)`);
  }
  return cli;
}

/** Run the CLI with `input` on standard input: { status, stdout, stderr }. */
export function runCli(args, input) {
  const r = spawnSync(requireCli(), args, { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliJson(args) {
  return JSON.parse(execFileSync(requireCli(), args, { encoding: 'utf8' }));
}

/** Every golden case: { file, case }. */
export function goldenCases() {
  const dir = join(repoRoot, 'tests', 'golden');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, case: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** A dotted path with [i] indexes into a JSON value (the Rust golden runner's syntax). */
export function lookup(value, path) {
  let v = value;
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) {
      if (v === null || typeof v !== 'object' || !(m[1] in v)) return undefined;
      v = v[m[1]];
    }
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) {
      if (!Array.isArray(v) || Number(idx[1]) >= v.length) return undefined;
      v = v[Number(idx[1])];
    }
  }
  return v;
}

/** Today's date in UTC, as the package's timeline default computes it. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The core's stable error codes: `Error::ALL_CODES` in crates/deminimis/src/error.rs. */
export function coreErrorCodes() {
  const rust = readFileSync(join(repoRoot, 'crates', 'deminimis', 'src', 'error.rs'), 'utf8');
  const block = /pub const ALL_CODES[^=]*=\s*&\[([^\]]*)\]/.exec(rust);
  if (!block) throw new Error('Error::ALL_CODES not found in crates/deminimis/src/error.rs');
  return [...block[1].matchAll(/"([a-z_0-9]+)"/g)].map((m) => m[1]);
}

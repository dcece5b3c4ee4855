// Run the built tsip CLI (dist/, as users run it) and the real tools, for
// differential tests.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TSIP = fileURLToPath(new URL('../../dist/cli/bin.cjs', import.meta.url));

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** tsip ARGS */
export function tsip(...args: string[]): Ran {
  const r = spawnSync(process.execPath, [TSIP, ...args], { encoding: 'utf8', env: { ...process.env, TSIP_TRACE: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Any command (the oracle: ip, sysctl, nft, ping). */
export function sh(cmd: string, args: string[]): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// NLM_F_DUMP_INTR for real, the short version of scripts/dump-intr.ts (its
// figures are in docs/RELIABILITY.md): address dumps while another process
// rotates the link's addresses. The flag must be seen; no dump tsip returns
// may skip or repeat an address (a retry, or a DumpInterruptedError, instead);
// once the churn stops, tsip and ip list the same addresses.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { privileged } from '../helpers/privileged.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

privileged('interrupted dumps (NLM_F_DUMP_INTR), provoked', () => {
  it('seen, retried to a consistent result or refused, never returned inconsistent; ip agrees afterwards', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/dump-intr.ts', '--addresses', '1000', '--seconds', '3', '--json'], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(report.churnOps).toBeGreaterThan(100);
    expect(report.datagramsPerDump).toBeGreaterThan(1);
    // the kernel flagged some attempts, and tsip saw the flag
    expect(report.raw.interrupted).toBeGreaterThan(0);
    expect(report.tsip.intrFlagsSeen).toBeGreaterThan(0);
    // an unflagged attempt is always consistent: the flag is what to trust
    expect(report.raw.cleanInconsistent).toBe(0);
    // what tsip returns is consistent, filtered by link or not
    expect(report.tsip.inconsistent).toBe(0);
    expect(report.tsipDev.inconsistent).toBe(0);
    expect(report.tsip.dumps - report.tsip.gaveUp).toBeGreaterThan(0);
    expect(report.afterChurn.same).toBe(true);
    expect(report.afterChurn.tsip).toBe(1000);
  }, 120_000);
});

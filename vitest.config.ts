import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // ffi-rs crashes the process when it is first loaded inside a worker
    // thread that later exits (shared/NOTES.md): run test files in forks.
    pool: 'forks',
    // .ci/run counts results from this file, not from the console summary.
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    // Privileged tests create namespaces and links; the kernel's RCU waits
    // make them slower than unit tests, and two cores are shared.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

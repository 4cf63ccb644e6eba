import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    // Setting up a store (PGlite starting, seven migrations) takes a few
    // seconds alone and several times that on a loaded CI machine running
    // many files at once: 10 s, the default, made setups fail as flakes.
    hookTimeout: 60_000,
  },
});

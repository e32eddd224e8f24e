import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/harness/global-setup.ts"],
    // Test files share the database servers (same table names): run them one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      tsconfig: "tsconfig.check.json",
      include: ["test/types/**/*.test-d.ts"],
    },
  },
});

/** Jest runs the TypeScript sources through ts-jest. p-retry and is-network-error ship
 * ESM only; jest's module loader cannot require() ESM, so ts-jest transpiles them too. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(p-retry|is-network-error)/)"],
  testTimeout: 60000,
  // Every request the provider sends and every answer the emulator renders is logged during the run
  // and checked against the official SDK's models afterwards (test/contract).
  globalSetup: "<rootDir>/test/contract/globalSetup.ts",
  globalTeardown: "<rootDir>/test/contract/globalTeardown.ts",
  // The serialized provider shim requires the installed package by name; in jest that is the source.
  moduleNameMapper: { "^pulumi-alicloud-ecs/provider$": "<rootDir>/provider/index.ts" },
};

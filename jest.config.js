/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": "<rootDir>/jest.transform.js" },
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/sim/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  maxWorkers: 2,
  testTimeout: 60000,
};

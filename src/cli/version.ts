// Kept in step with package.json by test/cli/version.test.ts; a constant avoids reading JSON at start-up.
export const VERSION = '0.1.0';

// Three tiers, selected by file suffix: *.spec.ts (pure), *.int-spec.ts (real PostgreSQL and Redis),
// *.e2e-spec.ts (the apps started as processes). `npm test` runs them all after setting the services up.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@vigil/(domain|infrastructure|media)$': '<rootDir>/libs/$1/src',
    '^@vigil/(domain|infrastructure|media)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  setupFiles: ['<rootDir>/test/setup-reflect.ts'],
};

module.exports = {
  // Integration and end-to-end tests wait on real services; unit tests finish far below this.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,migrations,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,migrations,scripts}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,test}/**/*.e2e-spec.ts'],
    },
  ],
};

/**
 * The architecture check (`npm run arch`: dependency-cruiser over src/ and flows/). Imports point
 * inward: the kernel (src/core) depends on nothing of the app; channels, features and flows depend on
 * the kernel; the store implements the features' ports; only the composition root (src/server.ts),
 * src/main.ts and the command-line tools (src/cli/) see the store. Any import cycle fails.
 * docs/architecture.md explains each rule; test/architecture/rules.test.ts shows that the check fails
 * on a deliberately bad import and on a cycle.
 */
const FEATURES = '(reports|events|subscriptions|broadcast|faq|edits|stats)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'No import cycle anywhere (type-only imports count too).', from: {}, to: { circular: true } },
    {
      name: 'core-is-the-kernel',
      severity: 'error',
      comment: 'src/core (engine, router, flow types, message model, ports, i18n...) imports nothing of the app.',
      from: { path: '^src/core/' },
      to: { path: '^(src/(?!core/)|flows/)' },
    },
    {
      name: 'lib-is-app-free',
      severity: 'error',
      comment: 'src/lib holds utilities that import no app code.',
      from: { path: '^src/lib/' },
      to: { path: '^(src/(?!lib/)|flows/)' },
    },
    {
      name: 'festival-is-domain-data',
      severity: 'error',
      comment: 'The festival domain (content schemas, calendar, loader) imports the kernel, lib and the config type only.',
      from: { path: '^src/festival/' },
      to: { path: '^(flows/|src/)', pathNot: '^src/(core|lib|festival)/|^src/config\\.ts$' },
    },
    {
      name: 'channels-are-transport',
      severity: 'error',
      comment: 'Channels import the kernel and lib, never features, the store, the intake or the config.',
      from: { path: '^src/channels/' },
      to: { path: '^(flows/|src/)', pathNot: '^src/(core|lib|channels)/' },
    },
    {
      name: 'flows-are-pure',
      severity: 'error',
      comment: "Flows import the kernel, the festival domain and their features' pure domain types only.",
      from: { path: '^flows/' },
      to: { path: '^src/', pathNot: '^src/(core|festival)/|^src/reports/types\\.ts$' },
    },
    {
      name: 'features-stand-alone',
      severity: 'error',
      comment: 'A feature imports the kernel, lib, the festival domain, the config type and its own folder (its ports), no other feature.',
      from: { path: `^src/${FEATURES}/` },
      to: { path: '^(flows/|src/)', pathNot: '^src/(core|lib|festival)/|^src/config\\.ts$|^src/$1/' },
    },
    {
      name: 'admin-uses-public-features',
      severity: 'error',
      comment: 'The staff side imports the kernel, lib, the festival domain, the config type and the public types of the features.',
      from: { path: '^src/admin/' },
      to: { path: '^(flows/|src/)', pathNot: `^src/(core|lib|festival|admin)/|^src/config\\.ts$|^src/${FEATURES}/(types|service)\\.ts$` },
    },
    {
      name: 'app-services',
      severity: 'error',
      comment:
        "The intake, the turn handling and the HTTP pipeline import the kernel, lib and their own folder (turns also the intake's ports and the web client of a turn).",
      from: { path: '^src/(intake|turns|http)/' },
      to: { path: '^(flows/|src/)', pathNot: '^src/(core|lib)/|^src/$1/|^src/intake/ports\\.ts$|^src/channels/web/client\\.ts$' },
    },
    {
      name: 'store-implements-ports',
      severity: 'error',
      comment: 'The store imports the kernel, lib, the festival domain and the ports and types it implements, nothing that uses it.',
      from: { path: '^src/store/' },
      to: {
        path: '^(flows/|src/)',
        pathNot: '^src/(core|lib|festival|store)/|^src/config\\.ts$|^src/[a-z-]+/(zalo/)?(ports|types)\\.ts$|^src/admin/audit\\.ts$',
      },
    },
    {
      name: 'only-the-root-sees-the-store',
      severity: 'error',
      comment: 'Only the composition root, main and the command-line tools import the store.',
      from: { path: '^(src|flows)/', pathNot: '^src/(store/|server\\.ts$|main\\.ts$|cli/)' },
      to: { path: '^src/store/' },
    },
    {
      name: 'redis-stays-in-the-store',
      severity: 'error',
      comment: 'ioredis and bullmq are used by the store only.',
      from: { path: '^(src|flows)/', pathNot: '^src/store/' },
      to: { path: '(^|/)node_modules/(ioredis|bullmq)/' },
    },
    {
      name: 'the-root-is-not-imported',
      severity: 'error',
      comment: 'src/server.ts is imported by main and the command-line tools only.',
      from: { path: '^(src|flows)/', pathNot: '^src/(main\\.ts|cli/)' },
      to: { path: '^src/server\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

/** What other modules may use of cloud platforms. */
export type { CatalogService, KeystoneToken, PlatformCredentials, TokenOutcome } from './keystone-client.ts';
export { catalogEndpoint, describeNetworkError, issueToken, revokeToken } from './keystone-client.ts';
export { findPlatform } from './platforms.repository.ts';
export { platformRoutes } from './platforms.routes.ts';
export { assertProviderUnit, createPlatform, openPlatformCredentials, requirePlatform } from './platforms.service.ts';

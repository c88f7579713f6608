/** What other modules may use of the service catalog and price books. */
export { catalogRoutes } from './catalog.routes.ts';
export { estimateCost } from './estimate.service.ts';
export { bookForPlatform, priceAt } from './price-books.service.ts';
export { priceBookRoutes } from './price-books.routes.ts';
export { seedDemoCatalog } from './seed-demo-catalog.ts';

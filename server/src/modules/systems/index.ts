/** What other modules may use of information systems, projects and documents. */
export { storeDocument } from './documents.service.ts';
export { systemsRoutes } from './systems.routes.ts';
export { requireProject, requireSystem } from './systems.service.ts';

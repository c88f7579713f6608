/** What other modules may use of information systems, projects and documents. */
export { type DocumentOwnerType, type DocumentView, documentsOf, readDocument, storeDocument } from './documents.service.ts';
export { systemsRoutes } from './systems.routes.ts';
export { recordSystemMlps, requireProject, requireSystem } from './systems.service.ts';
export { type CloudProject, cloudProjectsAsOf } from './project-list.ts';

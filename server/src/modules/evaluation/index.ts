/** What other modules use of the yearly evaluation: its routes and a unit's latest published grade. */
export { evaluationRoutes } from './evaluation.routes.ts';
export { latestGrade } from './evaluation.service.ts';

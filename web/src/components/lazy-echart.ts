import { lazy } from 'react';

/** The chart component, loaded only when a page draws a chart, so ECharts stays out of the first load. */
export const LazyEChart = lazy(() => import('./echart.tsx').then((module) => ({ default: module.EChart })));

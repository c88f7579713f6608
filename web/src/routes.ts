import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CalculatorOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  DeploymentUnitOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FundOutlined,
  HomeOutlined,
  LineChartOutlined,
  MonitorOutlined,
  NotificationOutlined,
  PieChartOutlined,
  ProfileOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SecurityScanOutlined,
  SettingOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Me } from '@yunshu/shared/api';
import { Badge, Flex, type MenuProps } from 'antd';
import { type ComponentType, createElement, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { type AccessRule, allows } from './access.ts';
import type { MessageKey, Translate } from './i18n/i18n-provider.tsx';

/** Sub-menus of the side menu; a route without a group is a top-level entry. */
export const MENU_GROUPS = {
  applications: { titleKey: 'menu.groups.applications', icon: FileDoneOutlined },
  resources: { titleKey: 'menu.groups.resources', icon: ClusterOutlined },
  billing: { titleKey: 'menu.groups.billing', icon: AccountBookOutlined },
  security: { titleKey: 'menu.groups.security', icon: SafetyOutlined },
  efficiency: { titleKey: 'menu.groups.efficiency', icon: DashboardOutlined },
  estate: { titleKey: 'menu.groups.estate', icon: CloudOutlined },
  admin: { titleKey: 'menu.groups.admin', icon: SettingOutlined },
} as const satisfies Record<string, { titleKey: MessageKey; icon: ComponentType }>;
export type MenuGroup = keyof typeof MENU_GROUPS;

/** A page of the console: its address, menu title, menu icon and who may open it. */
export interface AppRoute extends AccessRule {
  path: string;
  titleKey: MessageKey;
  icon: ComponentType;
  page: LazyExoticComponent<ComponentType>;
  group?: MenuGroup;
  /** A page reached from another (a detail page): not in the menu, which selects its parent instead. */
  hideInMenu?: boolean;
}

/**
 * Every page behind the sign-in, in menu order. The side menu is built from this list, so a page is shown
 * exactly to those who may open it. Sign-in and change-password live outside the layout (see app.tsx).
 */
export const APP_ROUTES: readonly AppRoute[] = [
  {
    path: '/',
    titleKey: 'menu.home',
    icon: HomeOutlined,
    page: lazy(() => import('./features/home/home-page.tsx').then((m) => ({ default: m.HomePage }))),
  },
  {
    path: '/systems',
    titleKey: 'menu.systems',
    icon: DeploymentUnitOutlined,
    permission: 'system:read',
    page: lazy(() => import('./features/systems/systems-page.tsx').then((m) => ({ default: m.SystemsPage }))),
  },
  {
    path: '/systems/:id',
    titleKey: 'menu.systemDetail',
    icon: DeploymentUnitOutlined,
    permission: 'system:read',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/systems/system-detail-page.tsx').then((m) => ({ default: m.SystemDetailPage })),
    ),
  },
  {
    path: '/systems/:id/security',
    titleKey: 'menu.systemSecurity',
    icon: SafetyCertificateOutlined,
    permission: 'security:read',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/security/system-security-page.tsx').then((m) => ({ default: m.SystemSecurityPage })),
    ),
  },
  {
    path: '/applications',
    titleKey: 'menu.applications',
    icon: FileTextOutlined,
    permission: 'application:read',
    group: 'applications',
    page: lazy(() =>
      import('./features/applications/applications-page.tsx').then((m) => ({ default: m.ApplicationsPage })),
    ),
  },
  {
    path: '/applications/pending',
    titleKey: 'menu.pending',
    icon: CheckSquareOutlined,
    permission: 'application:decide',
    group: 'applications',
    page: lazy(() => import('./features/applications/pending-page.tsx').then((m) => ({ default: m.PendingPage }))),
  },
  {
    path: '/applications/sla',
    titleKey: 'menu.sla',
    icon: FundOutlined,
    permission: 'application:report',
    group: 'applications',
    page: lazy(() => import('./features/applications/sla-report-page.tsx').then((m) => ({ default: m.SlaReportPage }))),
  },
  {
    path: '/applications/new/:kind',
    titleKey: 'menu.applicationNew',
    icon: FileTextOutlined,
    permission: 'application:submit',
    group: 'applications',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/applications/application-form-page.tsx').then((m) => ({ default: m.ApplicationFormPage })),
    ),
  },
  {
    path: '/applications/:id',
    titleKey: 'menu.applicationDetail',
    icon: FileTextOutlined,
    permission: 'application:read',
    group: 'applications',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/applications/application-detail-page.tsx').then((m) => ({ default: m.ApplicationDetailPage })),
    ),
  },
  {
    path: '/resources',
    titleKey: 'menu.resources',
    icon: DatabaseOutlined,
    permission: 'resource:read',
    group: 'resources',
    page: lazy(() => import('./features/resources/resources-page.tsx').then((m) => ({ default: m.ResourcesPage }))),
  },
  {
    path: '/resources/:id',
    titleKey: 'menu.resourceDetail',
    icon: DatabaseOutlined,
    permission: 'resource:read',
    group: 'resources',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/resources/resource-detail-page.tsx').then((m) => ({ default: m.ResourceDetailPage })),
    ),
  },
  {
    path: '/work-orders',
    titleKey: 'menu.workOrders',
    icon: ToolOutlined,
    permission: 'resource:read',
    // The providers who fulfil them and the operator's people who oversee their deadlines; a unit sees its
    // resources' work orders on the resource's page.
    anyPermission: ['work_order:fulfil', 'resource:manage', 'inventory:read'],
    group: 'resources',
    page: lazy(() => import('./features/work-orders/work-orders-page.tsx').then((m) => ({ default: m.WorkOrdersPage }))),
  },
  {
    path: '/inventory',
    titleKey: 'menu.inventory',
    icon: FileSearchOutlined,
    permission: 'inventory:read',
    group: 'resources',
    page: lazy(() => import('./features/inventory/inventory-page.tsx').then((m) => ({ default: m.InventoryPage }))),
  },
  {
    path: '/billing',
    titleKey: 'menu.billing',
    icon: PieChartOutlined,
    permission: 'billing:read',
    group: 'billing',
    page: lazy(() => import('./features/billing/cost-dashboard-page.tsx').then((m) => ({ default: m.CostDashboardPage }))),
  },
  {
    path: '/billing/statements',
    titleKey: 'menu.billingMonths',
    icon: ProfileOutlined,
    permission: 'billing:read',
    group: 'billing',
    page: lazy(() =>
      import('./features/billing/billing-statements-page.tsx').then((m) => ({ default: m.BillingStatementsPage })),
    ),
  },
  {
    path: '/billing/statements/:id',
    titleKey: 'menu.statementDetail',
    icon: ProfileOutlined,
    permission: 'billing:read',
    group: 'billing',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/billing/statement-detail-page.tsx').then((m) => ({ default: m.StatementDetailPage })),
    ),
  },
  {
    path: '/settlements',
    titleKey: 'menu.settlements',
    icon: ReconciliationOutlined,
    permission: 'settlement:read',
    group: 'billing',
    page: lazy(() => import('./features/settlements/settlements-page.tsx').then((m) => ({ default: m.SettlementsPage }))),
  },
  {
    path: '/datasync',
    titleKey: 'menu.dataSync',
    icon: DatabaseOutlined,
    permission: 'datasync:read',
    group: 'billing',
    page: lazy(() => import('./features/datasync/datasync-page.tsx').then((m) => ({ default: m.DataSyncPage }))),
  },
  {
    path: '/settlements/:id',
    titleKey: 'menu.settlementDetail',
    icon: ReconciliationOutlined,
    permission: 'settlement:read',
    group: 'billing',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/settlements/settlement-detail-page.tsx').then((m) => ({ default: m.SettlementDetailPage })),
    ),
  },
  {
    path: '/security',
    titleKey: 'menu.securityOverview',
    icon: SecurityScanOutlined,
    permission: 'security:read',
    group: 'security',
    page: lazy(() =>
      import('./features/security/security-overview-page.tsx').then((m) => ({ default: m.SecurityOverviewPage })),
    ),
  },
  {
    path: '/security/activities',
    titleKey: 'menu.securityActivities',
    icon: ScheduleOutlined,
    permission: 'security:read',
    group: 'security',
    page: lazy(() => import('./features/security/activities-page.tsx').then((m) => ({ default: m.ActivitiesPage }))),
  },
  {
    path: '/operations/inspections',
    titleKey: 'menu.inspections',
    icon: MonitorOutlined,
    permission: 'ops:read',
    // The providers who file them and the district's people who oversee the platforms; units read none.
    anyPermission: ['ops:inspect', 'ops:handle', 'inventory:read'],
    group: 'security',
    page: lazy(() => import('./features/operations/inspections-page.tsx').then((m) => ({ default: m.InspectionsPage }))),
  },
  {
    path: '/operations/inspections/:id',
    titleKey: 'menu.inspectionDetail',
    icon: MonitorOutlined,
    permission: 'ops:read',
    anyPermission: ['ops:inspect', 'ops:handle', 'inventory:read'],
    group: 'security',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/operations/inspection-detail-page.tsx').then((m) => ({ default: m.InspectionDetailPage })),
    ),
  },
  {
    path: '/operations/faults',
    titleKey: 'menu.faults',
    icon: WarningOutlined,
    permission: 'ops:read',
    group: 'security',
    page: lazy(() => import('./features/operations/faults-page.tsx').then((m) => ({ default: m.FaultsPage }))),
  },
  {
    path: '/operations/faults/:id',
    titleKey: 'menu.faultDetail',
    icon: WarningOutlined,
    permission: 'ops:read',
    group: 'security',
    hideInMenu: true,
    page: lazy(() => import('./features/operations/fault-detail-page.tsx').then((m) => ({ default: m.FaultDetailPage }))),
  },
  {
    path: '/operations/fault-sla',
    titleKey: 'menu.faultSla',
    icon: FieldTimeOutlined,
    permission: 'ops:read',
    // Those who answer for the deadlines: providers, the operator and the district's supervisors.
    anyPermission: ['ops:handle', 'inventory:read'],
    group: 'security',
    page: lazy(() => import('./features/operations/fault-sla-page.tsx').then((m) => ({ default: m.FaultSlaPage }))),
  },
  {
    path: '/evaluation',
    titleKey: 'menu.evaluation',
    icon: TrophyOutlined,
    // Everyone reads it; a unit sees its own result once published (QP-25), the API narrows the rest.
    permission: 'evaluation:read',
    group: 'security',
    page: lazy(() => import('./features/evaluation/evaluation-page.tsx').then((m) => ({ default: m.EvaluationPage }))),
  },
  {
    path: '/evaluation/rectifications',
    titleKey: 'menu.rectifications',
    icon: SolutionOutlined,
    permission: 'evaluation:read',
    group: 'security',
    page: lazy(() =>
      import('./features/evaluation/rectifications-page.tsx').then((m) => ({ default: m.RectificationsPage })),
    ),
  },
  {
    path: '/efficiency',
    titleKey: 'menu.efficiencyDashboard',
    icon: LineChartOutlined,
    // Everyone reads utilisation; the API narrows a unit to its own servers, findings and cases.
    permission: 'efficiency:read',
    group: 'efficiency',
    page: lazy(() => import('./features/efficiency/efficiency-dashboard-page.tsx').then((m) => ({ default: m.EfficiencyDashboardPage }))),
  },
  {
    path: '/efficiency/cases',
    titleKey: 'menu.rectificationCases',
    icon: AlertOutlined,
    permission: 'efficiency:read',
    // Those who act on cases: the operator, the authority and the unit's administrator.
    anyPermission: ['efficiency:manage', 'efficiency:decide', 'efficiency:respond'],
    group: 'efficiency',
    page: lazy(() => import('./features/efficiency/cases-page.tsx').then((m) => ({ default: m.CasesPage }))),
  },
  {
    path: '/efficiency/cases/:id',
    titleKey: 'menu.rectificationCaseDetail',
    icon: AlertOutlined,
    permission: 'efficiency:read',
    group: 'efficiency',
    hideInMenu: true,
    page: lazy(() => import('./features/efficiency/case-detail-page.tsx').then((m) => ({ default: m.CaseDetailPage }))),
  },
  {
    path: '/notifications',
    titleKey: 'menu.notifications',
    icon: NotificationOutlined,
    hideInMenu: true,
    page: lazy(() =>
      import('./features/notifications/notifications-page.tsx').then((m) => ({ default: m.NotificationsPage })),
    ),
  },
  {
    path: '/platforms',
    titleKey: 'menu.platforms',
    icon: CloudServerOutlined,
    permission: 'platform:read',
    group: 'estate',
    page: lazy(() => import('./features/platforms/platforms-page.tsx').then((m) => ({ default: m.PlatformsPage }))),
  },
  {
    path: '/catalog',
    titleKey: 'menu.catalog',
    icon: AppstoreOutlined,
    permission: 'catalog:read',
    group: 'estate',
    page: lazy(() => import('./features/catalog/catalog-page.tsx').then((m) => ({ default: m.CatalogPage }))),
  },
  {
    path: '/price-books',
    titleKey: 'menu.priceBooks',
    icon: TagsOutlined,
    permission: 'catalog:read',
    group: 'estate',
    page: lazy(() => import('./features/price-books/price-books-page.tsx').then((m) => ({ default: m.PriceBooksPage }))),
  },
  {
    path: '/price-books/:id',
    titleKey: 'menu.priceBookDetail',
    icon: TagsOutlined,
    permission: 'catalog:read',
    group: 'estate',
    hideInMenu: true,
    page: lazy(() =>
      import('./features/price-books/price-book-page.tsx').then((m) => ({ default: m.PriceBookPage })),
    ),
  },
  {
    path: '/calculator',
    titleKey: 'menu.calculator',
    icon: CalculatorOutlined,
    permission: 'catalog:read',
    group: 'estate',
    page: lazy(() => import('./features/calculator/calculator-page.tsx').then((m) => ({ default: m.CalculatorPage }))),
  },
  {
    path: '/policy',
    titleKey: 'menu.policy',
    icon: FileProtectOutlined,
    permission: 'policy:read',
    page: lazy(() => import('./features/policy/policy-page.tsx').then((m) => ({ default: m.PolicyPage }))),
  },
  {
    path: '/my-unit',
    titleKey: 'menu.myUnit',
    icon: BankOutlined,
    permission: 'unit:read',
    withoutPermission: 'unit:manage',
    page: lazy(() => import('./features/units/my-unit-page.tsx').then((m) => ({ default: m.MyUnitPage }))),
  },
  {
    path: '/admin/units',
    titleKey: 'menu.units',
    icon: ApartmentOutlined,
    permission: 'unit:manage',
    group: 'admin',
    page: lazy(() => import('./features/units/units-page.tsx').then((m) => ({ default: m.UnitsPage }))),
  },
  {
    path: '/admin/users',
    titleKey: 'menu.users',
    icon: TeamOutlined,
    permission: 'user:manage',
    group: 'admin',
    page: lazy(() => import('./features/users/users-page.tsx').then((m) => ({ default: m.UsersPage }))),
  },
  {
    path: '/security/sessions',
    titleKey: 'menu.sessions',
    icon: SafetyCertificateOutlined,
    permission: 'session:manage',
    group: 'admin',
    page: lazy(() => import('./features/security/sessions-page.tsx').then((m) => ({ default: m.SessionsPage }))),
  },
  {
    path: '/audit',
    titleKey: 'menu.audit',
    icon: AuditOutlined,
    permission: 'audit:read',
    group: 'admin',
    page: lazy(() => import('./features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage }))),
  },
  {
    path: '/admin/calendar',
    titleKey: 'menu.calendar',
    icon: CalendarOutlined,
    permission: 'calendar:read',
    group: 'admin',
    page: lazy(() => import('./features/calendar/calendar-page.tsx').then((m) => ({ default: m.CalendarPage }))),
  },
];

type MenuItems = NonNullable<MenuProps['items']>;
type MenuItem = MenuItems[number];

/** The menu key of a sub-menu (never a path, so clicking it navigates nowhere). */
export function menuGroupKey(group: MenuGroup): string {
  return `group:${group}`;
}

/** A count shown beside a menu entry, by its path (e.g. the 待办 waiting for the user). */
export type MenuBadges = Partial<Record<string, number>>;

function labelWithBadge(label: string, count: number | undefined): ReactNode {
  if (!count) return label;
  return createElement(
    Flex,
    { justify: 'space-between', align: 'center', gap: 8 },
    createElement('span', null, label),
    createElement(Badge, { count, size: 'small', overflowCount: 99 }),
  );
}

/**
 * The side menu of `me`: the routes they may open, titled in the current language. A group becomes a
 * sub-menu where its first visible route stands; a group with no visible route is left out.
 */
export function menuFor(me: Me, t: Translate, badges: MenuBadges = {}): MenuItems {
  const items: MenuItem[] = [];
  const groups = new Map<MenuGroup, MenuItem[]>();
  for (const route of APP_ROUTES) {
    if (route.hideInMenu || !allows(me, route)) continue;
    const item: MenuItem = { key: route.path, icon: createElement(route.icon), label: labelWithBadge(t(route.titleKey), badges[route.path]) };
    if (!route.group) {
      items.push(item);
      continue;
    }
    let children = groups.get(route.group);
    if (!children) {
      children = [];
      groups.set(route.group, children);
      const group = MENU_GROUPS[route.group];
      items.push({ key: menuGroupKey(route.group), icon: createElement(group.icon), label: t(group.titleKey), children });
    }
    children.push(item);
  }
  return items;
}

/** The route a location belongs to (the longest matching path), for the menu's selection. */
export function routeOf(pathname: string): AppRoute | undefined {
  return [...APP_ROUTES]
    .sort((a, b) => b.path.length - a.path.length)
    .find((route) => pathname === route.path || (route.path !== '/' && pathname.startsWith(`${route.path}/`)));
}

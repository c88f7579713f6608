import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../access.ts';
import { listCalendarYears, setCalendarYear } from '../../api/calendar-api.ts';
import type { CalendarSource, CalendarYear } from '../../api/contract-types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime, shanghaiToday } from '../../i18n/shanghai-time.ts';
import { CalendarDaysCard } from './calendar-days-card.tsx';
import { CalendarImportModal } from './calendar-import-modal.tsx';
import { DeadlineCalculator } from './deadline-calculator.tsx';

/**
 * 工作日历: the years of holiday arrangements (which are published, which needed ones are missing),
 * the holidays and make-up working days of one year, the import of a new year, and a deadline check.
 * Everyone may read it (deadlines are shown everywhere); the system administrator edits it.
 */
export function CalendarPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const mayManage = can(me, 'calendar:manage');
  const years = useAsync(listCalendarYears);
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const [busyYear, setBusyYear] = useState<number | null>(null);

  const thisYear = shanghaiToday().year;
  const known = years.data?.years ?? [];
  // This year's arrangement first, else the latest one.
  const shownYear = chosenYear ?? known.find((year) => year.year === thisYear)?.year ?? known[0]?.year ?? null;

  const setPublished = async (year: CalendarYear, published: boolean) => {
    setBusyYear(year.year);
    try {
      await setCalendarYear(year.year, { published });
      feedback.succeeded(t(published ? 'workCalendar.publishedDone' : 'workCalendar.unpublishedDone', { year: year.year }));
      years.reload();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyYear(null);
    }
  };

  const columns: TableColumnsType<CalendarYear> = [
    {
      title: t('workCalendar.columns.year'),
      dataIndex: 'year',
      render: (year: number) => <Typography.Text strong>{year}</Typography.Text>,
    },
    {
      title: t('workCalendar.columns.published'),
      dataIndex: 'published',
      render: (published: boolean) =>
        published ? <Tag color="green">{t('workCalendar.published')}</Tag> : <Tag color="orange">{t('workCalendar.unpublished')}</Tag>,
    },
    {
      title: t('workCalendar.columns.source'),
      dataIndex: 'source',
      render: (source: CalendarSource) => <Tag>{t(`workCalendar.sources.${source}`)}</Tag>,
    },
    {
      title: t('workCalendar.columns.holidays'),
      dataIndex: 'holidays',
      align: 'right',
      render: (count: number) => t('workCalendar.days', { count }),
    },
    {
      title: t('workCalendar.columns.makeupWorkdays'),
      dataIndex: 'makeupWorkdays',
      align: 'right',
      render: (count: number) => t('workCalendar.days', { count }),
    },
    { title: t('workCalendar.columns.note'), dataIndex: 'note', render: (note: string | null) => note ?? t('common.none') },
    { title: t('workCalendar.columns.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, year) => (
        <Flex gap={0}>
          <Button
            type="link"
            size="small"
            disabled={year.year === shownYear}
            onClick={() => setChosenYear(year.year)}
            data-testid={`calendar-view-${year.year}`}
          >
            {t('workCalendar.view')}
          </Button>
          {mayManage ? (
            <Popconfirm
              title={t(year.published ? 'workCalendar.unpublishConfirm' : 'workCalendar.publishConfirm', { year: year.year })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => setPublished(year, !year.published)}
            >
              <Button type="link" size="small" danger={year.published} loading={busyYear === year.year}>
                {year.published ? t('workCalendar.unpublish') : t('workCalendar.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];

  if (years.loading && !years.data) return <Loading />;

  const missing = years.data?.missingYears ?? [];

  return (
    <PageContainer
      title={t('workCalendar.title')}
      subtitle={t('workCalendar.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="calendar-import">
            {t('workCalendar.import.button')}
          </Button>
        ) : null
      }
    >
      {years.error ? <ApiErrorAlert error={years.error} /> : null}
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="calendar-missing-years"
          title={t(mayManage ? 'workCalendar.missing' : 'workCalendar.missingReader', { years: missing.join(t('common.listSeparator')) })}
        />
      ) : null}
      <Card size="small" title={t('workCalendar.yearsTitle')} data-testid="calendar-years">
        <Table<CalendarYear>
          rowKey="year"
          size="small"
          columns={columns}
          dataSource={known}
          loading={years.loading}
          pagination={{ pageSize: 5, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
          scroll={{ x: 'max-content' }}
          rowClassName={(year) => (year.year === shownYear ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: <Empty description={t('workCalendar.yearsEmpty')} /> }}
        />
      </Card>
      {shownYear !== null ? <CalendarDaysCard year={shownYear} mayManage={mayManage} onChanged={years.reload} /> : null}
      <DeadlineCalculator />
      <CalendarImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(result) => {
          setImporting(false);
          feedback.succeeded(t('workCalendar.import.done', { year: result.year, count: result.imported }));
          setChosenYear(result.year);
          years.reload();
        }}
      />
    </PageContainer>
  );
}

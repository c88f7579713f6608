import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { clearCalendarDay, listCalendarDays } from '../../api/calendar-api.ts';
import type { CalendarDay, CalendarSource } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime, weekdayOf } from '../../i18n/shanghai-time.ts';
import { CalendarDayModal, type DayEditing } from './calendar-day-modal.tsx';

interface CalendarDaysCardProps {
  year: number;
  mayManage: boolean;
  /** A day was set or cleared: the years' counts change too. */
  onChanged: () => void;
}

/** The exceptions of one year to Monday–Friday: holidays (休) and make-up working days (班). */
export function CalendarDaysCard({ year, mayManage, onChanged }: CalendarDaysCardProps) {
  const t = useT();
  const feedback = useFeedback();
  const days = useAsync(useCallback(() => listCalendarDays(year), [year]));
  const [editing, setEditing] = useState<DayEditing>(null);
  const [busyDate, setBusyDate] = useState<string | null>(null);
  const weekdays = t('workCalendar.weekdays').split(',');

  const clear = async (day: CalendarDay) => {
    setBusyDate(day.date);
    try {
      await clearCalendarDay(day.date);
      feedback.succeeded(t('workCalendar.dayCleared', { date: day.date }));
      days.reload();
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyDate(null);
    }
  };

  const columns: TableColumnsType<CalendarDay> = [
    { title: t('workCalendar.columns.date'), dataIndex: 'date', render: (date: string) => <Typography.Text strong>{date}</Typography.Text> },
    {
      title: t('workCalendar.columns.weekday'),
      key: 'weekday',
      render: (_, day) => {
        const weekday = weekdayOf(day.date);
        const weekend = weekday === 0 || weekday === 6;
        return <Typography.Text type={weekend ? 'secondary' : undefined}>{weekdays[weekday]}</Typography.Text>;
      },
    },
    {
      title: t('workCalendar.columns.kind'),
      dataIndex: 'isOffDay',
      render: (isOffDay: boolean) =>
        isOffDay ? (
          <Tag color="red">{t('workCalendar.offDay')}</Tag>
        ) : (
          <Tag color="blue">{t('workCalendar.workDay')}</Tag>
        ),
    },
    { title: t('workCalendar.columns.name'), dataIndex: 'name' },
    {
      title: t('workCalendar.columns.source'),
      dataIndex: 'source',
      render: (source: CalendarSource) => <Tag>{t(`workCalendar.sources.${source}`)}</Tag>,
    },
    { title: t('workCalendar.columns.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
    ...(mayManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, day: CalendarDay) => (
              <Flex gap={0}>
                <Button type="link" size="small" onClick={() => setEditing({ day })}>
                  {t('workCalendar.editDay')}
                </Button>
                <Popconfirm
                  title={t('workCalendar.clearConfirm', { date: day.date })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => clear(day)}
                >
                  <Button type="link" size="small" danger loading={busyDate === day.date}>
                    {t('workCalendar.clearDay')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('workCalendar.yearTitle', { year: String(year) })}
      data-testid="calendar-days"
      extra={
        mayManage ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing({ day: null })} data-testid="calendar-set-day">
            {t('workCalendar.setDay')}
          </Button>
        ) : null
      }
    >
      {days.error ? <ApiErrorAlert error={days.error} style={{ marginBottom: 12 }} /> : null}
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        columns={columns}
        dataSource={days.data ?? []}
        loading={days.loading}
        pagination={false}
        scroll={{ x: 'max-content', y: 480 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workCalendar.daysEmpty')} /> }}
      />
      <CalendarDayModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(date) => {
          setEditing(null);
          feedback.succeeded(t('workCalendar.daySaved', { date }));
          days.reload();
          onChanged();
        }}
      />
    </Card>
  );
}

import { Tag } from 'antd';
import { type Translate, useT } from '../i18n/i18n-provider.tsx';

const COLORS: Record<number, string> = { 1: 'green', 2: 'blue', 3: 'orange' };

/** How a level is written: 三 in 等保三级, 3 in “MLPS level 3”. */
export function mlpsNumeral(t: Translate, level: number): string {
  return t('estate.levelNumerals').split(',')[level - 1] ?? String(level);
}

/** 等保一级 … 等保三级 / MLPS level 1 … 3. */
export function mlpsLevelLabel(t: Translate, level: number): string {
  return t('estate.mlpsLevel', { level: mlpsNumeral(t, level) });
}

/** The MLPS (等级保护) level of an information system. */
export function MlpsLevelTag({ level }: { level: number }) {
  const t = useT();
  return <Tag color={COLORS[level] ?? 'red'}>{mlpsLevelLabel(t, level)}</Tag>;
}

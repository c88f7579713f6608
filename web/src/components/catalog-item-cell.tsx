import { Flex, Typography } from 'antd';
import { type Lang, useLang } from '../i18n/i18n-provider.tsx';

interface NamedItem {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A catalog item's name in the current language. */
export function itemName(item: Pick<NamedItem, 'nameZh' | 'nameEn'>, lang: Lang): string {
  return lang === 'zh-CN' ? item.nameZh : item.nameEn;
}

/**
 * A catalog item in a table cell: its name over its code (an estimate, a statement line), or, where the
 * code is what the reader scans for (price versions, price changes), the code over the name.
 */
export function CatalogItemCell({ item, codeFirst = false }: { item: NamedItem; codeFirst?: boolean }) {
  const { lang } = useLang();
  const name = itemName(item, lang);
  if (codeFirst) {
    return (
      <Flex vertical>
        <Typography.Text style={{ fontFamily: 'monospace' }}>{item.code}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {name}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Flex vertical>
      <span>{name}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
        {item.code}
      </Typography.Text>
    </Flex>
  );
}

/**
 * The security commitment letter (上云安全承诺书, SJ-18) as PDF, from one template filled with the
 * unit's and the system's data, a Chinese font embedded (subset) so the text is text. The commitments
 * follow the regulations: responsibility (QP-20, SJ-17), the pre-go-live work the district's profile
 * lists (SJ-18, QP-22), commercial cryptography (SJ-18), operation-time protection and incident
 * handling (QP-22, QP-23), and no access to other units' resources (QP-19). Deterministic for its input.
 */
import { cjkPdf } from '../../platform/pdf/cjk-font.ts';

export interface LetterContent {
  letterId: string;
  district: string;
  operator: string;
  regulationTitle: string;
  /** Where the letter is required, as the district cites it (松江办法第十八条), or null. */
  citation: string | null;
  unitName: string;
  creditCode: string;
  systemName: string;
  mlpsLevel: string;
  filingNumber: string | null;
  ownerName: string;
  ownerPhone: string;
  /** The pre-go-live items of the district's profile, in words. */
  checks: string[];
  /** The day of the letter, 'YYYY-MM-DD' (Asia/Shanghai). */
  date: string;
}

const chineseDate = (date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return `${year} 年 ${month} 月 ${day} 日`;
};

/** The letter's paragraphs; the PDF renders exactly these. */
export function letterParagraphs(c: LetterContent): { title: string; salutation: string; body: string[]; closing: string[] } {
  const filed = c.filingNumber ? `，备案编号 ${c.filingNumber}` : '';
  const basis = `根据《${c.regulationTitle}》${c.citation ? `${c.citation}` : ''}的规定`;
  return {
    title: '电子政务云上云安全承诺书',
    salutation: `${c.district}电子政务云运行管理单位（${c.operator}）：`,
    body: [
      `本单位${c.unitName}（统一社会信用代码 ${c.creditCode}）将信息系统“${c.systemName}”（网络安全等级保护第${c.mlpsLevel}级${filed}）部署于${c.district}电子政务云。${basis}，本单位郑重承诺：`,
      '一、遵循“谁建设谁负责、谁运营谁负责、谁管理谁负责、谁使用谁负责”的原则，承担本单位上云信息系统安全管理的主体责任。',
      `二、在信息系统上线前完成：${c.checks.join('、')}；未完成的，不申请上线。`,
      '三、严格落实国家网络安全和商用密码安全要求，采取安全管理措施，与信息系统同步规划、同步建设、同步使用。',
      '四、信息系统运行期间持续做好网络安全等级保护复测和数据安全保护，及时修复安全漏洞，开展应急演练，做好安全事件处置并及时报告。',
      '五、不利用电子政务云侵犯国家、集体利益以及公民的合法权益，不从事违法犯罪活动；未经授权不进入、访问其他单位的云资源、系统、数据和文档。',
      `系统负责人：${c.ownerName}    联系电话：${c.ownerPhone}`,
    ],
    closing: [`承诺单位（盖章）：${c.unitName}`, `信息系统：${c.systemName}`, '单位负责人（签字）：', `日期：${chineseDate(c.date)}`, `承诺书编号：${c.letterId}`],
  };
}

export function commitmentLetterPdf(content: LetterContent): Promise<Buffer> {
  const text = letterParagraphs(content);
  const { doc, bytes } = cjkPdf({ title: `${text.title}：${content.unitName}`, at: new Date(`${content.date}T00:00:00+08:00`), margin: 64 });
  doc.fontSize(18).text(text.title, { align: 'center' });
  doc.moveDown(1.2);
  doc.fontSize(11.5).text(text.salutation);
  doc.moveDown(0.6);
  for (const paragraph of text.body) {
    doc.text(paragraph, { indent: 23, lineGap: 4, align: 'justify' });
    doc.moveDown(0.4);
  }
  doc.moveDown(2);
  for (const line of text.closing) {
    doc.text(line, 300, doc.y, { lineGap: 6 });
    doc.moveDown(0.6);
  }
  doc.end();
  return bytes;
}

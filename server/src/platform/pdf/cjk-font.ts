/**
 * PDFs with Chinese text: the font they embed (as a subset), so that they print and are searchable
 * anywhere — Debian's fonts-noto-cjk; the family names the face inside the collection.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../errors.ts';

export const CJK_FONT = { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

/** Refuses to produce a PDF without the font rather than one whose Chinese text is missing. */
export function assertCjkFont(font = CJK_FONT): void {
  if (!existsSync(font.file)) {
    throw new AppError({
      status: 503,
      code: 'cjk_font_missing',
      zh: `服务器未安装中文字体（${font.file}），无法生成 PDF；请安装 fonts-noto-cjk`,
      en: `No Chinese font on the server (${font.file}); install fonts-noto-cjk to produce PDFs`,
    });
  }
}

/**
 * An A4 document set in the CJK font, and the promise of its bytes once `doc.end()` is called. Dated
 * `at` (not the moment of rendering), so the same input gives the same bytes.
 */
export function cjkPdf(options: { title: string; at: Date; margin?: number }, font = CJK_FONT): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  assertCjkFont(font);
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin ?? 56,
    info: { Title: options.title, Author: '云枢 Yunshu', Producer: '云枢 Yunshu', CreationDate: options.at, ModDate: options.at },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.family);
  doc.font('cjk');
  return { doc, bytes };
}

import { api, apiUrl, type Page } from './client.ts';
import type {
  AddedPrice,
  AddPriceBody,
  CorrectPriceBody,
  CreatePriceBookBody,
  PriceBook,
  PriceBookKind,
  PriceChange,
  PriceImportResult,
  PriceVersion,
  UpdatePriceBookBody,
  WithdrawPriceBody,
} from './contract-types.ts';

/** The content type of an .xlsx workbook, as the import route takes it. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PriceBookFilters {
  kind?: PriceBookKind | undefined;
}

export interface PriceVersionFilters {
  q?: string | undefined;
  itemId?: string | undefined;
  includeWithdrawn?: 'true' | 'false' | undefined;
}

const bookPath = (id: string) => `/price-books/${encodeURIComponent(id)}`;

export function listPriceBooks(filters: PriceBookFilters, page: number, pageSize: number): Promise<Page<PriceBook>> {
  return api.get<Page<PriceBook>>('/price-books', { ...filters, page, pageSize });
}

export function getPriceBook(id: string): Promise<PriceBook> {
  return api.get<PriceBook>(bookPath(id));
}

/** A district list, or a city tender list with its provider and tender reference. */
export function createPriceBook(body: CreatePriceBookBody): Promise<PriceBook> {
  return api.post<PriceBook>('/price-books', body);
}

export function updatePriceBook(id: string, body: UpdatePriceBookBody): Promise<PriceBook> {
  return api.patch<PriceBook>(bookPath(id), body);
}

/** The change records of the book's prices: who, when, why, before and after. */
export function listPriceChanges(bookId: string, filters: { itemId?: string | undefined }, page: number, pageSize: number): Promise<Page<PriceChange>> {
  return api.get<Page<PriceChange>>(`${bookPath(bookId)}/changes`, { ...filters, page, pageSize });
}

const pricePath = (id: string) => `/prices/${encodeURIComponent(id)}`;

/** Corrects a version not yet in effect; prices in effect are never edited. */
export function correctPrice(id: string, body: CorrectPriceBody): Promise<PriceVersion> {
  return api.patch<PriceVersion>(pricePath(id), body);
}

/** Withdraws a version not yet in effect; the version it had ended runs on. */
export function withdrawPrice(id: string, body: WithdrawPriceBody): Promise<PriceVersion> {
  return api.post<PriceVersion>(`${pricePath(id)}/withdraw`, body);
}

export function listPriceVersions(
  bookId: string,
  filters: PriceVersionFilters,
  page: number,
  pageSize: number,
): Promise<Page<PriceVersion>> {
  return api.get<Page<PriceVersion>>(`${bookPath(bookId)}/prices`, { ...filters, page, pageSize });
}

/** Adds a version; one that starts after an open-ended version ends that one at its start (`closed`). */
export function addPriceVersion(bookId: string, body: AddPriceBody): Promise<AddedPrice> {
  return api.post<AddedPrice>(`${bookPath(bookId)}/prices`, body);
}

/**
 * Imports an .xlsx price list: every row or none. Sent as a workbook whatever type the browser guessed
 * for the file (some report none for .xlsx). A refusal (`import_rejected`) lists each problem in
 * the error's `details.errors` (row, column, header, reason).
 */
export function importPriceBook(bookId: string, workbook: Blob): Promise<PriceImportResult> {
  return api.upload<PriceImportResult>(`${bookPath(bookId)}/import`, { content: workbook, contentType: XLSX_CONTENT_TYPE });
}

/** The empty workbook to fill in (Chinese headers, the catalog's codes on a second sheet). */
export function priceBookTemplateUrl(bookId: string): string {
  return apiUrl(`${bookPath(bookId)}/template`);
}

/** Every version of the book as a workbook in the template's layout (it imports back unchanged). */
export function priceBookExportUrl(bookId: string): string {
  return apiUrl(`${bookPath(bookId)}/export`);
}

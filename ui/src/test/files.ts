/**
 * Files for the test host's dialogs: synthetic mails (見本) written the way
 * Japanese mailers write them, small images and PDFs, and the shared 見本
 * fixtures. Each is a real file on disk, picked through the host's stand-in
 * file dialog and read by the app's own staging.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CaseInput, CaseView, Staged } from "../backend/types";
import type { Host } from "./host";

/** A 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** The smallest PDF a reader opens: one blank A4 page. */
export const PDF_ONE_PAGE = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** The shared 見本 fixtures: ../shared/fixtures beside the clone, or MADOGUCHI_FIXTURES. */
export function fixture(...path: string[]): string {
  const base = process.env.MADOGUCHI_FIXTURES ?? resolve(process.cwd(), "..", "..", "shared", "fixtures");
  const file = join(base, ...path);
  if (!existsSync(file)) throw new Error(`fixture not found: ${file} (set MADOGUCHI_FIXTURES)`);
  return file;
}

let dir: string | null = null;

/** Writes `bytes` as `name` into this test run's folder; returns its path. */
export function writeTemp(name: string, bytes: Buffer | string): string {
  dir ??= mkdtempSync(join(tmpdir(), "madoguchi-ui-"));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
/** RFC 2047 B-encoding in UTF-8, as Gmail and Outlook write Japanese headers. */
const word = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

export type MailPart = { fileName: string; type: string; bytes: Buffer };

/**
 * A request mail: From (display name and address), Subject, Date (omitted when
 * null: the import then reports it), a UTF-8 body and attachments.
 */
export function requestMail({
  fromName = "見本 花子",
  fromAddress = "hanako@example.jp",
  subject = "保有個人データの開示請求",
  date = "Tue, 01 Dec 2026 10:00:00 +0900",
  body = "保有個人データの開示を請求します。\n見本 花子",
  attachments = [] as MailPart[],
}: {
  fromName?: string;
  fromAddress?: string;
  subject?: string;
  date?: string | null;
  body?: string;
  attachments?: MailPart[];
} = {}): string {
  const boundary = "=_madoguchi_mihon_boundary";
  const lines = [
    `From: ${word(fromName)} <${fromAddress}>`,
    "To: privacy@example.co.jp",
    `Subject: ${word(subject)}`,
    ...(date ? [`Date: ${date}`] : []),
    "Message-ID: <mihon-0001@example.jp>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    b64(body),
  ];
  for (const a of attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.type}`,
      `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
      "Content-Transfer-Encoding: base64",
      "",
      b64(a.bytes).replace(/.{76}/g, "$&\r\n"),
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\r\n");
}

/** Picks `paths` in the app's .eml dialog, as the intake screen does. */
export async function stageMails(h: Host, paths: string[]): Promise<Staged> {
  await h.call("host.pick", { paths });
  return h.call<Staged>("pick_eml_files");
}

/** Picks `paths` in the app's scan dialog. */
export async function stageScans(h: Host, paths: string[]): Promise<Staged> {
  await h.call("host.pick", { paths });
  return h.call<Staged>("pick_scan_files");
}

/**
 * A case registered from a mail (as the intake screen does: the form
 * prefilled from it, then saved with the mail and its attachments), with
 * `over` changed in the form.
 */
export async function caseFromMail(h: Host, eml: string, over: Partial<CaseInput> = {}): Promise<CaseView> {
  const staged = await stageMails(h, [writeTemp("request.eml", eml)]);
  const mail = staged.mails[0];
  if (!mail) throw new Error(`the mail was not staged: ${staged.problems.join(" ")}`);
  const input: CaseInput = { ...mail.input, ...over, requester: { ...mail.input.requester, ...over.requester } };
  return h.call<CaseView>("create_case", { input, stagedMailId: mail.stagedId, stagedFileIds: [] });
}

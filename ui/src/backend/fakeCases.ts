// Case rules of the in-memory fake backend (tests only): validation like the
// Rust side's `CaseInput::validated`, the register's search key, and
// factories for the test data (case inputs, staged mails and scans).
import type {
  CaseInput,
  CaseRow,
  CaseStatus,
  Channel,
  FieldError,
  MailView,
  RequestKind,
  StagedFile,
  StagedMail,
} from "./types";

export const KIND_ORDER: readonly RequestKind[] = [
  "purpose_notice",
  "disclosure",
  "third_party_record",
  "correction",
  "addition",
  "deletion",
  "suspension",
  "erasure",
  "stop_third_party",
  "other",
];

/** NFKC, lower case, katakana → hiragana, without spaces and dashes (as the Rust `search_key`). */
export function searchKey(s: string): string {
  return [...s.normalize("NFKC")]
    .filter((c) => !/\s/.test(c) && !"-ー‐−—―・".includes(c))
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (code >= 0x30a1 && code <= 0x30f6) return String.fromCodePoint(code - 0x60);
      return c.toLowerCase();
    })
    .join("");
}

function clean(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** "2026-12-01", "２０２６年１２月１日", "2026/12/1" → a Date (local), or null. */
export function parseDay(s: string): { y: number; m: number; d: number } | null {
  const t = clean(s).replace(/[/.年月]/g, "-").replace(/日/g, "");
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return { y, m: mo, d };
}

const pad = (n: number) => String(n).padStart(2, "0");

export function dayString(p: { y: number; m: number; d: number }): string {
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** The cleaned input, or every field error at once. */
export function validateCaseInput(input: CaseInput, today: string): { value: CaseInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const v: CaseInput = structuredClone(input);
  const day = parseDay(input.receivedOn);
  if (!day) {
    errors.push({ field: "receivedOn", message: "受付日は西暦の年-月-日（例: 2026-12-01）で入力してください。" });
  } else if (dayString(day) > today) {
    errors.push({ field: "receivedOn", message: "受付日に未来の日付は指定できません。" });
  } else {
    v.receivedOn = dayString(day);
  }
  const r = v.requester;
  r.name = clean(r.name);
  if (!r.name) errors.push({ field: "requester.name", message: "請求者の氏名を入力してください。" });
  r.kana = clean(r.kana);
  if (r.kana && !/^[ぁ-ゖァ-ヺー・ 　]+$/.test(r.kana))
    errors.push({ field: "requester.kana", message: "フリガナはカタカナかひらがなで入力してください。" });
  const postal = clean(r.postalCode).replace(/^〒/, "").replace(/[ー－‐−]/g, "-");
  if (postal && !/^\d{3}-?\d{4}$/.test(postal))
    errors.push({ field: "requester.postalCode", message: "郵便番号は「123-4567」の形式で入力してください。" });
  else if (postal) r.postalCode = `${postal.replace("-", "").slice(0, 3)}-${postal.replace("-", "").slice(3)}`;
  for (const [field, key] of [
    ["requester.phone", "phone"],
    ["requester.registeredPhone", "registeredPhone"],
  ] as const) {
    const p = clean(r[key]);
    if (p && !/^0\d{1,4}-?\d{1,4}-?\d{3,4}$/.test(p)) errors.push({ field, message: "電話番号の形式が正しくありません。" });
  }
  for (const [field, key] of [
    ["requester.email", "email"],
    ["requester.registeredEmail", "registeredEmail"],
  ] as const) {
    const e = clean(r[key]);
    if (e && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) errors.push({ field, message: "メールアドレスの形式が正しくありません。" });
    else r[key] = e;
  }
  if (v.requesterType !== "self") {
    v.agent.name = clean(v.agent.name);
    if (!v.agent.name) errors.push({ field: "agent.name", message: "代理人の氏名を入力してください。" });
  } else {
    v.agent = { name: "", kana: "", contact: "", relationship: "" };
  }
  v.kinds = KIND_ORDER.filter((k) => v.kinds.includes(k));
  if (v.kinds.length === 0) errors.push({ field: "kinds", message: "請求の種類を一つ以上選んでください。" });
  if ([...v.memo].length > 4000) errors.push({ field: "memo", message: "4000文字以内で入力してください。" });
  return { value: v, errors };
}

export function blankInput(channel: Channel, today: string): CaseInput {
  return {
    channel,
    receivedOn: today,
    requester: { name: "", kana: "", postalCode: "", address: "", phone: "", email: "", registeredEmail: "", registeredPhone: "" },
    requesterType: "self",
    agent: { name: "", kana: "", contact: "", relationship: "" },
    kinds: [],
    dataConcerned: "",
    requestedCorrection: "",
    disclosureMethod: "",
    specificPersonalInfo: false,
    enclosures: [],
    enclosuresNote: "",
    memo: "",
    policyId: null,
  };
}

type DeepPartialInput = Partial<Omit<CaseInput, "requester" | "agent">> & {
  requester?: Partial<CaseInput["requester"]>;
  agent?: Partial<CaseInput["agent"]>;
};

/** A valid input with whatever the test overrides. */
export function sampleInput(over: DeepPartialInput = {}, today = "2026-12-10"): CaseInput {
  const base = blankInput(over.channel ?? "post", today);
  return {
    ...base,
    kinds: ["disclosure"],
    ...over,
    requester: { ...base.requester, name: "見本 花子", kana: "ミホン ハナコ", ...over.requester },
    agent: { ...base.agent, ...over.agent },
  };
}

/** The fake's due date: 30 calendar days from the day after receipt. */
export function fakeDueOn(receivedOn: string): string {
  const d = new Date(`${receivedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 30);
  return d.toISOString().slice(0, 10);
}

export function rowOf(c: {
  id: number;
  receiptNo: string;
  status: CaseStatus;
  input: CaseInput;
}): CaseRow {
  return {
    dueOn: fakeDueOn(c.input.receivedOn),
    clockPaused: false,
    id: c.id,
    receiptNo: c.receiptNo,
    receivedOn: c.input.receivedOn,
    channel: c.input.channel,
    status: c.status,
    requesterName: c.input.requester.name,
    requesterKana: c.input.requester.kana,
    kinds: [...c.input.kinds],
    specificPersonalInfo: c.input.specificPersonalInfo,
  };
}

let stagedSeq = 0;

export function makeStagedFile(over: Partial<StagedFile> = {}): StagedFile {
  stagedSeq += 1;
  return {
    stagedId: `file-${stagedSeq}`,
    fileName: `scan-${stagedSeq}.pdf`,
    kind: "pdf",
    kindLabel: "PDF",
    size: 123_456,
    problem: null,
    doc: { docType: "unclassified", honsekiPrinted: false, issuedOn: "", expiresOn: "" },
    masked: false,
    needsMask: false,
    maskReason: "",
    ...over,
  };
}

export function makeMailView(over: Partial<MailView> = {}): MailView {
  return {
    fromName: "高橋 一郎",
    fromAddress: "ichiro@example.jp",
    sentAt: "2026-12-08T09:15:00+09:00",
    subject: "保有個人データの開示請求",
    bodyText: "株式会社サンプル商事 御中\n\n私の保有個人データの開示を請求します。\n書面での回答をお願いします。\n\n高橋 一郎",
    problems: [],
    ...over,
  };
}

export function makeStagedMail(over: Partial<Omit<StagedMail, "input">> & { input?: DeepPartialInput } = {}): StagedMail {
  stagedSeq += 1;
  const mail = over.mail ?? makeMailView();
  const { input: inputOver, attachments, ...rest } = over;
  const stagedId = rest.stagedId ?? `mail-${stagedSeq}`;
  return {
    stagedId,
    fileName: `request-${stagedSeq}.eml`,
    mail,
    duplicates: [],
    ...rest,
    // As the backend names them: `<mailId>-<n>`.
    attachments: (attachments ?? []).map((a, i) => ({ ...a, stagedId: `${stagedId}-${i}` })),
    input: sampleInput({
      channel: "email",
      receivedOn: "2026-12-08",
      kinds: ["disclosure"],
      disclosureMethod: "paper",
      ...inputOver,
      requester: { name: mail.fromName, kana: "", email: mail.fromAddress, ...inputOver?.requester },
    }),
  };
}

/** A 1×1 PNG. */
export const PNG_1X1_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
/** The start of a PDF (enough for the tests: the renderer is mocked there). */
export const PDF_STUB_BASE64 = btoa("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");

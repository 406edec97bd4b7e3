/**
 * Plain 見本 data for tests of pure functions and single components: an
 * intake form, staged files and mails as the backend describes them, and the
 * policy template the core starts a new profile from (fixtures/, written
 * from `new_policy_body`). No rules live here; tests of behaviour run on
 * the test host (host.ts).
 */
import type { CaseInput, Channel, MailView, PaymentInput, PolicyBody, StagedFile, StagedMail } from "../backend/types";
import template from "./fixtures/policy-template.json";
import { TODAY } from "./host";

/** An empty intake form for `channel`, received `today`. */
export function blankInput(channel: Channel = "post", today = TODAY): CaseInput {
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

type PartialInput = Partial<Omit<CaseInput, "requester" | "agent">> & {
  requester?: Partial<CaseInput["requester"]>;
  agent?: Partial<CaseInput["agent"]>;
};

/** A form with a requester (見本 花子) and 開示 requested, received `TODAY` unless said otherwise. */
export function sampleInput(over: PartialInput = {}): CaseInput {
  const base = blankInput(over.channel ?? "post");
  return {
    ...base,
    kinds: ["disclosure"],
    ...over,
    requester: { ...base.requester, name: "見本 花子", kana: "ミホン ハナコ", ...over.requester },
    agent: { ...base.agent, ...over.agent },
  };
}

/** The profile the core starts a new one from (`new_policy_body`), named and changed by `over`. */
export function policyTemplate(over: Partial<PolicyBody> = {}): PolicyBody {
  return { ...(structuredClone(template) as PolicyBody), name: "標準ポリシー", ...over };
}

/** A payment with nothing filled in: spread the fields a test needs over it. */
export const blankPayment: PaymentInput = {
  direction: "in",
  method: "stamps",
  receivedOn: "",
  stamps: [],
  moneyOrderCount: 0,
  moneyOrderFaceYen: 0,
  moneyOrderIssuedOn: "",
  amountYen: 0,
  payerKana: "",
  bankChargeDeducted: false,
  note: "",
};

let seq = 0;

export function makeStagedFile(over: Partial<StagedFile> = {}): StagedFile {
  seq += 1;
  return {
    stagedId: `file-${seq}`,
    fileName: `scan-${seq}.pdf`,
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

function makeMailView(over: Partial<MailView> = {}): MailView {
  return {
    fromName: "高橋 一郎",
    fromAddress: "ichiro@example.jp",
    sentAt: "2026-12-08T09:15:00+09:00",
    subject: "保有個人データの開示請求",
    bodyText: "見本商事株式会社 御中\n\n私の保有個人データの開示を請求します。\n書面での回答をお願いします。\n\n高橋 一郎",
    problems: [],
    ...over,
  };
}

export function makeStagedMail(over: Partial<Omit<StagedMail, "input">> & { input?: PartialInput } = {}): StagedMail {
  seq += 1;
  const mail = over.mail ?? makeMailView();
  const { input: inputOver, attachments, ...rest } = over;
  const stagedId = rest.stagedId ?? `mail-${seq}`;
  return {
    stagedId,
    fileName: `request-${seq}.eml`,
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

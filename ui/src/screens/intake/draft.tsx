import { createContext, useContext, useEffect, useReducer, useRef, type Dispatch, type ReactNode } from "react";
import { useBackend } from "../../backend/context";
import type { CaseInput, Channel, Staged, StagedFile, StagedMail } from "../../backend/types";

/**
 * The intake (受付) in progress: the form, the mails waiting to be entered,
 * the scans to attach. Kept in the shell's memory — never in localStorage —
 * so that it survives going to another page and back; it ends with the session.
 */
export interface IntakeDraft {
  channel: Channel;
  /** The form; null until `new_case_input` answered (or after a save / discard). */
  input: CaseInput | null;
  /** The officer changed the form since it was loaded. */
  dirty: boolean;
  /** The staged mail the form is for, if any. */
  mailId: string | null;
  /** Staged mails not saved yet, in the order they came. */
  mails: StagedMail[];
  /** Staged scans for this form (those with a `problem` are shown, never sent). */
  files: StagedFile[];
  /** What the last import could not read. */
  problems: string[];
  /** Mail attachments the officer refused to keep (「受け取らずに破棄」): shown as 破棄済. */
  refused: string[];
  /** The case just saved (the success panel), until 続けて受付. */
  saved: { id: number; receiptNo: string } | null;
  /** Counts the times the form was emptied: a blank form is asked for each (see `loaded`). */
  blankSeq: number;
}

export const initialDraft: IntakeDraft = {
  channel: "post",
  input: null,
  dirty: false,
  mailId: null,
  mails: [],
  files: [],
  problems: [],
  refused: [],
  saved: null,
  blankSeq: 0,
};

export type DraftAction =
  | { type: "loaded"; input: CaseInput; blankSeq: number }
  | { type: "edit"; input: CaseInput }
  | { type: "channel"; channel: Channel }
  | { type: "staged"; staged: Staged }
  | { type: "useMail"; mailId: string }
  | { type: "removeFile"; stagedId: string }
  /** The backend's answer for a staged scan or mail attachment (書類の種類 set, masked). */
  | { type: "fileChanged"; file: StagedFile }
  /** Refused: a scan leaves the list, a mail attachment is marked 破棄済. */
  | { type: "fileRefused"; stagedId: string }
  | { type: "saved"; id: number; receiptNo: string }
  | { type: "next" }
  | { type: "discarded" }
  | { type: "clearProblems" };

function loadMail(d: IntakeDraft, mail: StagedMail): IntakeDraft {
  return { ...d, input: structuredClone(mail.input), mailId: mail.stagedId, channel: mail.input.channel, dirty: false };
}

/** After a save or a discard: the next mail in the queue, or a blank form (input null → loaded). */
function moveOn(d: IntakeDraft): IntakeDraft {
  const next = d.mails[0];
  const base: IntakeDraft = { ...d, input: null, mailId: null, dirty: false, files: [], blankSeq: d.blankSeq + 1 };
  return next ? loadMail(base, next) : base;
}

export function draftReducer(d: IntakeDraft, a: DraftAction): IntakeDraft {
  switch (a.type) {
    case "loaded":
      // Only the answer for the current empty form counts (not a late one for an earlier form).
      return d.input === null && a.blankSeq === d.blankSeq ? { ...d, input: { ...a.input, channel: d.channel }, dirty: false } : d;
    case "edit":
      return { ...d, input: a.input, dirty: true };
    case "channel":
      // Not "dirty": choosing 郵送 before a letter is typed is no input to protect.
      return { ...d, channel: a.channel, input: d.input ? { ...d.input, channel: a.channel } : d.input };
    case "staged": {
      const known = new Set(d.mails.map((m) => m.stagedId));
      const mails = [...d.mails, ...a.staged.mails.filter((m) => !known.has(m.stagedId))];
      const knownFiles = new Set(d.files.map((f) => f.stagedId));
      const files = [...d.files, ...a.staged.files.filter((f) => !knownFiles.has(f.stagedId))];
      let next: IntakeDraft = { ...d, mails, files, problems: a.staged.problems };
      // A pristine form (blank or not loaded yet) takes the first new mail at once.
      const first = a.staged.mails[0];
      if (first && d.mailId === null && !d.dirty && d.saved === null) next = loadMail(next, first);
      return next;
    }
    case "useMail": {
      const mail = d.mails.find((m) => m.stagedId === a.mailId);
      return mail ? loadMail({ ...d, saved: null }, mail) : d;
    }
    case "removeFile":
      return { ...d, files: d.files.filter((f) => f.stagedId !== a.stagedId) };
    case "fileChanged": {
      const swap = (f: StagedFile) => (f.stagedId === a.file.stagedId ? a.file : f);
      return {
        ...d,
        files: d.files.map(swap),
        mails: d.mails.map((m) => (m.attachments.some((x) => x.stagedId === a.file.stagedId) ? { ...m, attachments: m.attachments.map(swap) } : m)),
      };
    }
    case "fileRefused":
      return d.files.some((f) => f.stagedId === a.stagedId)
        ? { ...d, files: d.files.filter((f) => f.stagedId !== a.stagedId) }
        : { ...d, refused: d.refused.includes(a.stagedId) ? d.refused : [...d.refused, a.stagedId] };
    case "saved":
      return {
        ...d,
        saved: { id: a.id, receiptNo: a.receiptNo },
        mails: d.mails.filter((m) => m.stagedId !== d.mailId),
        mailId: null,
        files: [],
        input: null,
        dirty: false,
        problems: [],
        blankSeq: d.blankSeq + 1,
      };
    case "next":
      return moveOn({ ...d, saved: null });
    case "discarded":
      return moveOn({ ...d, mails: d.mails.filter((m) => m.stagedId !== d.mailId), problems: [] });
    case "clearProblems":
      return { ...d, problems: [] };
  }
}

interface Ctx {
  draft: IntakeDraft;
  dispatch: Dispatch<DraftAction>;
}

const DraftContext = createContext<Ctx | null>(null);

/**
 * Holds the intake draft for the shell, and takes files dropped onto the
 * window (the backend's `madoguchi://staged` event) into it; `onDropped` is
 * told (the shell shows 受付).
 */
export function IntakeDraftProvider({ children, onDropped }: { children: ReactNode; onDropped: () => void }) {
  const backend = useBackend();
  const [draft, dispatch] = useReducer(draftReducer, initialDraft);
  const onDroppedRef = useRef(onDropped);
  useEffect(() => {
    onDroppedRef.current = onDropped;
  });
  useEffect(
    () =>
      backend.onStaged((staged) => {
        dispatch({ type: "staged", staged });
        onDroppedRef.current();
      }),
    [backend],
  );
  return <DraftContext.Provider value={{ draft, dispatch }}>{children}</DraftContext.Provider>;
}

export function useIntakeDraft(): Ctx {
  const ctx = useContext(DraftContext);
  if (!ctx) throw new Error("useIntakeDraft() outside <IntakeDraftProvider>");
  return ctx;
}

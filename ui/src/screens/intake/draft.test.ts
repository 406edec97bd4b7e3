import { describe, expect, it } from "vitest";
import { blankInput, makeStagedFile, makeStagedMail, sampleInput } from "../../test/fixtures";
import { draftReducer, initialDraft, type IntakeDraft } from "./draft";

const loaded = (d: IntakeDraft = initialDraft) => draftReducer(d, { type: "loaded", input: blankInput("post", "2026-12-10"), blankSeq: d.blankSeq });

describe("the intake draft", () => {
  it("a pristine form takes the first staged mail; a form being typed keeps its input and queues the mail", () => {
    const mail = makeStagedMail();
    const fresh = draftReducer(loaded(), { type: "staged", staged: { mails: [mail], files: [], problems: [] } });
    expect(fresh.mailId).toBe(mail.stagedId);
    expect(fresh.input?.requester.name).toBe("高橋 一郎");
    expect(fresh.channel).toBe("email");

    const typed = draftReducer(loaded(), { type: "edit", input: sampleInput({ requester: { name: "見本 花子" } }) });
    const queued = draftReducer(typed, { type: "staged", staged: { mails: [mail], files: [], problems: [] } });
    expect(queued.mailId).toBeNull();
    expect(queued.input?.requester.name).toBe("見本 花子");
    expect(queued.mails).toHaveLength(1);
  });

  it("the same staged item is not added twice; a late blank form does not overwrite a mail", () => {
    const file = makeStagedFile();
    let d = draftReducer(loaded(), { type: "staged", staged: { mails: [], files: [file], problems: [] } });
    d = draftReducer(d, { type: "staged", staged: { mails: [], files: [file], problems: [] } });
    expect(d.files).toHaveLength(1);

    const mail = makeStagedMail();
    let e = draftReducer(initialDraft, { type: "staged", staged: { mails: [mail], files: [], problems: [] } });
    e = draftReducer(e, { type: "loaded", input: blankInput("post", "2026-12-10"), blankSeq: 0 });
    expect(e.input?.requester.name).toBe("高橋 一郎");
  });

  it("after a save: the saved mail leaves the queue; 続けて moves to the next mail with no files", () => {
    const m1 = makeStagedMail();
    const m2 = makeStagedMail();
    const file = makeStagedFile();
    let d = draftReducer(loaded(), { type: "staged", staged: { mails: [m1, m2], files: [file], problems: [] } });
    d = draftReducer(d, { type: "saved", id: 1, receiptNo: "2026-0001" });
    expect(d.mails.map((m) => m.stagedId)).toEqual([m2.stagedId]);
    expect(d.files).toEqual([]);
    expect(d.input).toBeNull();
    d = draftReducer(d, { type: "next" });
    expect(d.saved).toBeNull();
    expect(d.mailId).toBe(m2.stagedId);
  });
});

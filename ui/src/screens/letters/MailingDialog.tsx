import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import { ErrorCode, placeErrors } from "../../backend/errors";
import type { ApiError, Letter, MailMethod, MailingInput, MailingOutcome } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { isoDay } from "../../lib/dates";
import { toHankaku } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";
import { choiceOptions } from "../../lib/vocabulary";
import { SelectField } from "../settings/policyFields";
import { refreshLetters, useLetterVocabulary } from "./letterParts";

const FIELDS = ["sentOn", "method", "trackingNo", "postageYen", "note"] as const;

/** 郵便料金 as typed (半角・全角, 「1,234」, 「430円」); "" is 0; null if it is not a whole number of yen. */
function parseYen(value: string): number | null {
  const v = toHankaku(value).replace(/[,，円\s]/g, "");
  if (v === "") return 0;
  if (!/^\d{1,7}$/.test(v)) return null;
  return Number(v);
}

/**
 * 発送を記録: when and how a letter went out (and its お問い合わせ番号 for
 * 特定記録・簡易書留・本人限定受取). Recording it may move the case (e.g. a
 * decision letter → 発送済); `onDone` gets the backend's sentence saying so.
 */
export function MailingDialog({ letter, onClose, onDone }: { letter: Letter; onClose: () => void; onDone: (outcome: MailingOutcome) => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const vocabulary = useLetterVocabulary();
  const [sentOn, setSentOn] = useState(() => isoDay());
  const [method, setMethod] = useState<MailMethod>("ordinary");
  const [trackingNo, setTrackingNo] = useState("");
  const [postage, setPostage] = useState("");
  const [note, setNote] = useState("");
  const [localError, setLocalError] = useState<ApiError | null>(null);
  const record = useCommand((input: MailingInput) => backend.recordMailing(letter.id, input));
  const { at, unplaced } = placeErrors(localError ?? record.error, FIELDS);

  const methods = vocabulary.data?.mailMethods ?? [];
  const tracked = vocabulary.data?.trackedMethods.includes(method) ?? false;
  const byMail = method !== "email";

  const submit = () => {
    const postageYen = byMail ? parseYen(postage) : 0;
    if (postageYen === null) {
      // Not a number: nothing is sent.
      setLocalError({
        code: ErrorCode.InvalidInput,
        message: "入力内容を確認してください。",
        fields: [{ field: "postageYen", message: "郵便料金は円単位の数字で入力してください（例: 430）。" }],
      });
      return;
    }
    setLocalError(null);
    void record.run({ sentOn, method, trackingNo: toHankaku(trackingNo), postageYen, note }).then((o) => {
      if (!o.ok) return;
      refreshLetters(client, [letter.caseId], { caseChanged: true });
      onDone(o.value);
    });
  };

  return (
    <Dialog title="発送を記録" onClose={onClose} testId="mailing-dialog" width={560}>
      <ImeSafeForm onSubmit={submit} aria-label="発送を記録" data-testid="mailing-form">
        <p className="muted letters-dialog__lead" data-testid="mailing-letter">
          {letter.receiptNo}　{letter.requesterName} 様　{letter.templateName}（{letter.documentNo}）
        </p>
        {unplaced.length > 0 ? (
          <ErrorAlert testId="mailing-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        {vocabulary.isError ? (
          <ErrorAlert testId="mailing-vocabulary-error">
            {(vocabulary.error as { message?: string }).message ?? "発送方法を取得できませんでした。"}
          </ErrorAlert>
        ) : null}
        <div className="form-stack">
          <div className="form-grid">
            <TextField
              name="sentOn"
              label="発送日"
              value={sentOn}
              onChange={setSentOn}
              error={at.sentOn}
              required
              hint="例: 2026-12-05（郵便局に差し出した日・メールを送った日）"
              inputClassName="input--short"
              testId="mailing-sent-on"
            />
            <SelectField
              name="method"
              label="発送方法"
              value={method}
              onChange={(v) => setMethod(v as MailMethod)}
              options={methods.length > 0 ? choiceOptions(methods) : [{ value: "ordinary", label: "読み込み中…" }]}
              error={at.method}
              testId="mailing-method"
            />
          </div>
          <TextField
            name="trackingNo"
            label="お問い合わせ番号"
            value={trackingNo}
            onChange={setTrackingNo}
            error={at.trackingNo}
            required={tracked}
            hint={tracked ? "受領証に記載の11〜13桁の番号（ハイフンは省略できます）" : "特定記録・簡易書留・本人限定受取郵便のときに入力します。"}
            inputMode="numeric"
            testId="mailing-tracking-no"
          />
          {byMail ? (
            <TextField
              name="postageYen"
              label="郵便料金（円）"
              value={postage}
              onChange={setPostage}
              error={at.postageYen}
              hint="切手・料金の合計。分からなければ空欄のままで構いません。"
              inputMode="numeric"
              inputClassName="input--short"
              suffix="円"
              testId="mailing-postage"
            />
          ) : null}
          <TextAreaField name="note" label="備考" value={note} onChange={setNote} error={at.note} rows={2} testId="mailing-note" />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={record.pending} testId="mailing-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={record.pending} pendingLabel="記録中…" disabled={!vocabulary.data} testId="mailing-save">
            記録する
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}

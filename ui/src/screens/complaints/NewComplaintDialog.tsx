import { useState } from "react";
import { useBackend } from "../../backend/context";
import { placeErrors } from "../../backend/errors";
import type { Channel, ComplaintCategory, ComplaintDetail, ComplaintInput } from "../../backend/types";
import { ErrorAlert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { RadioGroup } from "../../components/Choice";
import { Dialog } from "../../components/Dialog";
import { TextAreaField, TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { isoDay, warekiOfDay } from "../../lib/dates";
import { useCommand } from "../../lib/useCommand";
import { SelectField } from "../settings/policyFields";
import { choiceOptions, useVocabulary } from "../../lib/vocabulary";

/** The fields the backend may refuse (`create_complaint`), each shown under its input. */
const FIELDS = ["receivedOn", "name", "contact", "summary", "linkedReceiptNo"] as const;
/** As `create_complaint`: 内容 is kept to 4000 characters. */
const SUMMARY_MAX = 4000;

/**
 * 新しく記録する: a 苦情 or 相談 as it came in — 受付日 (today by default),
 * 受付経路, who (blank: 匿名), how to reach them, what it is about, and the
 * request it concerns (its 受付番号), if any. The backend checks everything
 * and says what is wrong, field by field.
 */
export function NewComplaintDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (detail: ComplaintDetail) => void }) {
  const backend = useBackend();
  const vocabulary = useVocabulary();
  const [category, setCategory] = useState<ComplaintCategory>("complaint");
  const [channel, setChannel] = useState<Channel>("phone");
  const [receivedOn, setReceivedOn] = useState(() => isoDay());
  const [name, setName] = useState("");
  const [contact, setContact] = useState("");
  const [summary, setSummary] = useState("");
  const [linked, setLinked] = useState("");
  const create = useCommand((input: ComplaintInput) => backend.createComplaint(input));
  const { at, unplaced } = placeErrors(create.error, FIELDS);

  const submit = async () => {
    const outcome = await create.run({
      category,
      channel,
      receivedOn,
      name,
      contact,
      summary,
      linkedReceiptNo: linked,
      // The linked request's profile (its retention), else the default.
      policyId: null,
    });
    if (outcome.ok) onCreated(outcome.value);
  };

  return (
    <Dialog title="苦情・相談を記録" onClose={onClose} testId="complaint-dialog" width={640}>
      <ImeSafeForm onSubmit={() => void submit()} aria-label="苦情・相談を記録" data-testid="complaint-form">
        <p className="muted complaint-form__lead">受け付けた内容を記録します。受付番号は請求と同じ連番から付きます。</p>
        {unplaced.length > 0 ? (
          <ErrorAlert testId="complaint-error">
            {unplaced.map((m, i) => (
              <p key={i}>{m}</p>
            ))}
          </ErrorAlert>
        ) : null}
        <div className="form-stack">
          <div data-testid="complaint-category">
            <RadioGroup
              name="category"
              legend="区分"
              value={category}
              onChange={setCategory}
              options={vocabulary.complaintCategories.map(({ code, label }) => ({ value: code, label, testId: `complaint-category-${code}` }))}
            />
          </div>
          <div className="form-grid">
            <SelectField
              name="channel"
              label="受付経路"
              value={channel}
              onChange={(v) => setChannel(v as Channel)}
              options={choiceOptions(vocabulary.channels)}
              testId="complaint-channel"
            />
            <TextField
              name="receivedOn"
              label="受付日"
              required
              value={receivedOn}
              onChange={setReceivedOn}
              error={at.receivedOn}
              placeholder="例：2026-12-01"
              inputMode="numeric"
              inputClassName="input--date"
              hint="西暦で入力します。"
              suffix={
                <span className="wareki" aria-live="polite">
                  {warekiOfDay(receivedOn)}
                </span>
              }
              testId="complaint-received-on"
            />
            <TextField
              name="name"
              label="氏名"
              value={name}
              onChange={setName}
              error={at.name}
              placeholder="空欄なら匿名"
              hint="名乗らなかったときは空欄のままにします（「（匿名）」と記録されます）。"
              testId="complaint-name"
            />
            <TextField
              name="contact"
              label="連絡先"
              value={contact}
              onChange={setContact}
              error={at.contact}
              hint="電話番号またはメールアドレス（分かれば）。"
              testId="complaint-contact"
            />
          </div>
          <TextAreaField
            name="summary"
            label="内容"
            required
            value={summary}
            onChange={setSummary}
            error={at.summary}
            rows={5}
            hint={`苦情・相談の内容。個人番号は書かないでください。（${[...summary].length}/${SUMMARY_MAX}字）`}
            testId="complaint-summary"
          />
          <TextField
            name="linkedReceiptNo"
            label="関連する請求の受付番号"
            value={linked}
            onChange={setLinked}
            error={at.linkedReceiptNo}
            placeholder="例：2026-0001"
            inputClassName="input--short"
            hint="特定の請求についての苦情・相談なら、その受付番号を入力します。"
            testId="complaint-linked"
          />
        </div>
        <div className="form-actions">
          <Button onClick={onClose} disabled={create.pending} testId="complaint-cancel">
            キャンセル
          </Button>
          <Button type="submit" variant="primary" pending={create.pending} pendingLabel="登録中…" testId="complaint-submit">
            登録
          </Button>
        </div>
      </ImeSafeForm>
    </Dialog>
  );
}

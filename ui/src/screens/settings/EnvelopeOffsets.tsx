import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import type { Offsets } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { PrinterSelect } from "../../components/PrinterSelect";
import { queryKeys } from "../../lib/queries";
import { toHankaku } from "../../lib/text";
import { useCommand } from "../../lib/useCommand";

/**
 * 設定 › 文書 › 宛名の位置: moves the address block so that it shows in the
 * window of a 長形3号 envelope, and prints (or saves) the 確認用紙 to check.
 */
export function EnvelopeOffsets({ canEdit }: { canEdit: boolean }) {
  const backend = useBackend();
  const offsets = useQuery({ queryKey: queryKeys.letterOffsets, queryFn: () => backend.getLetterOffsets() });
  return (
    <section className="envelope-offsets" data-testid="envelope-offsets" aria-labelledby="envelope-offsets-title">
      <h2 id="envelope-offsets-title" className="subsection-title">
        宛名の位置
      </h2>
      <p className="lead">
        長形3号の窓付き封筒に三つ折りで入れたとき、宛名が窓から見えるように位置を調整します。右・下へ動かすときはプラス、左・上へはマイナス（mm）。
      </p>
      {offsets.isError ? (
        <ErrorAlert>{(offsets.error as { message?: string }).message ?? "宛名の位置を取得できませんでした。"}</ErrorAlert>
      ) : null}
      {offsets.isPending ? <p className="muted">読み込み中…</p> : null}
      {offsets.data ? <OffsetsForm initial={offsets.data} canEdit={canEdit} /> : null}
      <CalibrationPage />
    </section>
  );
}

/** A typed number of mm ("1.5", "-2", "－２", "" …): the number, or null. */
function parseMm(value: string): number | null {
  const t = toHankaku(value).trim().replace(/^[−ー‐－]/, "-");
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

function OffsetsForm({ initial, canEdit }: { initial: Offsets; canEdit: boolean }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [x, setX] = useState(String(initial.xMm));
  const [y, setY] = useState(String(initial.yMm));
  const [clientErrors, setClientErrors] = useState<{ xMm?: string; yMm?: string }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useCommand((o: Offsets) => backend.setLetterOffsets(o));

  const changed = () => {
    setSaved(null);
    setClientErrors({});
    save.reset();
  };

  const submit = async () => {
    if (!canEdit) return;
    setSaved(null);
    const xMm = parseMm(x);
    const yMm = parseMm(y);
    const errors: { xMm?: string; yMm?: string } = {};
    if (xMm === null) errors.xMm = "横の調整は数値（mm）で入力してください。例：1.5、-2";
    if (yMm === null) errors.yMm = "縦の調整は数値（mm）で入力してください。例：1.5、-2";
    setClientErrors(errors);
    if (xMm === null || yMm === null) {
      save.reset();
      return;
    }
    const outcome = await save.run({ xMm, yMm });
    if (outcome.ok) {
      client.setQueryData(queryKeys.letterOffsets, outcome.value);
      setX(String(outcome.value.xMm));
      setY(String(outcome.value.yMm));
      setSaved(`宛名の位置を保存しました（横 ${outcome.value.xMm}mm、縦 ${outcome.value.yMm}mm）。これから印刷する文書に使われます。`);
    }
  };

  const errX = clientErrors.xMm ?? save.fieldErrors.xMm;
  const errY = clientErrors.yMm ?? save.fieldErrors.yMm;
  const otherError = save.error && !save.fieldErrors.xMm && !save.fieldErrors.yMm ? save.error.message : null;

  return (
    <ImeSafeForm onSubmit={() => void submit()} aria-label="宛名の位置" className="envelope-offsets__form">
      {otherError ? <ErrorAlert testId="offsets-error">{otherError}</ErrorAlert> : null}
      <div className="envelope-offsets__fields">
        <TextField
          name="xMm"
          label="横"
          type="number"
          step={0.5}
          min={-30}
          max={30}
          inputMode="decimal"
          value={x}
          onChange={(v) => {
            setX(v);
            changed();
          }}
          error={errX}
          testId="offsets-x"
          inputClassName="input--number"
          suffix="mm"
          readOnly={!canEdit}
        />
        <TextField
          name="yMm"
          label="縦"
          type="number"
          step={0.5}
          min={-30}
          max={30}
          inputMode="decimal"
          value={y}
          onChange={(v) => {
            setY(v);
            changed();
          }}
          error={errY}
          testId="offsets-y"
          inputClassName="input--number"
          suffix="mm"
          readOnly={!canEdit}
        />
      </div>
      <p className="field__hint">−30〜30mmの範囲で、0.5mm単位で調整できます。</p>
      {canEdit ? (
        <div className="form-actions form-actions--start">
          <Button type="submit" variant="primary" testId="offsets-save" pending={save.pending} pendingLabel="保存中…">
            保存
          </Button>
        </div>
      ) : (
        <p className="muted" data-testid="offsets-read-only">
          宛名の位置は管理者が調整します。
        </p>
      )}
      {saved ? <StatusMessage testId="offsets-saved">{saved}</StatusMessage> : null}
    </ImeSafeForm>
  );
}

/** 確認用紙: printed on plain paper and held against an envelope. */
function CalibrationPage() {
  const backend = useBackend();
  const [printer, setPrinter] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const print = useCommand((p: string) => backend.printCalibrationPage(p));
  const savePdf = useCommand(() => backend.saveCalibrationPage());
  const error = print.error ?? savePdf.error;

  const runPrint = async () => {
    setNotice(null);
    savePdf.reset();
    const outcome = await print.run(printer);
    if (outcome.ok) setNotice(`確認用紙を「${printer}」に送りました。`);
  };

  const runSave = async () => {
    setNotice(null);
    print.reset();
    const outcome = await savePdf.run();
    // false: the save dialog was cancelled.
    if (outcome.ok && outcome.value) setNotice("確認用紙をPDFで保存しました。");
  };

  return (
    <div className="envelope-offsets__calibration">
      <h3 className="letter-fields__title">確認用紙</h3>
      <p className="field__hint">
        保存済みの位置で、封筒の窓の枠と見本の宛名を印刷します。普通紙に「実際のサイズ」（拡大・縮小なし）で印刷し、三つ折りにして封筒に入れ、宛名が窓に収まるか確かめてください。
      </p>
      {error ? <ErrorAlert testId="calibration-error">{error.message}</ErrorAlert> : null}
      <div className="inline-actions envelope-offsets__print">
        <PrinterSelect value={printer} onChange={setPrinter} testId="calibration-printer" />
        <Button onClick={() => void runPrint()} disabled={!printer} pending={print.pending} pendingLabel="印刷中…" testId="calibration-print">
          確認用紙を印刷
        </Button>
        <Button onClick={() => void runSave()} pending={savePdf.pending} pendingLabel="保存中…" testId="calibration-save">
          PDFで保存
        </Button>
      </div>
      {notice ? <StatusMessage testId="calibration-notice">{notice}</StatusMessage> : null}
    </div>
  );
}

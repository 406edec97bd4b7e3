import { useQuery } from "@tanstack/react-query";
import { useEffect, useId } from "react";
import { useBackend } from "../backend/context";
import { queryKeys } from "../lib/queries";

/**
 * The printer to print on, from the OS print system (CUPS). Picks the
 * system default (or the only printer) when nothing is chosen yet; says
 * plainly when printing is not possible here (then: save as PDF).
 */
export function PrinterSelect({ value, onChange, testId = "printer" }: { value: string; onChange: (printer: string) => void; testId?: string }) {
  const backend = useBackend();
  const id = useId();
  const printers = useQuery({ queryKey: queryKeys.printers, queryFn: () => backend.listPrinters() });
  const list = printers.data?.printers ?? [];
  const fallback = printers.data?.default ?? list[0] ?? "";

  useEffect(() => {
    if (!value && fallback) onChange(fallback);
  }, [value, fallback, onChange]);

  if (printers.data && list.length === 0) {
    return (
      <p className="muted" data-testid={`${testId}-unavailable`}>
        {printers.data.unavailable}
      </p>
    );
  }
  return (
    <div className="field field--inline">
      <label htmlFor={id}>プリンター</label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} disabled={!printers.data}>
        {list.map((p) => (
          <option key={p} value={p}>
            {p === printers.data?.default ? `${p}（既定）` : p}
          </option>
        ))}
      </select>
    </div>
  );
}

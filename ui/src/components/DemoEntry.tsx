import { useBackend } from "../backend/context";
import { useSignedIn } from "../lib/queries";
import { useCommand } from "../lib/useCommand";
import { ErrorAlert } from "./Alert";
import { Button } from "./Button";

/**
 * 「デモを開く」: a separate store with synthetic cases (見本), so the app can
 * be tried without typing. Shown on the first-run and sign-in screens.
 */
export function DemoEntry() {
  const backend = useBackend();
  const signedIn = useSignedIn();
  const open = useCommand(() => backend.openDemo());
  return (
    <section className="demo-entry" aria-label="デモ">
      <p className="demo-entry__text">
        まず操作を試したい場合は、架空の案件（見本）が入ったデモを開けます。デモは実際のデータとは別に保存され、ロックすると終了します。
      </p>
      {open.error ? <ErrorAlert testId="demo-error">{open.error.message}</ErrorAlert> : null}
      <Button
        testId="open-demo"
        pending={open.pending}
        pendingLabel="デモを準備中…"
        onClick={async () => {
          const outcome = await open.run();
          if (outcome.ok) signedIn(outcome.value);
        }}
      >
        デモを開く
      </Button>
    </section>
  );
}

/** The band across the top of every page while the demo store is open. */
export function DemoBanner() {
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <strong>デモ</strong> 架空のデータ（見本）を表示しています。実際の請求は登録しないでください。ロックするとデモを終了します。
    </div>
  );
}

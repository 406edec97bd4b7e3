import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../backend";
import type { Vocabulary } from "../backend/types";
import { hostForFile } from "../test/host";
import { renderAppOnHost } from "../test/render";
import { labelsOf } from "./vocabulary";

const host = hostForFile();

describe("the core's vocabulary", () => {
  it("is read once before the first screen; if it cannot be read, the app says so and 再試行 reads it again", async () => {
    const h = host();
    h.failNext("vocabulary", { code: ErrorCode.IoError, message: "画面の表示に必要な情報を読み込めませんでした。", fields: [] });
    const { user } = renderAppOnHost(h);
    expect(await screen.findByTestId("vocabulary-error")).toHaveTextContent("画面の表示に必要な情報を読み込めませんでした。");
    expect(screen.queryByTestId("login-username")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "再試行" }));
    expect(await screen.findByTestId("login-username")).toBeInTheDocument();
    expect(h.callsOf("vocabulary")).toHaveLength(2);
  });

  it("gives every code of the case its label, and the code itself for one it does not know", async () => {
    const v = await host().call<Vocabulary>("vocabulary");
    const labels = labelsOf(v);
    expect(labels.channel("post")).toBe("郵送");
    expect(labels.kinds(["disclosure", "correction"])).toBe("開示・訂正");
    expect(labels.status("awaiting_fee")).toBe("手数料待ち");
    expect(labels.role("officer")).toBe("担当者");
    expect(labels.complaintStage(null)).toBe("未対応");
    expect(labels.disposalScope("documents")).toBe("請求書類のみ");
    // A code from a newer version of the app (e.g. in an old backup read by a newer UI) is shown as it is.
    expect(labels.channel("fax" as never)).toBe("fax");
    // 訂正等の内容 goes with 訂正・追加・削除 (APPI 34条), as the core says.
    expect(v.correctionKinds).toEqual(["correction", "addition", "deletion"]);
    expect(v.roles.map((r) => r.code)).toEqual(["officer", "admin"]);
  });
});

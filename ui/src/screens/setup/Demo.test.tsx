import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { hostForFile } from "../../test/host";
import { renderAppOnHost } from "../../test/render";

const host = hostForFile();

describe("デモ", () => {
  it("opens from the first-run screen, shows the demo band, and ends on lock", async () => {
    await host().restore("empty");
    const { user, host: h } = renderAppOnHost(host());
    await user.click(await screen.findByTestId("open-demo"));
    expect(await screen.findByTestId("demo-banner", {}, { timeout: 20_000 })).toHaveTextContent("架空のデータ");
    expect(h.callsOf("open_demo")).toHaveLength(1);
    await user.click(screen.getByTestId("lock-button"));
    // Back to the real store's first-run setup, not a login for the demo.
    expect(await screen.findByTestId("setup-org-name")).toBeInTheDocument();
    expect(screen.queryByTestId("demo-banner")).not.toBeInTheDocument();
  }, 30_000);

  it("is offered on the sign-in screen too", async () => {
    renderAppOnHost(host());
    expect(await screen.findByTestId("open-demo")).toHaveTextContent("デモを開く");
  });
});

import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../../backend/fake";
import { renderApp } from "../../test/render";

describe("デモ", () => {
  it("opens from the first-run screen, shows the demo band, and ends on lock", async () => {
    const fake = new FakeBackend({ phase: "setup" });
    const { user } = renderApp(fake);
    await user.click(await screen.findByTestId("open-demo"));
    expect(await screen.findByTestId("demo-banner")).toHaveTextContent("架空のデータ");
    expect(fake.callsOf("open_demo")).toHaveLength(1);
    await user.click(screen.getByTestId("lock-button"));
    // Back to the real store's first-run setup, not a login for the demo.
    expect(await screen.findByTestId("setup-org-name")).toBeInTheDocument();
    expect(screen.queryByTestId("demo-banner")).not.toBeInTheDocument();
  });

  it("is offered on the sign-in screen too", async () => {
    renderApp(new FakeBackend({ phase: "locked" }));
    expect(await screen.findByTestId("open-demo")).toHaveTextContent("デモを開く");
  });
});

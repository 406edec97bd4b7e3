import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ImeSafeForm } from "../components/ImeSafeForm";
import { hostForFile } from "../test/host";
import { renderAppOnHost } from "../test/render";

/** The store set up and locked: the app opens on its sign-in screen. */
const host = hostForFile();

function renderForm({ disabled = false } = {}) {
  const onSubmit = vi.fn();
  render(
    <ImeSafeForm onSubmit={onSubmit}>
      <label htmlFor="name">氏名</label>
      <input id="name" />
      <label htmlFor="memo">備考</label>
      <textarea id="memo" />
      <button type="submit" disabled={disabled}>
        登録
      </button>
    </ImeSafeForm>,
  );
  return { onSubmit, input: screen.getByLabelText("氏名"), textarea: screen.getByLabelText("備考") };
}

describe("IME-safe Enter", () => {
  it("does not submit on the Enter that confirms a conversion (isComposing)", () => {
    const { onSubmit, input } = renderForm();
    const notPrevented = fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 13, isComposing: true });
    expect(onSubmit).not.toHaveBeenCalled();
    // The browser's own implicit submission is cancelled as well.
    expect(notPrevented).toBe(false);
  });

  it("does not submit on WebKit's confirming Enter (keyCode 229, isComposing false)", () => {
    const { onSubmit, input } = renderForm();
    const notPrevented = fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 229 });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(notPrevented).toBe(false);
  });

  it("submits once on a plain Enter", () => {
    const { onSubmit, input } = renderForm();
    fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 13 });
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("submits exactly once when a person types and presses Enter", async () => {
    const user = userEvent.setup();
    const { onSubmit, input } = renderForm();
    await user.type(input, "山田{Enter}");
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("leaves Enter in a textarea alone (new line)", async () => {
    const user = userEvent.setup();
    const { onSubmit, textarea } = renderForm();
    await user.type(textarea, "一行目{Enter}二行目");
    expect(onSubmit).not.toHaveBeenCalled();
    expect(textarea).toHaveValue("一行目\n二行目");
  });

  it("does not submit while the submit button is disabled", () => {
    const { onSubmit, input } = renderForm({ disabled: true });
    fireEvent.keyDown(input, { key: "Enter", code: "Enter", keyCode: 13 });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("guards the real sign-in form: composing Enter does not unlock, plain Enter does", async () => {
    const { user, host: h } = renderAppOnHost(host());
    await user.type(await screen.findByTestId("login-username"), "yamada");
    const password = screen.getByTestId("login-password");
    await user.type(password, "correct-horse");
    fireEvent.keyDown(password, { key: "Enter", keyCode: 229, isComposing: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.callsOf("unlock")).toHaveLength(0);
    fireEvent.keyDown(password, { key: "Enter", keyCode: 13 });
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect(h.callsOf("unlock")).toEqual([{ request: { username: "yamada", password: "correct-horse" } }]);
  });
});

import type { KeyboardEvent as ReactKeyboardEvent } from "react";

/**
 * True while an input method (IME) is composing, or when this key event is the
 * one that confirms a composition. Chromium/WebView2 set `isComposing`;
 * WebKit (macOS WKWebView) fires the confirming Enter after `compositionend`
 * with `isComposing` false but `keyCode` 229, so both are checked.
 */
export function isImeComposing(e: ReactKeyboardEvent | KeyboardEvent): boolean {
  const native: KeyboardEvent = "nativeEvent" in e ? e.nativeEvent : e;
  return native.isComposing || native.keyCode === 229 || e.keyCode === 229;
}

/** Elements where Enter means something else than "submit the form". */
function enterHasOwnMeaning(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target instanceof HTMLTextAreaElement) return true; // new line
  if (target instanceof HTMLButtonElement) return true; // activates that button
  if (target instanceof HTMLAnchorElement) return true;
  if (target instanceof HTMLSelectElement) return false;
  if (target instanceof HTMLInputElement) {
    return ["button", "submit", "reset", "checkbox", "radio", "file", "image", "color"].includes(target.type);
  }
  return target.isContentEditable;
}

/**
 * The keydown handler every form in the app uses (through `<ImeSafeForm>`).
 *
 * - Enter while an IME is composing (confirming a kana–kanji conversion):
 *   the browser's implicit submission is prevented and nothing happens.
 * - Plain Enter in a text field or select: the form is submitted once, through
 *   `requestSubmit()`, so the usual `submit` handler and validation run.
 * - Enter on a button, in a textarea, with Shift/Ctrl/Alt/Meta: left alone.
 */
export function handleFormEnter(e: ReactKeyboardEvent<HTMLFormElement>): void {
  if (e.key !== "Enter") return;
  if (isImeComposing(e)) {
    // The Enter confirms a conversion: do not let the browser submit implicitly.
    if (!enterHasOwnMeaning(e.target)) e.preventDefault();
    return;
  }
  if (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
  if (enterHasOwnMeaning(e.target)) return;
  e.preventDefault();
  const form = e.currentTarget;
  const submitter = form.querySelector<HTMLButtonElement>('button[type="submit"]:not([disabled])');
  // A form whose submit button is disabled (pending, too many attempts) is not submitted.
  if (form.querySelector('button[type="submit"]') && !submitter) return;
  form.requestSubmit(submitter ?? undefined);
}

/** Hook form of the guard, for a `<form onKeyDown>` that is not an `<ImeSafeForm>`. */
export function useImeSafeEnter(): (e: ReactKeyboardEvent<HTMLFormElement>) => void {
  return handleFormEnter;
}

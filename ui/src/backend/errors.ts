import { ErrorCode } from "./commands";
import type { ApiError, FieldError } from "./types";

// Every code, by name, generated from the Rust enum (kernel/error.rs).
export { ErrorCode } from "./commands";

export const UNEXPECTED_MESSAGE =
  "予期しないエラーが発生しました。もう一度お試しください。解決しない場合は管理者に連絡してください。";

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/**
 * Turns whatever a command rejected with into an ApiError. Tauri itself
 * rejects with a plain string for e.g. an unknown command; such text is not
 * meant for the person (and is never logged here), so it becomes a generic
 * Japanese message.
 */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) {
    const fields = Array.isArray(value.fields)
      ? value.fields.filter(
          (f): f is FieldError =>
            typeof f === "object" && f !== null && typeof f.field === "string" && typeof f.message === "string",
        )
      : [];
    return { code: value.code, message: value.message, fields };
  }
  return { code: ErrorCode.Unexpected, message: UNEXPECTED_MESSAGE, fields: [] };
}

export function isCredentialProblem(code: ErrorCode): boolean {
  return (
    code === ErrorCode.CredentialMissing ||
    code === ErrorCode.CredentialUnavailable ||
    code === ErrorCode.CredentialChanged
  );
}

/**
 * Field errors keyed by field name. A backend field path such as
 * "organisation.postalCode" is reduced to its last segment ("postalCode"),
 * and an index on a list field ("answers[1]") is dropped.
 */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: ApiError | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  if (!error) return out;
  for (const f of error.fields) {
    // "organisation.postalCode" → "postalCode"; "answers[1]" / "answers.1" → "answers"
    const path = f.field.replace(/(\[\d+\]|\.\d+)+$/, "");
    const name = path.split(".").pop() || f.field;
    // Keep the first message per field.
    if (!(name in out)) out[name] = f.message;
  }
  return out;
}

/**
 * Field errors keyed by the backend's whole dotted path ("requester.name",
 * "agent.name"), for forms whose field names repeat under different parents
 * (the case form). A trailing list index is dropped ("kinds[0]" → "kinds").
 */
export function fieldErrorsByPath(error: ApiError | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  if (!error) return out;
  for (const f of error.fields) {
    const path = f.field.replace(/(\[\d+\]|\.\d+)+$/, "") || f.field;
    if (!(path in out)) out[path] = f.message;
  }
  return out;
}

/**
 * Field errors at the fields a form shows (by whole path); the messages of
 * the others, or the error's own message, to show in an alert instead.
 */
export function placeErrors(error: ApiError | null, shown: readonly string[]): { at: Record<string, string>; unplaced: string[] } {
  const at: Record<string, string> = {};
  const unplaced: string[] = [];
  if (!error) return { at, unplaced };
  for (const f of error.fields) {
    if (shown.includes(f.field)) {
      if (!(f.field in at)) at[f.field] = f.message;
    } else unplaced.push(f.message);
  }
  if (error.fields.length === 0) unplaced.push(error.message);
  return { at, unplaced };
}

import { createContext, useContext } from "react";

/** Where the signed-in officer is. Kept in the shell's state (no URL: the app has one window). */
export type Route =
  | { page: "home" }
  | { page: "intake" }
  /** `focusSearch`: Ctrl+F — the search box gets the cursor. */
  | { page: "cases"; focusSearch?: boolean }
  | { page: "case"; id: number }
  /** 印刷: the letters waiting to be printed. */
  | { page: "print" }
  /** 苦情・相談: the list, or one of them (`id`). */
  | { page: "complaints"; id?: number }
  /** 報告: yearly and monthly figures. */
  | { page: "reports" }
  /** 廃棄: the disposal queue and the 廃棄記録. */
  | { page: "disposal" }
  /** 監査ログ: the audit viewer (管理者). */
  | { page: "audit" }
  | { page: "settings" };

const NavigateContext = createContext<((route: Route) => void) | null>(null);

export const NavigateProvider = NavigateContext.Provider;

export function useNavigate(): (route: Route) => void {
  const navigate = useContext(NavigateContext);
  if (!navigate) throw new Error("useNavigate() outside the shell");
  return navigate;
}

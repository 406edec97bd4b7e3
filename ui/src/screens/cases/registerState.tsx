import { createContext, useContext, useState, type ReactNode } from "react";
import type { CaseQuery, CaseSort, CaseStatus, Channel, Queue, RequestKind } from "../../backend/types";

export const PAGE_SIZE = 50;

/** The register's filters, kept by the shell so they survive opening a case and coming back. */
export interface RegisterState {
  /** What is in the search box (the query uses it 250 ms after the last key). */
  searchText: string;
  /** A work queue chosen on the home screen (期限超過 …), or null. */
  queue: Queue | null;
  statuses: CaseStatus[];
  kinds: RequestKind[];
  channels: Channel[];
  specific: boolean | null;
  sort: CaseSort;
  page: number;
  /** The row that had the focus when a case was opened, to give it back. */
  focusedId: number | null;
}

export const initialRegisterState: RegisterState = {
  searchText: "",
  queue: null,
  statuses: [],
  kinds: [],
  channels: [],
  specific: null,
  sort: "received_desc",
  page: 0,
  focusedId: null,
};

export function queryOf(state: RegisterState, search: string): CaseQuery {
  return {
    search: search.trim(),
    queue: state.queue,
    statuses: state.statuses,
    kinds: state.kinds,
    channels: state.channels,
    specificPersonalInfo: state.specific,
    sort: state.sort,
    page: state.page,
    pageSize: PAGE_SIZE,
  };
}

interface Ctx {
  state: RegisterState;
  update: (patch: Partial<RegisterState>) => void;
}

const RegisterStateContext = createContext<Ctx | null>(null);

export function RegisterStateProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<RegisterState>(initialRegisterState);
  const update = (patch: Partial<RegisterState>) => setState((s) => ({ ...s, ...patch }));
  return <RegisterStateContext.Provider value={{ state, update }}>{children}</RegisterStateContext.Provider>;
}

export function useRegisterState(): Ctx {
  const ctx = useContext(RegisterStateContext);
  if (!ctx) throw new Error("useRegisterState() outside <RegisterStateProvider>");
  return ctx;
}

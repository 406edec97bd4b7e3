/**
 * Seeding the test host's store through the app's own commands: the same
 * first-run setup, users, policies and cases an officer would make. Data is
 * synthetic (見本).
 */
import type {
  CaseInput,
  CaseView,
  Organisation,
  PolicyBody,
  PolicyDetail,
  SessionInfo,
  SetupStarted,
} from "../backend/types";
import type { Host } from "./host";

export const ORG: Organisation = {
  name: "見本商事株式会社",
  deskName: "個人情報問合せ窓口",
  postalCode: "100-0001",
  address: "東京都千代田区見本町1-2-3",
  phone: "03-1234-5678",
  email: "privacy@example.co.jp",
};

export const ADMIN = { username: "yamada", displayName: "山田 太郎", password: "correct-horse", role: "admin" as const };
export const OFFICER = { username: "sato", displayName: "佐藤 花子", password: "officer-pass", role: "officer" as const };
export type Who = "admin" | "officer";

const user = (who: Who) => (who === "admin" ? ADMIN : OFFICER);

/**
 * The first-run setup as the screen does it (the key shown, two groups typed
 * back), and the 担当者; returns the recovery key.
 */
export async function setUpStore(h: Host, org: Organisation = ORG): Promise<string> {
  const started = await h.call<SetupStarted>("begin_setup", {
    request: { organisation: org, admin: { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password } },
  });
  const groups = started.recoveryKey.split("-");
  await h.call("finish_setup", { request: { answers: started.confirmGroups.map((n) => groups[n - 1]) } });
  await h.call("add_user", { request: OFFICER });
  return started.recoveryKey;
}

export async function signIn(h: Host, who: Who): Promise<SessionInfo> {
  const u = user(who);
  return h.call<SessionInfo>("unlock", { request: { username: u.username, password: u.password } });
}

export { sampleInput } from "./fixtures";

/** Registers a case the way the intake form does (no files). */
export function createCase(h: Host, input: CaseInput): Promise<CaseView> {
  return h.call<CaseView>("create_case", { input, stagedMailId: null, stagedFileIds: [] });
}

/** The policy a new profile starts from (`new_policy_body`), changed by `over`. */
export async function policyBody(h: Host, over: Partial<PolicyBody> = {}): Promise<PolicyBody> {
  const template = await h.call<PolicyBody>("new_policy_body");
  return { ...template, name: "標準ポリシー", ...over };
}

/** Saves a profile (as a 管理者) and makes it the default new cases get. */
export async function savePolicy(h: Host, body: PolicyBody): Promise<PolicyDetail> {
  const saved = await h.call<PolicyDetail>("save_policy", { id: null, body, keepWarnings: true });
  await h.call("set_default_policy", { id: saved.id });
  return saved;
}

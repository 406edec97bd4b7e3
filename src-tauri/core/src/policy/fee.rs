//! 手数料 as a policy sets it: what a case owes and from when it is asked.
//! Pure: the case's kinds, the counts disclosed and the days that matter go
//! in; the lines, the total and the day the desk starts waiting come out.
//! The case layer keeps the result on the case row (the 入金待ち queue, the
//! clock's pause) and the procedure layer shows it as the ledger.
//!
//! A fee per document or per page is count × unit, the count recorded with
//! the decision; until then its line is pending and nothing is owed for it,
//! so no 過払い appears before the count is known.

use crate::kernel::text::yen;
use crate::policy::law::{fee_allowed, fee_warning, RequestKind};
use crate::policy::{FeeTiming, FeeUnit, PolicyBody};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most documents or pages one disclosure may count (a typo guard).
pub const MAX_FEE_COUNT: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeLine {
    pub kind: RequestKind,
    /// e.g. 「開示（1件につき300円×3件）」
    pub label: String,
    pub amount_yen: u32,
    pub per: FeeUnit,
    /// The policy's amount: per request, kind, document or page.
    pub unit_yen: u32,
    /// Documents or pages disclosed, once decided (per document / page only).
    pub count: Option<u32>,
    /// Per document / page and the count is not known yet: nothing owed yet.
    pub pending: bool,
    /// APPI 38条 allows no fee for this kind.
    pub warning: Option<String>,
}

/// What the policy asks of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedFee {
    pub total_yen: u32,
    pub lines: Vec<FeeLine>,
    /// Some line waits for its count.
    pub pending: bool,
    /// The policy charges a kind APPI 38条 allows no fee for (before any waiver).
    pub warned: bool,
    /// When the fee is asked: the latest timing of the rules that charge.
    pub timing: FeeTiming,
}

impl FeeUnit {
    /// The counter word of a per-document / per-page fee (件, 枚).
    pub fn counter(self) -> Option<&'static str> {
        match self {
            FeeUnit::PerDocument => Some("件"),
            FeeUnit::PerPage => Some("枚"),
            FeeUnit::PerRequest | FeeUnit::PerKind => None,
        }
    }
}

/// The rule that charges `kind` per document or page, if any: a decision on
/// that kind records the count.
pub fn counted_rule(policy: &PolicyBody, kind: RequestKind) -> Option<(FeeUnit, u32)> {
    policy
        .fee_for(kind)
        .filter(|r| r.per.counter().is_some())
        .map(|r| (r.per, r.amount_yen))
}

/// The fee a case is expected to pay. Per-request fees are charged once (the
/// highest of the kinds requested), per-kind fees for each kind, per-document
/// and per-page fees as unit × the count decided (`counts`). `waived`: a
/// 管理者 waived the fees APPI 38条 does not allow, so only the kinds it
/// allows are charged.
pub fn expected_fee(
    policy: &PolicyBody,
    kinds: &[RequestKind],
    counts: &[(RequestKind, u32)],
    waived: bool,
) -> ExpectedFee {
    let warned = kinds
        .iter()
        .any(|&k| policy.fee_for(k).is_some_and(|r| fee_warning(k, r.amount_yen).is_some()));
    let charged: Vec<RequestKind> = kinds
        .iter()
        .copied()
        .filter(|&k| !waived || fee_allowed(k))
        .collect();
    let mut lines = Vec::new();
    let mut per_request = Vec::new();
    let mut timing = FeeTiming::WithRequest;
    for &kind in &charged {
        let Some(rule) = policy.fee_for(kind) else {
            continue;
        };
        // The latest timing wins: the fee is asked once, when all of it can be.
        let rank = |t: FeeTiming| FeeTiming::ALL.iter().position(|&x| x == t);
        if rank(rule.when) > rank(timing) {
            timing = rule.when;
        }
        let warning = fee_warning(kind, rule.amount_yen);
        match rule.per.counter() {
            None if rule.per == FeeUnit::PerRequest => per_request.push((kind, rule.amount_yen)),
            None => lines.push(FeeLine {
                kind,
                label: kind.label().into(),
                amount_yen: rule.amount_yen,
                per: rule.per,
                unit_yen: rule.amount_yen,
                count: None,
                pending: false,
                warning,
            }),
            Some(counter) => {
                let count = counts.iter().find(|(k, _)| *k == kind).map(|(_, n)| *n);
                let unit = format!("1{counter}につき{}円", yen(rule.amount_yen));
                let (label, amount_yen) = match count {
                    Some(n) => (format!("{}（{unit}×{n}{counter}）", kind.label()), rule.amount_yen.saturating_mul(n)),
                    None => (format!("{}（{unit}・{counter}数は決定時に確定）", kind.label()), 0),
                };
                lines.push(FeeLine {
                    kind,
                    label,
                    amount_yen,
                    per: rule.per,
                    unit_yen: rule.amount_yen,
                    count,
                    pending: count.is_none(),
                    warning,
                });
            }
        }
    }
    // `rev`: of equal amounts, the first kind requested names the line.
    if let Some(&(kind, amount)) = per_request.iter().rev().max_by_key(|(_, amount)| *amount) {
        let label = format!(
            "{}（1回の請求につき）",
            per_request.iter().map(|(k, _)| k.label()).collect::<Vec<_>>().join("・")
        );
        let warnings: Vec<String> = per_request.iter().filter_map(|&(k, a)| fee_warning(k, a)).collect();
        lines.insert(
            0,
            FeeLine {
                kind,
                label,
                amount_yen: amount,
                per: FeeUnit::PerRequest,
                unit_yen: amount,
                count: None,
                pending: false,
                warning: (!warnings.is_empty()).then(|| warnings.join(" ")),
            },
        );
    }
    ExpectedFee {
        total_yen: lines.iter().map(|l| l.amount_yen).sum(),
        pending: lines.iter().any(|l| l.pending),
        lines,
        warned,
        timing,
    }
}

/// The days a fee depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeeDays {
    pub received_on: Option<NaiveDate>,
    /// The first 手数料のご案内 issued.
    pub guidance_on: Option<NaiveDate>,
    /// Every charged kind decided, the last of them on this day.
    pub decided_on: Option<NaiveDate>,
    /// The desk told the requester what to pay (a 手数料のご案内 or 不足の
    /// お知らせ), or a payment arrived: the first of these days.
    pub first_asked_or_paid: Option<NaiveDate>,
}

impl ExpectedFee {
    /// The day the fee is owed from, or None while it is not: a fee sent with
    /// the request is owed from 受付日; one asked after acceptance from the
    /// 手数料のご案内; one asked after the decision from the decision, once
    /// every count is known. An owed fee unpaid puts the case in 入金待ち.
    pub fn owed_since(&self, days: FeeDays) -> Option<NaiveDate> {
        if self.lines.is_empty() || self.pending {
            return None;
        }
        match self.timing {
            FeeTiming::WithRequest => days.received_on,
            FeeTiming::AfterAcceptance => days.guidance_on,
            FeeTiming::AfterDecision => days.decided_on,
        }
    }

    /// The day the desk started waiting for an owed fee — the clock's 手数料待ち
    /// pause, where the policy pauses (`pauseWhileWaiting`): once it asked for
    /// it in writing or a payment arrived short, never before it was owed.
    /// A request whose fee should have come with it but did not is not
    /// waited for until the desk asks (S4: a phone request, the fee by post).
    pub fn waited_since(&self, days: FeeDays) -> Option<NaiveDate> {
        let owed = self.owed_since(days)?;
        days.first_asked_or_paid.map(|d| d.max(owed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::FeeRule;

    fn policy(rules: &[(RequestKind, u32, FeeUnit, FeeTiming)]) -> PolicyBody {
        let mut p = PolicyBody::template();
        p.fees = rules
            .iter()
            .map(|&(kind, amount_yen, per, when)| FeeRule { kind, amount_yen, per, when })
            .collect();
        p
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_fee_per_document_is_count_times_unit_once_the_count_is_known() {
        let p = policy(&[(RequestKind::Disclosure, 300, FeeUnit::PerDocument, FeeTiming::AfterDecision)]);
        let before = expected_fee(&p, &[RequestKind::Disclosure], &[], false);
        assert_eq!((before.total_yen, before.pending), (0, true));
        assert_eq!(before.lines[0].label, "開示（1件につき300円・件数は決定時に確定）");
        let days = FeeDays { received_on: Some(day("2026-12-01")), decided_on: Some(day("2026-12-10")), ..Default::default() };
        assert_eq!(before.owed_since(days), None, "not owed before the count is known");
        let after = expected_fee(&p, &[RequestKind::Disclosure], &[(RequestKind::Disclosure, 3)], false);
        assert_eq!((after.total_yen, after.pending), (900, false));
        assert_eq!(after.lines[0].label, "開示（1件につき300円×3件）");
        assert_eq!(after.owed_since(days), Some(day("2026-12-10")));
        assert_eq!(after.waited_since(days), None, "not waited for before the desk asks");
        let early = FeeDays { first_asked_or_paid: Some(day("2026-12-02")), ..days };
        assert_eq!(after.waited_since(early), Some(day("2026-12-10")), "a payment before the decision: from the decision");
        // Nothing disclosed, nothing owed.
        let none = expected_fee(&p, &[RequestKind::Disclosure], &[(RequestKind::Disclosure, 0)], false);
        assert_eq!(none.total_yen, 0);
    }

    #[test]
    fn per_page_counts_sheets_and_the_timing_decides_when_it_is_asked() {
        let p = policy(&[(RequestKind::Disclosure, 20, FeeUnit::PerPage, FeeTiming::AfterAcceptance)]);
        let e = expected_fee(&p, &[RequestKind::Disclosure], &[(RequestKind::Disclosure, 12)], false);
        assert_eq!((e.total_yen, e.lines[0].label.as_str()), (240, "開示（1枚につき20円×12枚）"));
        let mut days = FeeDays { received_on: Some(day("2026-12-01")), ..Default::default() };
        assert_eq!(e.owed_since(days), None, "owed once the 手数料のご案内 asks for it");
        days.guidance_on = Some(day("2026-12-03"));
        assert_eq!(e.owed_since(days), Some(day("2026-12-03")));
        let with = policy(&[(RequestKind::Disclosure, 1000, FeeUnit::PerRequest, FeeTiming::WithRequest)]);
        let e = expected_fee(&with, &[RequestKind::Disclosure], &[], false);
        assert_eq!(e.owed_since(days), Some(day("2026-12-01")));
        assert_eq!(e.waited_since(days), None);
        days.first_asked_or_paid = Some(day("2026-12-09"));
        assert_eq!(e.waited_since(days), Some(day("2026-12-09")));
    }

    #[test]
    fn per_request_is_charged_once_and_a_waiver_keeps_only_what_38_allows() {
        let p = policy(&[
            (RequestKind::Disclosure, 1000, FeeUnit::PerRequest, FeeTiming::WithRequest),
            (RequestKind::PurposeNotice, 500, FeeUnit::PerRequest, FeeTiming::WithRequest),
            (RequestKind::Correction, 300, FeeUnit::PerKind, FeeTiming::WithRequest),
        ]);
        let kinds = [RequestKind::PurposeNotice, RequestKind::Disclosure, RequestKind::Correction];
        let e = expected_fee(&p, &kinds, &[], false);
        assert_eq!((e.total_yen, e.warned), (1300, true));
        assert_eq!(e.lines[0].label, "利用目的の通知・開示（1回の請求につき）");
        let waived = expected_fee(&p, &kinds, &[], true);
        assert_eq!((waived.total_yen, waived.warned), (1000, true));
    }
}

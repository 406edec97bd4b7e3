//! 手数料: what a case is expected to pay under its policy version, what
//! arrived (切手 by denomination, 定額小為替, 銀行振込, 現金書留), what was
//! refunded, and whether it is paid, short (不足) or over (過払い). The clock
//! of a case waiting for its fee stops, and runs again when it is paid.

use crate::case::model::Case;
use crate::kernel::error::FieldError;
use crate::kernel::text::yen;
use crate::policy::deadline::Pause;
use crate::policy::fee::FeeLine;
use crate::policy::{FeeMethod, FeeTiming, PolicyBody};
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Stamps of one face value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StampLine {
    pub face_yen: u32,
    pub count: u32,
}

/// What arrived, by method. The amount is computed from it (stamps, money
/// orders) or entered (transfer, cash).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentInput {
    pub direction: PaymentDirection,
    pub method: FeeMethod,
    /// `YYYY-MM-DD`
    pub received_on: String,
    /// 郵便切手: denominations.
    pub stamps: Vec<StampLine>,
    /// 定額小為替: how many of which face value, and their issue date.
    pub money_order_count: u32,
    pub money_order_face_yen: u32,
    pub money_order_issued_on: String,
    /// 銀行振込 / 現金書留: the amount that arrived.
    pub amount_yen: u32,
    /// 銀行振込: the payer's name as the bank shows it (カナ).
    pub payer_kana: String,
    /// 銀行振込: the requester deducted the bank charge from the transfer.
    pub bank_charge_deducted: bool,
    pub note: String,
}

#[allow(clippy::derivable_impls)] // coded_enum! derives no Default
impl Default for FeeMethod {
    fn default() -> Self {
        FeeMethod::Stamps
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentRecord {
    pub id: i64,
    pub input: PaymentInput,
    pub amount_yen: u32,
    /// e.g. 「110円×9、10円×1」
    pub breakdown: String,
    pub problems: Vec<String>,
    pub created_at: String,
}

coded_enum!(
    FeeState {
        NoFee = "no_fee", "手数料なし";
        /// Not asked yet: after acceptance or after the decision, or a count
        /// still to be decided. Nothing is owed, so nothing is short or over.
        NotAsked = "not_asked", "請求前";
        Due = "due", "未入金";
        Short = "short", "不足";
        Paid = "paid", "入金済";
        Over = "over", "過払い";
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeLedger {
    pub case_id: i64,
    /// The policy charges this case a fee APPI 38条 does not allow and no
    /// 管理者 has decided yet whether to charge it.
    pub needs_decision: bool,
    /// That decision, once made.
    pub decision: Option<FeeDecision>,
    pub expected_yen: u32,
    pub lines: Vec<FeeLine>,
    /// When the policy asks for it (the latest of its rules), with a fee.
    pub timing: Option<FeeTiming>,
    /// The day (Japan) the fee is owed from: 受付日 for a fee sent with the
    /// request, the 手数料のご案内 or the decision for one asked later.
    pub owed_since: Option<String>,
    pub paid_yen: u32,
    pub refunded_yen: u32,
    /// Paid minus refunded minus expected: negative is 不足, positive 過払い.
    pub balance_yen: i64,
    pub state: FeeState,
    /// e.g. 「不足 120円」
    pub summary: String,
    pub payments: Vec<PaymentRecord>,
}

/// A 管理者's decision on fees APPI 38条 does not allow, for one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeDecision {
    /// true: charged as the policy says, knowingly; false: those fees waived.
    pub keep: bool,
    pub by: String,
    pub at: String,
}

use crate::case::due::close_pause;
use crate::case::due::open_pause;
use crate::case::due::{fee_position, sync_fee_pause};
use crate::case::events::Event;
use crate::case::model::PauseReason;
use crate::case::model::PaymentDirection;
use crate::kernel::text::{day_field, iso_day as day};

/// Face values of stamps on sale or still valid (as printed on stamps).
const MAX_STAMP_FACE: u32 = 10_000;

impl PaymentInput {
    /// The amount, computed where the detail decides it.
    pub fn amount(&self) -> u32 {
        match self.method {
            FeeMethod::Stamps => self
                .stamps
                .iter()
                .map(|s| s.face_yen.saturating_mul(s.count))
                .sum(),
            FeeMethod::MoneyOrder => self
                .money_order_count
                .saturating_mul(self.money_order_face_yen),
            FeeMethod::BankTransfer | FeeMethod::CashRegistered => self.amount_yen,
        }
    }

    pub fn breakdown(&self) -> String {
        match self.method {
            FeeMethod::Stamps => self
                .stamps
                .iter()
                .map(|s| format!("{}円×{}", yen(s.face_yen), s.count))
                .collect::<Vec<_>>()
                .join("、"),
            FeeMethod::MoneyOrder => format!(
                "{}円×{}枚",
                yen(self.money_order_face_yen),
                self.money_order_count
            ),
            FeeMethod::BankTransfer => {
                let mut t = format!("振込 {}円", yen(self.amount_yen));
                if self.bank_charge_deducted {
                    t.push_str("（振込手数料差引き）");
                }
                t
            }
            FeeMethod::CashRegistered => format!("現金書留 {}円", yen(self.amount_yen)),
        }
    }

    pub fn validated(&self, today: NaiveDate) -> Result<PaymentInput, StoreError> {
        let mut v = self.clone();
        let mut errors = Vec::new();
        v.received_on = day_field("receivedOn", "受領日", &v.received_on, true, &mut errors);
        if day(&v.received_on).is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "receivedOn",
                "未来の日付は指定できません。",
            ));
        }
        match v.method {
            FeeMethod::Stamps => {
                v.stamps.retain(|s| s.count > 0);
                if v.stamps.is_empty() {
                    errors.push(FieldError::new(
                        "stamps",
                        "切手の額面と枚数を入力してください。",
                    ));
                }
                for (i, s) in v.stamps.iter().enumerate() {
                    if s.face_yen == 0 || s.face_yen > MAX_STAMP_FACE {
                        errors.push(FieldError::new(
                            format!("stamps.{i}.faceYen"),
                            "額面は1円〜10,000円で入力してください。",
                        ));
                    }
                    if s.count > 1000 {
                        errors.push(FieldError::new(
                            format!("stamps.{i}.count"),
                            "枚数が多すぎます（1,000枚まで）。",
                        ));
                    }
                }
            }
            FeeMethod::MoneyOrder => {
                if v.money_order_count == 0 || v.money_order_count > 100 {
                    errors.push(FieldError::new(
                        "moneyOrderCount",
                        "定額小為替の枚数を入力してください（100枚まで）。",
                    ));
                }
                // 定額小為替 are issued in these face values.
                const FACES: [u32; 12] =
                    [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 750, 1000];
                if !FACES.contains(&v.money_order_face_yen) {
                    errors.push(FieldError::new(
                        "moneyOrderFaceYen",
                        "定額小為替の額面（50円〜1,000円）を選んでください。",
                    ));
                }
                v.money_order_issued_on = day_field(
                    "moneyOrderIssuedOn",
                    "発行日",
                    &v.money_order_issued_on,
                    true,
                    &mut errors,
                );
            }
            FeeMethod::BankTransfer | FeeMethod::CashRegistered => {
                if v.amount_yen == 0 || v.amount_yen > 1_000_000 {
                    errors.push(FieldError::new(
                        "amountYen",
                        "金額を入力してください（100万円まで）。",
                    ));
                }
            }
        }
        v.payer_kana = crate::kernel::text::clean(&v.payer_kana);
        if v.method != FeeMethod::BankTransfer {
            v.payer_kana.clear();
            v.bank_charge_deducted = false;
        }
        if v.method != FeeMethod::MoneyOrder {
            v.money_order_count = 0;
            v.money_order_face_yen = 0;
            v.money_order_issued_on.clear();
        }
        if v.method != FeeMethod::Stamps {
            v.stamps.clear();
        }
        if !matches!(
            v.method,
            FeeMethod::BankTransfer | FeeMethod::CashRegistered
        ) {
            v.amount_yen = 0;
        }
        v.note = crate::kernel::text::free_text("note", &v.note, 500, &mut errors);
        v.payer_kana = crate::kernel::text::free_text("payerKana", &v.payer_kana, 500, &mut errors);
        if errors.is_empty() {
            Ok(v)
        } else {
            Err(StoreError::Invalid(errors))
        }
    }

    /// What an officer should notice about this payment.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.method == FeeMethod::MoneyOrder {
            if let (Some(issued), Some(received)) =
                (day(&self.money_order_issued_on), day(&self.received_on))
            {
                // 定額小為替 can be cashed for 6 months after issue.
                let limit = issued.checked_add_months(Months::new(6)).unwrap_or(issued);
                if received > limit {
                    out.push(format!(
                        "定額小為替の発行日（{}）から6か月を過ぎています（{}まで）。換金できないため、再発行を依頼してください。",
                        crate::kernel::wareki::wareki(issued),
                        crate::kernel::wareki::wareki(limit)
                    ));
                }
            }
        }
        if self.method == FeeMethod::BankTransfer && self.bank_charge_deducted {
            out.push("振込手数料が差し引かれています。不足分の扱いを確認してください。".into());
        }
        out
    }
}

fn summary(state: FeeState, balance: i64, timing: Option<FeeTiming>, pending: bool, paid: u32) -> String {
    match state {
        FeeState::Short => format!("不足 {}円", yen(balance.unsigned_abs() as u32)),
        FeeState::Over => format!("過払い {}円", yen(balance as u32)),
        FeeState::NotAsked => {
            let why = if pending {
                "件数の決定後に請求"
            } else {
                match timing {
                    Some(FeeTiming::AfterDecision) => "決定後に請求",
                    _ => "手数料のご案内の発行後に請求",
                }
            };
            if paid > 0 {
                format!("{why}（受領済 {}円）", yen(paid))
            } else {
                why.to_string()
            }
        }
        other => other.label().into(),
    }
}

impl Store {
    pub(crate) fn case_policy(&self, case: &Case) -> Result<Option<PolicyBody>, StoreError> {
        Ok(match case.policy_version_id {
            Some(v) => crate::policy::version_body(&self.conn, v)?.map(|(_, _, b)| b),
            None => None,
        })
    }

    /// The fee ledger of a case.
    pub fn fee_ledger(&self, case_id: i64) -> Result<FeeLedger, StoreError> {
        self.case(case_id)?;
        let decision: Option<FeeDecision> = self
            .conn
            .query_row(
                "SELECT d.keep, coalesce(u.display_name, ''), d.at FROM fee_decisions d LEFT JOIN users u ON u.id = d.actor_id WHERE d.case_id = ?1",
                [case_id],
                |r| Ok(FeeDecision { keep: r.get(0)?, by: r.get(1)?, at: r.get(2)? }),
            )
            .optional()?;
        let position = fee_position(&self.conn, case_id)?;
        let (expected_yen, lines, warned, timing, pending, owed_since) = match &position {
            Some(f) => (
                f.expected.total_yen,
                f.expected.lines.clone(),
                f.expected.warned,
                (!f.expected.lines.is_empty()).then_some(f.expected.timing),
                f.expected.pending,
                f.owed_since,
            ),
            None => (0, Vec::new(), false, None, false, None),
        };
        let needs_decision = warned && decision.is_none();
        let mut stmt = self.conn.prepare("SELECT id, detail, amount_yen, created_at FROM payments WHERE case_id = ?1 ORDER BY received_on, id")?;
        let payments: Vec<PaymentRecord> = stmt
            .query_map([case_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .map(|row| {
                let (id, detail, amount_yen, created_at) = row?;
                let input: PaymentInput =
                    serde_json::from_str(&detail).map_err(|_| StoreError::Integrity)?;
                Ok(PaymentRecord {
                    id,
                    breakdown: input.breakdown(),
                    problems: input.problems(),
                    input,
                    amount_yen,
                    created_at,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let paid_yen: u32 = payments
            .iter()
            .filter(|p| p.input.direction == PaymentDirection::In)
            .map(|p| p.amount_yen)
            .sum();
        let refunded_yen: u32 = payments
            .iter()
            .filter(|p| p.input.direction == PaymentDirection::Refund)
            .map(|p| p.amount_yen)
            .sum();
        let balance_yen = i64::from(paid_yen) - i64::from(refunded_yen) - i64::from(expected_yen);
        // A count still to be decided owes nothing yet: neither 過払い nor
        // 不足 until it is known. A known fee not asked yet is 請求前.
        let state = if pending {
            FeeState::NotAsked
        } else if expected_yen == 0 && paid_yen == 0 {
            FeeState::NoFee
        } else if balance_yen == 0 {
            FeeState::Paid
        } else if balance_yen > 0 {
            FeeState::Over
        } else if owed_since.is_none() {
            FeeState::NotAsked
        } else if paid_yen == 0 {
            FeeState::Due
        } else {
            FeeState::Short
        };
        Ok(FeeLedger {
            case_id,
            needs_decision,
            decision,
            expected_yen,
            lines,
            timing,
            owed_since: owed_since.map(|d| d.to_string()),
            paid_yen,
            refunded_yen,
            balance_yen,
            summary: summary(state, balance_yen, timing, pending, paid_yen.saturating_sub(refunded_yen)),
            state,
            payments,
        })
    }

    /// Records a payment (or a refund). When the policy stops the clock
    /// while waiting, the 手数料待ち pause follows (`case::due::sync_fee_pause`):
    /// a payment that settles the fee ends it that day, a refund that leaves
    /// it short opens it again.
    pub fn record_payment(
        &mut self,
        case_id: i64,
        input: &PaymentInput,
        today: NaiveDate,
    ) -> Result<FeeLedger, StoreError> {
        self.case(case_id)?;
        let v = input.validated(today)?;
        let amount = v.amount();
        let actor = self.actor_id();
        let detail = format!(
            "method={} direction={} amount={amount}",
            v.method.code(),
            v.direction.code()
        );
        self.write(Action::PaymentRecorded, Target::of("case", case_id), &detail, |tx, now| {
            tx.execute(
                "INSERT INTO payments (case_id, direction, method, received_on, amount_yen, detail, note, created_at, actor_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![case_id, v.direction.code(), v.method.code(), v.received_on, amount, serde_json::to_string(&v).expect("serialises"), v.note, now, actor],
            )?;
            crate::case::events::add_event(
                tx,
                case_id,
                actor,
                &Event::PaymentRecorded { method: Some(v.method), direction: Some(v.direction), amount, breakdown: v.breakdown() },
                now,
            )?;
            sync_fee_pause(tx, case_id, actor, now)?;
            Ok(())
        })?;
        self.fee_ledger(case_id)
    }
}

impl Store {
    /// The 管理者 decides, for one case, whether a fee APPI 38条 does not
    /// allow is charged as the policy says (`keep`) or waived. Audited.
    pub fn decide_fee_warning(
        &mut self,
        case_id: i64,
        keep: bool,
    ) -> Result<FeeLedger, StoreError> {
        self.require_admin()?;
        let ledger = self.fee_ledger(case_id)?;
        if !ledger.needs_decision && ledger.decision.is_none() {
            return Err(StoreError::invalid(
                "decision",
                "この案件の手数料には法第38条の警告がありません。",
            ));
        }
        let actor = self.actor_id();
        let choice = if keep { "keep" } else { "waive" };
        self.write(Action::FeeWarningDecided, Target::of("case", case_id), choice, |tx, now| {
            tx.execute(
                "INSERT INTO fee_decisions (case_id, keep, actor_id, at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (case_id) DO UPDATE SET keep = excluded.keep, actor_id = excluded.actor_id, at = excluded.at",
                params![case_id, keep, actor, now],
            )?;
            crate::case::events::add_event(tx, case_id, actor, &Event::FeeWarningDecided { keep }, now)?;
            sync_fee_pause(tx, case_id, actor, now)
        })?;
        self.fee_ledger(case_id)
    }
}

/// A pause as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PauseRecord {
    pub id: i64,
    pub reason: PauseReason,
    pub from_on: String,
    pub to_on: Option<String>,
    pub note: String,
    pub days: i64,
}

/// The clock of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clock {
    pub case_id: i64,
    /// As received: APPI 39条's two weeks run from it, pauses or not.
    pub received_on: String,
    /// None without a policy.
    pub due_on: Option<String>,
    pub paused: bool,
    pub paused_days: i64,
    /// Days left until the due date (negative: overdue).
    pub days_left: Option<i64>,
    /// The policy's own words for the period, e.g. 「合理的な期間内」.
    pub wording: String,
    pub pauses: Vec<PauseRecord>,
}

impl Store {
    /// The due date and pauses of a case, as of `today`.
    pub fn clock(&self, case_id: i64, today: NaiveDate) -> Result<Clock, StoreError> {
        let case = self.case(case_id)?;
        let mut stmt = self.conn.prepare("SELECT id, reason, from_on, to_on, note FROM clock_pauses WHERE case_id = ?1 ORDER BY from_on, id")?;
        let pauses: Vec<PauseRecord> = stmt
            .query_map([case_id], |r| {
                let from_on: String = r.get(2)?;
                let to_on: Option<String> = r.get(3)?;
                let days = match (day(&from_on), to_on.as_deref().and_then(day)) {
                    (Some(f), Some(t)) => (t - f).num_days(),
                    (Some(f), None) => (today - f).num_days() + 1,
                    _ => 0,
                };
                Ok(PauseRecord {
                    id: r.get(0)?,
                    reason: PauseReason::from_code(&r.get::<_, String>(1)?)
                        .unwrap_or(PauseReason::Clarification),
                    from_on,
                    to_on,
                    note: r.get(4)?,
                    days: days.max(0),
                })
            })?
            .collect::<Result<_, _>>()?;
        let spans: Vec<Pause> = pauses
            .iter()
            .filter_map(|p| {
                Some(Pause {
                    from: day(&p.from_on)?,
                    to: p.to_on.as_deref().and_then(day),
                })
            })
            .collect();
        let policy = self.case_policy(&case)?;
        let due = policy.as_ref().map(|p| {
            crate::policy::deadline::due_date(&p.deadline, case.received_on, None, &spans, today)
        });
        Ok(Clock {
            case_id,
            received_on: case.received_on.format("%Y-%m-%d").to_string(),
            due_on: due.map(|d| d.format("%Y-%m-%d").to_string()),
            paused: pauses.iter().any(|p| p.to_on.is_none()),
            paused_days: crate::policy::deadline::paused_days(&spans, today),
            days_left: due.map(|d| (d - today).num_days()),
            wording: policy.map(|p| p.deadline.wording).unwrap_or_default(),
            pauses,
        })
    }

    /// Stops the clock from `from` (the day the desk starts waiting).
    pub fn pause_clock(
        &mut self,
        case_id: i64,
        reason: PauseReason,
        from: &str,
        note: &str,
        today: NaiveDate,
    ) -> Result<Clock, StoreError> {
        let case = self.case(case_id)?;
        let mut errors = Vec::new();
        let from = day_field("from", "停止日", from, true, &mut errors);
        if let Some(f) = day(&from) {
            if f < case.received_on {
                errors.push(FieldError::new(
                    "from",
                    "受付日より前からは停止できません。",
                ));
            }
            if f > today {
                errors.push(FieldError::new("from", "未来の日付は指定できません。"));
            }
        }
        let note = crate::kernel::text::free_text("note", note, 500, &mut errors);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let open: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM clock_pauses WHERE case_id = ?1 AND to_on IS NULL)",
            [case_id],
            |r| r.get(0),
        )?;
        if open {
            return Err(StoreError::invalid(
                "reason",
                "期限は既に停止しています。再開してから停止し直してください。",
            ));
        }
        let actor = self.actor_id();
        self.write(
            Action::ClockPaused,
            Target::of("case", case_id),
            reason.code(),
            |tx, now| open_pause(tx, case_id, reason, &from, &note, actor, now),
        )?;
        self.clock(case_id, today)
    }

    /// Runs the clock again from `to` (the day the awaited item arrived).
    pub fn resume_clock(
        &mut self,
        case_id: i64,
        to: &str,
        today: NaiveDate,
    ) -> Result<Clock, StoreError> {
        let mut errors = Vec::new();
        let to = day_field("to", "再開日", to, true, &mut errors);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let open: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, from_on FROM clock_pauses WHERE case_id = ?1 AND to_on IS NULL",
                [case_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, from)) = open else {
            return Err(StoreError::invalid("to", "期限は停止していません。"));
        };
        if to < from {
            return Err(StoreError::invalid(
                "to",
                "再開日が停止日より前になっています。",
            ));
        }
        if day(&to).is_some_and(|t| t > today) {
            return Err(StoreError::invalid("to", "未来の日付は指定できません。"));
        }
        let actor = self.actor_id();
        self.write(
            Action::ClockResumed,
            Target::of("case", case_id),
            "",
            |tx, now| close_pause(tx, case_id, id, &to, actor, now),
        )?;
        self.clock(case_id, today)
    }
}

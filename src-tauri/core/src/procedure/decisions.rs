//! 調査と決定: what the desk searched and found, the decision on each
//! requested kind, and the 管理者's approval. Anything short of full
//! compliance names its legal ground and the reasons the person will be
//! told (APPI 36条). Refusals and every 特定個人情報 case are approved by a
//! 管理者 who did not decide them.

use crate::case::model::CaseStatus;
use crate::kernel::error::FieldError;
use crate::policy::law::RequestKind;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionInput {
    pub kind: RequestKind,
    pub outcome: Outcome,
    /// Required unless full compliance (or 保有個人データなし).
    pub legal_ground: Option<LegalGround>,
    /// What the person is told (法第36条): required unless full compliance.
    pub reasons: String,
    /// What was corrected, withheld, the alternative measure …
    pub detail: String,
    /// Documents (or pages) disclosed, where the policy charges per document
    /// or page for this kind (`KindDecision::fee_count`); cleared otherwise.
    #[serde(default)]
    pub fee_count: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Decision {
    pub input: DecisionInput,
    pub decided_by: String,
    pub decided_at: String,
}

/// A requested kind and its decision (None until decided).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindDecision {
    pub kind: RequestKind,
    pub decision: Option<Decision>,
    /// The policy charges this kind per document or page: the decision
    /// records how many are disclosed.
    pub fee_count: Option<FeeCountAsk>,
}

/// What a decision asks for a fee per document or page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeCountAsk {
    /// 「開示する書類の件数」 / 「開示する書面の枚数」
    pub label: String,
    /// 件 / 枚
    pub counter: String,
    pub unit_yen: u32,
    /// 「1件につき300円。決定の後に手数料をご案内します。」
    pub hint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvestigationNote {
    pub id: i64,
    pub at: String,
    pub by: String,
    pub searched: String,
    pub found: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApprovalRecord {
    pub approved: bool,
    pub note: String,
    pub by: String,
    pub at: String,
}

/// Everything about deciding a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CaseDecisions {
    pub case_id: i64,
    pub notes: Vec<InvestigationNote>,
    /// One per requested kind, in the order requested.
    pub decisions: Vec<KindDecision>,
    /// Every requested kind has a decision.
    pub complete: bool,
    /// A refusal or a 特定個人情報 case: a 管理者 must approve.
    pub needs_approval: bool,
    /// Why approval is needed, in words.
    pub approval_reasons: Vec<String>,
    /// The latest approval (or send-back), if any.
    pub approval: Option<ApprovalRecord>,
    /// Approved after the last change to a decision.
    pub approved: bool,
}

const FIELD_REASONS: &str = "reasons";

use crate::case::events::Event;
use crate::kernel::text::free_text;
use crate::policy::law::grounds_for;
use crate::policy::law::outcomes_for;
use crate::policy::law::LegalGround;
use crate::policy::law::Outcome;

impl DecisionInput {
    pub fn validated(&self, requested: &[RequestKind]) -> Result<DecisionInput, StoreError> {
        let mut v = self.clone();
        let mut errors = Vec::new();
        if !requested.contains(&v.kind) {
            errors.push(FieldError::new(
                "kind",
                "この案件で請求されていない種類です。",
            ));
        }
        if !outcomes_for(v.kind).contains(&v.outcome) {
            errors.push(FieldError::new(
                "outcome",
                format!("{}の決定として選べない内容です。", v.kind.label()),
            ));
        }
        v.reasons = free_text(FIELD_REASONS, &v.reasons, 2000, &mut errors);
        v.detail = free_text("detail", &v.detail, 2000, &mut errors);
        if v.outcome.is_full() {
            v.legal_ground = None;
        } else {
            if v.outcome.is_refusal() {
                match v.legal_ground {
                    None => errors.push(FieldError::new(
                        "legalGround",
                        "応じない理由となる法的根拠を選んでください。",
                    )),
                    Some(g) if !grounds_for(v.kind).contains(&g) => errors.push(FieldError::new(
                        "legalGround",
                        format!("{}の根拠として選べない条文です。", v.kind.label()),
                    )),
                    _ => {}
                }
            }
            if v.reasons.chars().count() < 10 {
                errors.push(FieldError::new(
                    FIELD_REASONS,
                    "本人に説明する理由を10文字以上で入力してください（法第36条により、理由の説明に努めなければなりません）。",
                ));
            }
        }
        if v.outcome.needs_detail() && v.detail.is_empty() {
            errors.push(FieldError::new(
                "detail",
                "開示しない部分・実施した内容・代替措置の内容を入力してください。",
            ));
        }
        if errors.is_empty() {
            Ok(v)
        } else {
            Err(StoreError::Invalid(errors))
        }
    }
}

impl Store {
    pub fn case_decisions(&self, case_id: i64) -> Result<CaseDecisions, StoreError> {
        let case = self.case(case_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT n.id, n.at, coalesce(u.display_name, ''), n.searched, n.found FROM investigation_notes n
             LEFT JOIN users u ON u.id = n.actor_id WHERE n.case_id = ?1 ORDER BY n.id",
        )?;
        let notes = stmt
            .query_map([case_id], |r| {
                Ok(InvestigationNote {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    searched: r.get(3)?,
                    found: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT d.kind, d.outcome, d.legal_ground, d.reasons, d.detail, coalesce(u.display_name, ''), d.decided_at, d.decided_by, d.fee_count
             FROM decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.case_id = ?1",
        )?;
        let mut stored: Vec<(RequestKind, Decision, Option<i64>)> = Vec::new();
        let rows = stmt.query_map([case_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<u32>>(8)?,
            ))
        })?;
        for row in rows {
            let (kind, outcome, ground, reasons, detail, by, at, by_id, fee_count) = row?;
            let (Some(kind), Some(outcome)) =
                (RequestKind::from_code(&kind), Outcome::from_code(&outcome))
            else {
                continue;
            };
            stored.push((
                kind,
                Decision {
                    input: DecisionInput {
                        kind,
                        outcome,
                        legal_ground: LegalGround::from_code(&ground),
                        reasons,
                        detail,
                        fee_count,
                    },
                    decided_by: by,
                    decided_at: at,
                },
                by_id,
            ));
        }
        let policy = self.case_policy(&case)?;
        let decisions: Vec<KindDecision> = case
            .input
            .kinds
            .iter()
            .map(|k| KindDecision {
                kind: *k,
                decision: stored
                    .iter()
                    .find(|(sk, _, _)| sk == k)
                    .map(|(_, d, _)| d.clone()),
                fee_count: policy.as_ref().and_then(|p| fee_count_ask(p, *k)),
            })
            .collect();
        let complete = decisions.iter().all(|d| d.decision.is_some());
        let mut approval_reasons = Vec::new();
        for kd in &decisions {
            if let Some(d) = &kd.decision {
                if d.input.outcome.is_refusal() {
                    approval_reasons.push(format!(
                        "{}: {}",
                        kd.kind.label(),
                        d.input.outcome.label()
                    ));
                }
            }
        }
        // The profile says whether 特定個人情報 needs the 特定個人情報保護
        // 管理者's approval (番号法 leaves it to the company's 取扱規程).
        if case.input.specific_personal_info && policy.as_ref().is_some_and(|p| p.specific_info_approval) {
            approval_reasons.push("特定個人情報を含む案件".into());
        }
        let approval: Option<(ApprovalRecord, String)> = self
            .conn
            .query_row(
                "SELECT a.outcome, a.note, coalesce(u.display_name, ''), a.at FROM approvals a LEFT JOIN users u ON u.id = a.actor_id
                 WHERE a.case_id = ?1 ORDER BY a.id DESC LIMIT 1",
                [case_id],
                |r| {
                    let at: String = r.get(3)?;
                    Ok((ApprovalRecord { approved: r.get::<_, String>(0)? == "approved", note: r.get(1)?, by: r.get(2)?, at: at.clone() }, at))
                },
            )
            .optional()?;
        let last_decision = stored.iter().map(|(_, d, _)| d.decided_at.clone()).max();
        let approved = approval
            .as_ref()
            .is_some_and(|(a, at)| a.approved && last_decision.as_ref().is_none_or(|d| d <= at));
        Ok(CaseDecisions {
            case_id,
            notes,
            decisions,
            complete,
            needs_approval: !approval_reasons.is_empty(),
            approval_reasons,
            approval: approval.map(|(a, _)| a),
            approved,
        })
    }

    /// 調査の記録: what was searched and what was found.
    pub fn add_investigation_note(
        &mut self,
        case_id: i64,
        searched: &str,
        found: &str,
    ) -> Result<CaseDecisions, StoreError> {
        self.case(case_id)?;
        let mut errors = Vec::new();
        let searched = free_text("searched", searched, 2000, &mut errors);
        let found = free_text("found", found, 4000, &mut errors);
        if searched.is_empty() {
            errors.push(FieldError::new(
                "searched",
                "調査した対象（システム・台帳・書類など）を入力してください。",
            ));
        }
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        let actor = self.actor_id();
        self.write(Action::InvestigationNoted, Target::of("case", case_id), "", |tx, now| {
            tx.execute(
                "INSERT INTO investigation_notes (case_id, at, actor_id, searched, found) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, now, actor, searched, found],
            )?;
            crate::case::events::add_event(tx, case_id, actor, &Event::InvestigationNoted {}, now)
        })?;
        self.case_decisions(case_id)
    }

    /// Records (or changes) the decision on one requested kind. A change
    /// after approval needs approval again.
    pub fn record_decision(
        &mut self,
        case_id: i64,
        input: &DecisionInput,
    ) -> Result<CaseDecisions, StoreError> {
        let case = self.case(case_id)?;
        if !case.status.is_open() {
            return Err(StoreError::invalid(
                "status",
                format!("「{}」の案件の決定は変えられません。", case.status.label()),
            ));
        }
        let mut v = input.validated(&case.input.kinds)?;
        let counted = self.case_policy(&case)?.and_then(|p| fee_count_ask(&p, v.kind));
        v.fee_count = fee_count_of(counted.as_ref(), v.outcome, input.fee_count)?;
        let actor = self.actor_id();
        let detail = format!("kind={} outcome={}", v.kind.code(), v.outcome.code());
        self.write(Action::DecisionRecorded, Target::of("case", case_id), &detail, |tx, now| {
            tx.execute(
                "INSERT INTO decisions (case_id, kind, outcome, legal_ground, reasons, detail, decided_by, decided_at, fee_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (case_id, kind) DO UPDATE SET outcome = excluded.outcome, legal_ground = excluded.legal_ground,
                    reasons = excluded.reasons, detail = excluded.detail, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
                    fee_count = excluded.fee_count",
                params![
                    case_id,
                    v.kind.code(),
                    v.outcome.code(),
                    v.legal_ground.map(|g| g.code()).unwrap_or(""),
                    v.reasons,
                    v.detail,
                    actor,
                    now,
                    v.fee_count
                ],
            )?;
            crate::case::events::add_event(
                tx,
                case_id,
                actor,
                &Event::DecisionRecorded { kind: Some(v.kind), outcome: Some(v.outcome) },
                now,
            )?;
            // A count decided, or a fee asked after the decision: the 入金待ち
            // queue and the clock follow.
            crate::case::due::sync_fee_pause(tx, case_id, actor, now)
        })?;
        self.case_decisions(case_id)
    }

    /// A 管理者 approves the decisions (the case goes on to 回答準備) or sends
    /// them back (調査中). Nobody approves a decision they made.
    pub fn review_decisions(
        &mut self,
        case_id: i64,
        approve: bool,
        note: &str,
    ) -> Result<CaseDecisions, StoreError> {
        let me = self.require_named_admin()?;
        let case = self.case(case_id)?;
        if case.status != CaseStatus::AwaitingApproval {
            return Err(StoreError::invalid(
                "status",
                "「承認待ち」の案件だけを承認・差戻しできます。",
            ));
        }
        let deciders: Vec<Option<i64>> = self
            .conn
            .prepare("SELECT decided_by FROM decisions WHERE case_id = ?1")?
            .query_map([case_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if approve && deciders.contains(&Some(me)) {
            return Err(StoreError::invalid(
                "approval",
                "自分が行った決定は承認できません。別の管理者に承認を依頼してください。",
            ));
        }
        let note = crate::kernel::text::free_text_only("note", note, 1000)?;
        if !approve && note.is_empty() {
            return Err(StoreError::invalid(
                "note",
                "差し戻す理由を入力してください。",
            ));
        }
        let (outcome, next) = if approve {
            ("approved", CaseStatus::PreparingReply)
        } else {
            ("sent_back", CaseStatus::Investigating)
        };
        self.write(Action::DecisionsReviewed, Target::of("case", case_id), outcome, |tx, now| {
            tx.execute(
                "INSERT INTO approvals (case_id, outcome, note, actor_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case_id, outcome, note, me, now],
            )?;
            tx.execute("UPDATE cases SET status = ?2, updated_at = ?3 WHERE id = ?1", params![case_id, next.code(), now])?;
            crate::case::events::add_event(tx, case_id, Some(me), &Event::DecisionsReviewed { approved: approve, note: note.clone() }, now)?;
            crate::case::events::add_event(
                tx,
                case_id,
                Some(me),
                &Event::StatusChanged { from: Some(CaseStatus::AwaitingApproval), to: Some(next), reason: String::new() },
                now,
            )
        })?;
        self.case_decisions(case_id)
    }
}

/// Checks a move of the workflow against the decisions: to 承認待ち only with
/// every kind decided; to 回答準備 only when nothing needs approval or it was
/// approved. Called by `set_case_status`.
pub(crate) fn check_move(store: &Store, case_id: i64, to: CaseStatus) -> Result<(), StoreError> {
    if !matches!(
        to,
        CaseStatus::AwaitingApproval | CaseStatus::PreparingReply
    ) {
        return Ok(());
    }
    let d = store.case_decisions(case_id)?;
    if !d.complete {
        let missing: Vec<&str> = d
            .decisions
            .iter()
            .filter(|x| x.decision.is_none())
            .map(|x| x.kind.label())
            .collect();
        return Err(StoreError::invalid(
            "status",
            format!("決定していない請求があります: {}", missing.join("・")),
        ));
    }
    if to == CaseStatus::PreparingReply && d.needs_approval && !d.approved {
        return Err(StoreError::invalid(
            "status",
            format!(
                "管理者の承認が必要です（{}）。「承認待ち」にしてください。",
                d.approval_reasons.join("、")
            ),
        ));
    }
    Ok(())
}

/// What a decision on `kind` asks for a fee per document or page, if the
/// policy charges it so.
fn fee_count_ask(policy: &crate::policy::PolicyBody, kind: RequestKind) -> Option<FeeCountAsk> {
    let (per, unit_yen) = crate::policy::fee::counted_rule(policy, kind)?;
    let counter = per.counter()?;
    let label = match per {
        crate::policy::FeeUnit::PerPage => "開示する書面の枚数",
        _ => "開示する書類の件数",
    };
    let asked = match policy.fee_for(kind).map(|r| r.when) {
        Some(crate::policy::FeeTiming::AfterDecision) => "決定の後に手数料をご案内します。",
        _ => "件数が決まると手数料が確定します。",
    };
    Some(FeeCountAsk {
        label: label.into(),
        counter: counter.into(),
        unit_yen,
        hint: format!("手数料は1{counter}につき{}円です。{asked}", crate::kernel::text::yen(unit_yen)),
    })
}

/// The count a decision keeps: the typed one where something is disclosed,
/// 0 where nothing is, none where the policy does not count.
fn fee_count_of(ask: Option<&FeeCountAsk>, outcome: Outcome, typed: Option<u32>) -> Result<Option<u32>, StoreError> {
    let Some(ask) = ask else { return Ok(None) };
    if !outcome.discloses() {
        return Ok(Some(0));
    }
    match typed {
        Some(n) if (1..=crate::policy::fee::MAX_FEE_COUNT).contains(&n) => Ok(Some(n)),
        Some(n) if n > crate::policy::fee::MAX_FEE_COUNT => Err(StoreError::invalid(
            "feeCount",
            format!("{}は{}以下で入力してください。", ask.label, crate::kernel::text::yen(crate::policy::fee::MAX_FEE_COUNT)),
        )),
        _ => Err(StoreError::invalid(
            "feeCount",
            format!("{}を1以上の数で入力してください（手数料は1{}につき{}円）。", ask.label, ask.counter, crate::kernel::text::yen(ask.unit_yen)),
        )),
    }
}

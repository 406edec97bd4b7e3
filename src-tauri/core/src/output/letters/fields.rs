//! 差し込み項目: the `{{名前}}` placeholders a template may use, where each
//! value comes from, and why it may be missing on a case.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::case::model::{Case, DisclosureMethod, RequesterType};

use crate::desk::org::Organisation;
use crate::kernel::wareki::wareki;
use crate::policy::law::RequestKind;
use crate::policy::PolicyBody;
use crate::procedure::decisions::CaseDecisions;
use crate::procedure::fees::FeeLedger;
use crate::procedure::verification::Verification;
use crate::store::error::StoreError;
use crate::store::Store;

use super::Scope;

/// One placeholder as the template editor lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// What the preview prints when no case is chosen (見本 data).
    pub sample: &'static str,
}

macro_rules! fields {
    ($($name:literal, $description:literal, $sample:literal;)*) => {
        pub const FIELDS: &[FieldSpec] = &[$(FieldSpec { name: $name, description: $description, sample: $sample }),*];
    };
}

fields! {
    "受付番号", "案件の受付番号", "2026-0001";
    "文書番号", "この文書の番号（発行時に採番）", "第2026-0001号";
    "発行日", "文書の日付（和暦）", "令和8年12月10日";
    "受付日", "請求を受け付けた日（和暦）", "令和8年12月1日";
    "回答期限", "ポリシーによる回答期限（和暦）", "令和8年12月31日";
    "氏名", "請求者（本人）の氏名", "見本 花子";
    "郵便番号", "請求者の郵便番号", "100-0001";
    "住所", "請求者の住所", "東京都千代田区見本町1-2-3 見本ハイツ101";
    "代理人", "代理人の氏名（代理人による請求のとき）", "見本 一郎";
    "請求の種類", "請求された種類（、区切り）", "開示、削除";
    "開示の方法", "開示の方法（書面または電磁的記録）", "書面の交付（郵送）";
    "会社名", "組織情報の会社名", "見本商事株式会社";
    "窓口名", "組織情報の窓口名", "個人情報問合せ窓口";
    "窓口郵便番号", "組織情報の郵便番号", "100-0005";
    "窓口住所", "組織情報の住所", "東京都千代田区丸の内9-9-9";
    "窓口電話", "組織情報の電話番号", "03-0000-0000";
    "窓口メール", "組織情報のメールアドレス", "privacy@example.jp";
    "不足書類", "本人確認で不足している書類（箇条書き）", "・本人確認書類の写し（運転免許証、マイナンバーカード（表面のみ）など）";
    "手数料", "この請求の手数料の額", "1,100円";
    "手数料内訳", "手数料の内訳（箇条書き）", "・開示　1,100円";
    "手数料の案内", "ポリシーの請求時期に合った案内の文（決定後の請求なら開示の決定に触れる）", "所定の手数料を下記のとおりご案内いたします。手数料の確認ができ次第、手続きを進めます。";
    "支払方法", "ポリシーの支払方法と案内（箇条書き）", "・銀行振込：見本銀行 本店 普通 0000000 ミホンシヨウジ（カ）";
    "入金額", "受け取った手数料の合計", "880円";
    "不足額", "手数料の不足額", "120円";
    "決定内容", "請求の種類ごとの決定（箇条書き）", "・開示：全部開示";
    "根拠", "全部には応じない決定の法的根拠（箇条書き）", "・開示：法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）";
    "理由", "決定の理由（法第36条による説明）", "・開示：見本の理由です。";
    "開示する保有個人データ", "開示決定で開示する内容（別紙）", "氏名：見本 花子\n住所：東京都千代田区見本町1-2-3";
    "訂正等の内容", "訂正・追加・削除の内容", "住所を「東京都千代田区見本町1-2-3」に訂正しました。";
    "利用停止等の内容", "利用停止・消去・第三者提供の停止の内容", "ダイレクトメールの送付を停止しました。";
    "利用目的", "通知する利用目的", "・商品の発送のため\n・お問い合わせへの回答のため";
    "返却書類", "返却した原本（箇条書き）", "・委任状（原本）令和8年12月10日 簡易書留";
}

pub fn is_known(name: &str) -> bool {
    FIELDS.iter().any(|f| f.name == name)
}

pub fn sample_values() -> BTreeMap<String, String> {
    FIELDS
        .iter()
        .map(|f| (f.name.to_string(), f.sample.to_string()))
        .collect()
}

/// Each field's value on a case, or why it has none (a sentence for the
/// officer; never personal data).
pub type Resolved = BTreeMap<&'static str, Result<String, String>>;

/// `1,100円`.
fn yen(amount: u32) -> String {
    format!("{}円", crate::kernel::text::yen(amount))
}

fn bullets<I: IntoIterator<Item = String>>(items: I) -> Option<String> {
    let lines: Vec<String> = items.into_iter().map(|s| format!("・{s}")).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn present(value: &str, why_missing: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err(why_missing.to_string())
    } else {
        Ok(value.to_string())
    }
}

fn in_scope(scope: Scope, kind: RequestKind) -> bool {
    use RequestKind::*;
    match scope {
        Scope::All => true,
        Scope::Disclosure => matches!(kind, Disclosure | ThirdPartyRecord),
        Scope::Correction => kind.states_correction(),
        Scope::Suspension => matches!(kind, Suspension | Erasure | StopThirdParty),
        Scope::Purpose => kind == PurposeNotice,
    }
}

pub(crate) struct CaseData {
    pub case: Case,
    pub org: Organisation,
    pub policy: Option<PolicyBody>,
    pub due_on: Option<String>,
    pub verification: Verification,
    pub ledger: FeeLedger,
    pub decisions: CaseDecisions,
}

impl CaseData {
    pub fn load(store: &Store, case_id: i64, today: NaiveDate) -> Result<CaseData, StoreError> {
        let case = store.case(case_id)?;
        Ok(CaseData {
            org: match store.organisation() {
                Err(StoreError::NotFound) => Organisation::default(),
                other => other?,
            },
            policy: store.case_policy(&case)?,
            due_on: store.clock(case_id, today)?.due_on,
            verification: store.verification(case_id)?,
            ledger: store.fee_ledger(case_id)?,
            decisions: store.case_decisions(case_id)?,
            case,
        })
    }
}

pub(crate) fn resolve(
    d: &CaseData,
    scope: Scope,
    document_no: &str,
    issued_on: NaiveDate,
) -> Resolved {
    let c = &d.case;
    let r = &c.input.requester;
    let mut v: Resolved = BTreeMap::new();
    v.insert("受付番号", Ok(c.receipt_no.clone()));
    v.insert("文書番号", Ok(document_no.to_string()));
    v.insert("発行日", Ok(wareki(issued_on)));
    v.insert("受付日", Ok(wareki(c.received_on)));
    v.insert(
        "回答期限",
        d.due_on
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .map(wareki)
            .ok_or_else(|| "回答期限がありません（案件にポリシーがありません）".to_string()),
    );
    v.insert("氏名", present(&r.name, "請求者の氏名が入力されていません"));
    v.insert(
        "郵便番号",
        present(&r.postal_code, "請求者の郵便番号が入力されていません"),
    );
    v.insert(
        "住所",
        present(&r.address, "請求者の住所が入力されていません"),
    );
    v.insert(
        "代理人",
        if c.input.requester_type == RequesterType::Person {
            Err("代理人による請求ではありません".into())
        } else {
            present(&c.input.agent.name, "代理人の氏名が入力されていません")
        },
    );
    v.insert(
        "請求の種類",
        Ok(c.input
            .kinds
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("、")),
    );
    v.insert(
        "開示の方法",
        Ok(match c.input.disclosure_method {
            DisclosureMethod::Electronic => "電磁的記録の提供".into(),
            _ => "書面の交付（郵送）".into(),
        }),
    );
    let org_missing = "組織情報（設定 › 組織）が入力されていません";
    v.insert("会社名", present(&d.org.name, org_missing));
    v.insert("窓口名", present(&d.org.desk_name, org_missing));
    v.insert("窓口郵便番号", present(&d.org.postal_code, org_missing));
    v.insert("窓口住所", present(&d.org.address, org_missing));
    v.insert("窓口電話", present(&d.org.phone, org_missing));
    v.insert(
        "窓口メール",
        present(&d.org.email, "組織情報のメールアドレスが入力されていません"),
    );

    v.insert(
        "不足書類",
        bullets(d.verification.missing.iter().cloned())
            .ok_or_else(|| "本人確認で不足している書類はありません".to_string()),
    );

    let l = &d.ledger;
    let pending = l.lines.iter().any(|x| x.pending);
    v.insert(
        "手数料",
        if pending {
            Err("開示する件数が決まっていません（決定で件数を入力してください）".into())
        } else if l.expected_yen > 0 {
            Ok(yen(l.expected_yen))
        } else {
            Err("この案件には手数料がかかりません".into())
        },
    );
    v.insert(
        "手数料の案内",
        match l.timing {
            None => Err("この案件には手数料がかかりません".to_string()),
            Some(crate::policy::FeeTiming::AfterDecision) => Ok(
                "開示の決定をいたしましたので、所定の手数料を下記のとおりご案内いたします。手数料の確認ができ次第、開示いたします。".into(),
            ),
            Some(_) => Ok("所定の手数料を下記のとおりご案内いたします。手数料の確認ができ次第、手続きを進めます。".into()),
        },
    );
    v.insert(
        "手数料内訳",
        bullets(
            l.lines
                .iter()
                .filter(|x| x.amount_yen > 0 && !pending)
                .map(|x| format!("{}　{}", x.label, yen(x.amount_yen))),
        )
        .ok_or_else(|| "この案件には手数料がかかりません".to_string()),
    );
    v.insert(
        "支払方法",
        d.policy
            .as_ref()
            .and_then(|p| {
                bullets(p.fee_methods.iter().map(|m| {
                    if m.instructions.trim().is_empty() {
                        m.method.label().to_string()
                    } else {
                        format!("{}：{}", m.method.label(), m.instructions.trim())
                    }
                }))
            })
            .ok_or_else(|| "ポリシーに手数料の支払方法がありません".to_string()),
    );
    v.insert("入金額", Ok(yen(l.paid_yen.saturating_sub(l.refunded_yen))));
    v.insert(
        "不足額",
        if l.state == crate::procedure::fees::FeeState::Short {
            Ok(yen(u32::try_from(-l.balance_yen).unwrap_or(u32::MAX)))
        } else {
            Err("手数料に不足はありません".into())
        },
    );

    // Decisions: only those the template speaks of, and only once they are
    // final (all decided, approved where approval is needed).
    let dec = &d.decisions;
    let scoped: Vec<_> = dec
        .decisions
        .iter()
        .filter(|k| in_scope(scope, k.kind))
        .collect();
    let gate: Result<(), String> = if scoped.is_empty() {
        Err(format!("この案件に「{}」の請求がありません", scope.label()))
    } else if scoped.iter().any(|k| k.decision.is_none()) {
        Err("決定していない請求があります（調査・決定）".into())
    } else if dec.needs_approval && !dec.approved {
        Err("管理者の承認がまだです（調査・決定）".into())
    } else {
        Ok(())
    };
    let decided: Vec<_> = scoped
        .iter()
        .filter_map(|k| k.decision.as_ref().map(|x| (k.kind, x)))
        .collect();
    let from_decisions = |what: &str,
                          f: &dyn Fn(
        RequestKind,
        &crate::procedure::decisions::Decision,
    ) -> Option<String>| {
        gate.clone().and_then(|_| {
            bullets(decided.iter().filter_map(|(k, x)| f(*k, x)))
                .ok_or_else(|| format!("{what}がありません"))
        })
    };
    v.insert(
        "決定内容",
        from_decisions("決定", &|k, x| {
            Some(format!("{}：{}", k.label(), x.input.outcome.label()))
        }),
    );
    v.insert(
        "根拠",
        from_decisions("全部に応じない決定の根拠", &|k, x| {
            x.input
                .legal_ground
                .map(|g| format!("{}：{}", k.label(), g.label()))
        }),
    );
    v.insert(
        "理由",
        from_decisions("決定の理由", &|k, x| {
            let r = x.input.reasons.trim();
            (!r.is_empty()).then(|| format!("{}：{}", k.label(), r))
        }),
    );
    let detail_of = |kinds: &[RequestKind], what: &str| -> Result<String, String> {
        gate.clone().and_then(|_| {
            let parts: Vec<String> = decided
                .iter()
                .filter(|(k, _)| kinds.contains(k))
                .map(|(_, x)| x.input.detail.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if parts.is_empty() {
                Err(format!(
                    "{what}が決定に入力されていません（調査・決定の「内容」）"
                ))
            } else {
                Ok(parts.join("\n"))
            }
        })
    };
    use RequestKind::*;
    v.insert(
        "開示する保有個人データ",
        detail_of(&[Disclosure, ThirdPartyRecord], "開示する内容"),
    );
    v.insert(
        "訂正等の内容",
        detail_of(&[Correction, Addition, Deletion], "訂正等の内容"),
    );
    v.insert(
        "利用停止等の内容",
        detail_of(&[Suspension, Erasure, StopThirdParty], "利用停止等の内容"),
    );
    v.insert("利用目的", detail_of(&[PurposeNotice], "通知する利用目的"));

    v.insert(
        "返却書類",
        bullets(
            d.verification
                .originals
                .iter()
                .filter(|o| !o.returned_on.is_empty())
                .map(|o| {
                    let on = NaiveDate::parse_from_str(&o.returned_on, "%Y-%m-%d")
                        .map(wareki)
                        .unwrap_or_else(|_| o.returned_on.clone());
                    format!("{}（原本）　{} {}", o.doc_type.label(), on, o.return_method)
                }),
        )
        .ok_or_else(|| "返却した原本の記録がありません（本人確認 › 原本）".to_string()),
    );
    debug_assert!(v.keys().all(|k| is_known(k)) && v.len() == FIELDS.len());
    v
}

//! What the 個人情報保護法 (APPI) fixes for every desk, whatever its policy:
//! the kinds of request (法第32条〜第35条), the decisions each can end in and
//! the legal grounds for a refusal (法第32条〜第35条, 第36条), and which
//! requests may be charged a fee (法第38条). A policy profile chooses within
//! these; it cannot change them.

use crate::kernel::text::yen;

coded_enum!(
    /// 請求の種類 (APPI 32–35 and その他).
    RequestKind {
        /// 利用目的の通知
        PurposeNotice = "purpose_notice", "利用目的の通知";
        /// 開示
        Disclosure = "disclosure", "開示";
        /// 第三者提供記録の開示
        ThirdPartyRecord = "third_party_record", "第三者提供記録の開示";
        Correction = "correction", "訂正";
        Addition = "addition", "追加";
        Deletion = "deletion", "削除";
        /// 利用停止
        Suspension = "suspension", "利用停止";
        Erasure = "erasure", "消去";
        /// 第三者提供の停止
        StopThirdParty = "stop_third_party", "第三者提供の停止";
        Other = "other", "その他";
    }
);

coded_enum!(
    /// 決定の内容. Which apply depends on the kind ([`outcomes_for`]).
    Outcome {
        FullDisclosure = "full_disclosure", "全部開示";
        PartialDisclosure = "partial_disclosure", "一部開示";
        NonDisclosure = "non_disclosure", "不開示";
        NoData = "no_data", "保有個人データなし";
        Done = "done", "実施";
        PartlyDone = "partly_done", "一部実施";
        NotDone = "not_done", "実施しない";
        Alternative = "alternative", "代替措置";
        Notified = "notified", "通知";
        NotNotified = "not_notified", "通知しない";
    }
);

coded_enum!(
    /// 法的根拠: why the desk does not (fully) comply.
    LegalGround {
        Appi33_2_1 = "appi_33_2_1", "法第33条第2項第1号（本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ）";
        Appi33_2_2 = "appi_33_2_2", "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）";
        Appi33_2_3 = "appi_33_2_3", "法第33条第2項第3号（他の法令に違反することとなる）";
        Appi32_2_1 = "appi_32_2_1", "法第32条第2項第1号（利用目的が明らかな場合など法第21条第4項第1号〜第3号に該当）";
        Appi32_2_2 = "appi_32_2_2", "法第32条第2項第2号（法第21条第4項第1号〜第3号に該当）";
        Appi34_2 = "appi_34_2", "法第34条第2項（調査の結果、内容が事実でないとは認められない）";
        Appi35 = "appi_35", "法第35条（違反の事実が認められない）";
        Appi35Cost = "appi_35_cost", "法第35条第2項・第4項ただし書（多額の費用を要する等、困難であり代替措置をとる）";
        NoPersonalData = "no_personal_data", "保有個人データに該当しない";
        IdentityNotVerified = "identity_not_verified", "本人確認ができない";
    }
);

impl RequestKind {
    /// 訂正・追加・削除 (APPI 34条): the request states what is to be
    /// corrected (訂正等の内容).
    pub fn states_correction(self) -> bool {
        use RequestKind::*;
        matches!(self, Correction | Addition | Deletion)
    }
}

/// The outcomes a kind can have; the first is full compliance.
pub fn outcomes_for(kind: RequestKind) -> &'static [Outcome] {
    use Outcome::*;
    use RequestKind::*;
    match kind {
        Disclosure | ThirdPartyRecord => {
            &[FullDisclosure, PartialDisclosure, NonDisclosure, NoData]
        }
        Correction | Addition | Deletion => &[Done, PartlyDone, NotDone],
        Suspension | Erasure | StopThirdParty => &[Done, NotDone, Alternative],
        PurposeNotice => &[Notified, NotNotified],
        Other => &[Done, NotDone],
    }
}

/// The grounds that fit a kind's refusal.
pub fn grounds_for(kind: RequestKind) -> &'static [LegalGround] {
    use LegalGround::*;
    use RequestKind::*;
    match kind {
        Disclosure | ThirdPartyRecord => &[
            Appi33_2_1,
            Appi33_2_2,
            Appi33_2_3,
            NoPersonalData,
            IdentityNotVerified,
        ],
        Correction | Addition | Deletion => &[Appi34_2, NoPersonalData, IdentityNotVerified],
        Suspension | Erasure | StopThirdParty => {
            &[Appi35, Appi35Cost, NoPersonalData, IdentityNotVerified]
        }
        PurposeNotice => &[Appi32_2_1, Appi32_2_2, IdentityNotVerified],
        Other => &[NoPersonalData, IdentityNotVerified],
    }
}

impl Outcome {
    /// Full compliance needs no ground and no approval.
    pub fn is_full(self) -> bool {
        matches!(
            self,
            Outcome::FullDisclosure | Outcome::Done | Outcome::Notified
        )
    }

    /// Something is handed over (all or part): a fee per document or page
    /// counts what.
    pub fn discloses(self) -> bool {
        matches!(self, Outcome::FullDisclosure | Outcome::PartialDisclosure)
    }

    /// A refusal in whole or part: ground, reasons and approval.
    pub fn is_refusal(self) -> bool {
        !self.is_full() && self != Outcome::NoData
    }

    /// Partly or otherwise: the 内容 must say which part, or what instead.
    pub fn needs_detail(self) -> bool {
        matches!(
            self,
            Outcome::PartialDisclosure | Outcome::PartlyDone | Outcome::Alternative
        )
    }
}

/// What a decision's 内容 records, by the request and the decision: the
/// label of that field on the form and in the case.
pub fn detail_label(kind: RequestKind, outcome: Outcome) -> &'static str {
    use Outcome::*;
    match outcome {
        FullDisclosure => "開示する内容",
        PartialDisclosure => "開示しない部分",
        PartlyDone => "実施した部分・実施しない部分",
        Alternative => "代替措置の内容",
        Notified => "通知した利用目的",
        Done => match kind {
            RequestKind::Correction => "訂正した内容",
            RequestKind::Addition => "追加した内容",
            RequestKind::Deletion => "削除した内容",
            RequestKind::Other => "実施した内容",
            _ => "実施した措置",
        },
        _ => "補足",
    }
}

/// Kinds for which APPI 38条 allows a fee: 利用目的の通知 (32条2項) and 開示
/// (33条1項, incl. 第三者提供記録 33条5項).
pub fn fee_allowed(kind: RequestKind) -> bool {
    matches!(
        kind,
        RequestKind::PurposeNotice | RequestKind::Disclosure | RequestKind::ThirdPartyRecord
    )
}

/// The warning for a fee charged for `kind`, if APPI 38条 does not allow it.
pub fn fee_warning(kind: RequestKind, amount_yen: u32) -> Option<String> {
    (!fee_allowed(kind) && amount_yen > 0).then(|| {
        format!(
            "個人情報保護法第38条第1項により、手数料を徴収できるのは利用目的の通知と開示（第三者提供記録の開示を含む）の請求に限られます。「{}」に{}円の手数料を定めています。",
            kind.label(),
            yen(amount_yen)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_says_what_its_content_records() {
        use Outcome::*;
        // Every decision a kind can have has a label for its 内容, and the
        // ones that need it say which part or what instead.
        for &kind in RequestKind::ALL {
            for &o in outcomes_for(kind) {
                assert!(!detail_label(kind, o).is_empty());
                assert_eq!(
                    o.needs_detail(),
                    matches!(o, PartialDisclosure | PartlyDone | Alternative)
                );
                assert!(!(o.is_full() && o.is_refusal()));
            }
        }
        assert_eq!(detail_label(RequestKind::Correction, Done), "訂正した内容");
        assert_eq!(detail_label(RequestKind::Suspension, Done), "実施した措置");
        assert_eq!(
            detail_label(RequestKind::Disclosure, PartialDisclosure),
            "開示しない部分"
        );
        assert!(
            RequestKind::Deletion.states_correction() && !RequestKind::Erasure.states_correction()
        );
    }
}

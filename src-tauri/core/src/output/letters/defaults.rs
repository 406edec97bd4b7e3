//! The letters a desk sends, as shipped. A 管理者 edits them in 設定 › 文書
//! (each save is a new version); "初期値に戻す" saves these again.

use crate::case::model::CaseStatus;

use super::{Scope, TemplateBody};

pub struct Default {
    pub key: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub addressed: bool,
    pub scope: Scope,
    /// Where recording its mailing moves the case, if the workflow allows.
    pub moves_to: Option<CaseStatus>,
    pub text: &'static str,
}

impl Default {
    pub fn body(&self) -> TemplateBody {
        TemplateBody {
            name: self.name.into(),
            title: self.title.into(),
            addressed: self.addressed,
            scope: self.scope,
            text: self.text.into(),
        }
    }
}

#[cfg(test)]
const GREETING: &str = "拝啓　時下ますますご清祥のこととお慶び申し上げます。";

macro_rules! letter_text {
    ($($line:expr),* $(,)?) => { concat!($($line, "\n"),*) };
}

pub const DEFAULTS: &[Default] = &[
    Default {
        key: "acknowledgement",
        name: "受付のお知らせ",
        title: "個人情報に関するご請求の受付について",
        addressed: true,
        scope: Scope::All,
        moves_to: None,
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　このたびは、当社の保有個人データに関するご請求をいただき、ありがとうございます。下記のとおり受け付けましたので、お知らせいたします。",
            "[あれば:回答期限]　内容を確認のうえ、{{回答期限}}までにご回答いたします。",
            "敬具",
            "",
            "記",
            "",
            "１．受付番号　{{受付番号}}",
            "２．受付日　{{受付日}}",
            "３．ご請求の種類　{{請求の種類}}",
            "",
            "　お問い合わせの際は、受付番号をお知らせください。",
            "以上",
        ),
    },
    Default {
        key: "request_form",
        name: "個人情報開示等申請書",
        title: "個人情報開示等申請書の送付について",
        addressed: true,
        scope: Scope::All,
        moves_to: None,
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　このたびは、当社の保有個人データに関するお問い合わせをいただき、ありがとうございます。",
            "　ご請求にあたっては、同封の「個人情報開示等申請書」に必要事項をご記入のうえ、本人確認書類の写しを添えて、下記の送付先までご郵送ください。代理人によるご請求の場合は、委任状など代理権を確認できる書類もあわせてお送りください。",
            "敬具",
            "",
            "記",
            "",
            "１．同封書類　個人情報開示等申請書　１通",
            "２．送付先　〒{{窓口郵便番号}}　{{窓口住所}}",
            "　　　　　　{{会社名}}　{{窓口名}}",
            "以上",
            "[改ページ]",
            "[表題] 個人情報開示等申請書",
            "[右] 記入日　　　　年　　　月　　　日",
            "{{会社名}}　{{窓口名}}　宛",
            "",
            "　個人情報の保護に関する法律に基づき、下記のとおり請求します。",
            "[選択] 請求の種類：利用目的の通知／開示／第三者提供記録の開示／訂正・追加・削除／利用停止・消去／第三者提供の停止",
            "[欄] 氏名（フリガナ）",
            "[欄2] 住所（〒）",
            "[欄] 電話番号",
            "[欄] メールアドレス",
            "[欄3] 請求の対象となる個人情報",
            "[欄3] 訂正等の内容（訂正・追加・削除のとき）",
            "[欄2] 代理人の氏名・連絡先（代理人のとき）",
            "[選択] 請求者：本人／法定代理人／任意代理人",
            "[選択] 開示の方法：書面／電磁的記録",
            "",
            "※本人確認書類の写しを同封してください。マイナンバーカードは表面のみとし、個人番号が写らないようにしてください。",
            "※代理人によるご請求の場合は、委任状（任意代理人）または戸籍謄本など（法定代理人）を同封してください。",
        ),
    },
    Default {
        key: "id_documents_request",
        name: "本人確認書類の追加提出のお願い",
        title: "本人確認書類の追加提出のお願い",
        addressed: true,
        scope: Scope::All,
        moves_to: Some(CaseStatus::Verifying),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データに関するご請求（受付番号 {{受付番号}}）につきまして、ご本人であることを確認するため、下記の書類をご提出くださいますようお願いいたします。",
            "　書類が届くまでの間は、回答の期間に含めずにお待ちいただくことになります。あらかじめご了承ください。",
            "敬具",
            "",
            "記",
            "",
            "１．ご提出いただきたい書類",
            "　{{不足書類}}",
            "２．送付先　〒{{窓口郵便番号}}　{{窓口住所}}",
            "　　　　　　{{会社名}}　{{窓口名}}",
            "３．ご注意",
            "　・マイナンバーカードの写しは表面のみとし、裏面（個人番号）は送らないでください。",
            "　・本籍地が記載されている書類は、本籍地を塗りつぶしてください。",
            "以上",
        ),
    },
    Default {
        key: "fee_guidance",
        name: "手数料のご案内",
        title: "手数料のご案内",
        addressed: true,
        scope: Scope::All,
        moves_to: Some(CaseStatus::AwaitingFee),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データに関するご請求（受付番号 {{受付番号}}）につきまして、{{手数料の案内}}",
            "敬具",
            "",
            "記",
            "",
            "１．手数料　{{手数料}}",
            "　{{手数料内訳}}",
            "２．お支払方法",
            "　{{支払方法}}",
            "３．お問い合わせ先　{{窓口名}}　電話 {{窓口電話}}",
            "以上",
        ),
    },
    Default {
        key: "fee_shortfall",
        name: "手数料不足のお知らせ",
        title: "手数料不足のお知らせ",
        addressed: true,
        scope: Scope::All,
        moves_to: Some(CaseStatus::AwaitingFee),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データに関するご請求（受付番号 {{受付番号}}）につきまして、お送りいただいた手数料が所定の額に不足しておりましたので、お知らせいたします。",
            "　恐れ入りますが、不足額をお送りくださいますようお願いいたします。不足額を確認できるまでの間、手続きを一時停止いたします。",
            "敬具",
            "",
            "記",
            "",
            "１．所定の手数料　{{手数料}}",
            "２．受領した額　{{入金額}}",
            "３．不足額　{{不足額}}",
            "４．お支払方法",
            "　{{支払方法}}",
            "以上",
        ),
    },
    Default {
        key: "disclosure_decision",
        name: "開示決定通知書",
        title: "保有個人データ開示決定通知書",
        addressed: true,
        scope: Scope::Disclosure,
        moves_to: Some(CaseStatus::Sent),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データの開示のご請求（受付番号 {{受付番号}}）について、下記のとおり開示することと決定しましたので、通知いたします。",
            "敬具",
            "",
            "記",
            "",
            "１．決定の内容",
            "　{{決定内容}}",
            "２．開示の方法　{{開示の方法}}",
            "３．開示する保有個人データ　別紙のとおり",
            "以上",
            "[改ページ]",
            "[表題] 別紙　開示する保有個人データ",
            "{{開示する保有個人データ}}",
            "",
            "以上",
        ),
    },
    Default {
        key: "partial_disclosure_decision",
        name: "一部開示・不開示決定通知書",
        title: "保有個人データ一部開示・不開示決定通知書",
        addressed: true,
        scope: Scope::Disclosure,
        moves_to: Some(CaseStatus::Sent),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データの開示のご請求（受付番号 {{受付番号}}）について、下記のとおり決定しましたので、個人情報の保護に関する法律第33条第3項の規定により通知いたします。あわせて、同法第36条の規定により、その理由をご説明いたします。",
            "敬具",
            "",
            "記",
            "",
            "１．決定の内容",
            "　{{決定内容}}",
            "２．開示しないこととした根拠",
            "　{{根拠}}",
            "３．理由",
            "　{{理由}}",
            "[あれば:開示する保有個人データ]４．開示する保有個人データ",
            "[あれば:開示する保有個人データ]　{{開示する保有個人データ}}",
            "",
            "　本決定についてのお問い合わせは、{{窓口名}}（電話 {{窓口電話}}）までお願いいたします。",
            "以上",
        ),
    },
    Default {
        key: "correction_result",
        name: "訂正等の結果通知",
        title: "保有個人データの訂正等の結果について（通知）",
        addressed: true,
        scope: Scope::Correction,
        moves_to: Some(CaseStatus::Sent),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データの訂正等のご請求（受付番号 {{受付番号}}）について、調査の結果、下記のとおり決定しましたので、個人情報の保護に関する法律第34条第3項の規定により通知いたします。",
            "敬具",
            "",
            "記",
            "",
            "【決定の内容】",
            "　{{決定内容}}",
            "[あれば:訂正等の内容]【訂正等の内容】",
            "[あれば:訂正等の内容]　{{訂正等の内容}}",
            "[あれば:根拠]【根拠】",
            "[あれば:根拠]　{{根拠}}",
            "[あれば:理由]【理由】",
            "[あれば:理由]　{{理由}}",
            "以上",
        ),
    },
    Default {
        key: "suspension_result",
        name: "利用停止等の結果通知",
        title: "保有個人データの利用停止等の結果について（通知）",
        addressed: true,
        scope: Scope::Suspension,
        moves_to: Some(CaseStatus::Sent),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました保有個人データの利用停止等のご請求（受付番号 {{受付番号}}）について、調査の結果、下記のとおり決定しましたので、個人情報の保護に関する法律第35条第7項の規定により通知いたします。",
            "[あれば:理由]　あわせて、同法第36条の規定により、その理由をご説明いたします。",
            "敬具",
            "",
            "記",
            "",
            "【決定の内容】",
            "　{{決定内容}}",
            "[あれば:利用停止等の内容]【措置の内容】",
            "[あれば:利用停止等の内容]　{{利用停止等の内容}}",
            "[あれば:根拠]【根拠】",
            "[あれば:根拠]　{{根拠}}",
            "[あれば:理由]【理由】",
            "[あれば:理由]　{{理由}}",
            "以上",
        ),
    },
    Default {
        key: "purpose_notice",
        name: "利用目的の通知書",
        title: "保有個人データの利用目的の通知書",
        addressed: true,
        scope: Scope::Purpose,
        moves_to: Some(CaseStatus::Sent),
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けました利用目的の通知のご請求（受付番号 {{受付番号}}）について、個人情報の保護に関する法律第32条第2項の規定により、下記のとおり通知いたします。",
            "敬具",
            "",
            "記",
            "",
            "【ご本人の保有個人データの利用目的】",
            "　{{利用目的}}",
            "以上",
        ),
    },
    Default {
        key: "originals_return",
        name: "原本返却のご案内",
        title: "ご提出書類（原本）の返却について",
        addressed: true,
        scope: Scope::All,
        moves_to: None,
        text: letter_text!(
            "拝啓　時下ますますご清祥のこととお慶び申し上げます。",
            "　{{受付日}}に受け付けましたご請求（受付番号 {{受付番号}}）に際してお送りいただいた書類の原本を、下記のとおり返却いたします。ご確認くださいますようお願いいたします。",
            "敬具",
            "",
            "記",
            "",
            "【返却する書類】",
            "　{{返却書類}}",
            "以上",
        ),
    },
];

pub fn find(key: &str) -> Option<&'static Default> {
    DEFAULTS.iter().find(|d| d.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_opens_with_the_greeting_and_uses_only_known_fields() {
        for d in DEFAULTS {
            assert!(d.text.starts_with(GREETING), "{}", d.key);
            let body = d.body();
            super::super::validate(&body).unwrap_or_else(|e| panic!("{}: {e:?}", d.key));
        }
        let mut keys: Vec<_> = DEFAULTS.iter().map(|d| d.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 11);
    }
}

//! The intake form checked: every bad field reported at once, names and
//! addresses kept as typed (codes and numbers normalised), the request kinds
//! suggested from a mail's words.

use crate::case::model::{Agent, CaseInput, DisclosureMethod, Enclosure, Requester, RequesterType};
use crate::desk::org::{normalise_email, normalise_phone, normalise_postal_code};
use crate::intake::channel::Channel;
use crate::intake::mail::ParsedMail;
use crate::kernel::error::FieldError;
use crate::kernel::text;
use crate::policy::law::RequestKind;
use crate::store::error::StoreError;
use chrono::NaiveDate;

pub fn parse_date(field: &'static str, label: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let t = text::clean(input)
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            format!("{label}は西暦の年-月-日（例: 2026-12-01）で入力してください。"),
        )
    })
}

impl CaseInput {
    /// An empty form for a channel, received today.
    pub fn blank(channel: Channel, today: NaiveDate) -> Self {
        CaseInput {
            channel,
            received_on: today.format("%Y-%m-%d").to_string(),
            requester: Requester::default(),
            requester_type: RequesterType::Person,
            agent: Agent::default(),
            kinds: Vec::new(),
            data_concerned: String::new(),
            requested_correction: String::new(),
            disclosure_method: DisclosureMethod::Unspecified,
            specific_personal_info: false,
            enclosures: Vec::new(),
            enclosures_note: String::new(),
            memo: String::new(),
            policy_id: None,
        }
    }

    /// The form prefilled from a mail: sender, the Date header's day,
    /// request kinds suggested by words in the subject and body.
    pub fn from_mail(mail: &ParsedMail, today: NaiveDate) -> Self {
        let mut input = CaseInput::blank(Channel::Email, today);
        if let Some(date) = mail.date {
            let day = crate::kernel::clock::day_at(date);
            if day <= today {
                input.received_on = day.format("%Y-%m-%d").to_string();
            }
        }
        input.requester.name = mail.from_name.clone().unwrap_or_default();
        input.requester.email = mail.from_address.clone().unwrap_or_default();
        let words = format!(
            "{}\n{}",
            mail.subject.as_deref().unwrap_or(""),
            mail.body_text
        );
        input.kinds = suggest_kinds(&words);
        input.disclosure_method = if words.contains("電磁的") || words.contains("電子データ")
        {
            DisclosureMethod::Electronic
        } else if words.contains("書面") || words.contains("郵送で") {
            DisclosureMethod::Paper
        } else {
            DisclosureMethod::Unspecified
        };
        input
    }

    /// The cleaned input, or every field error at once. `today` bounds the
    /// received date (it cannot be in the future).
    pub fn validated(&self, today: NaiveDate) -> Result<(CaseInput, NaiveDate), StoreError> {
        let mut errors = Vec::new();
        let mut v = self.clone();
        let received = match parse_date("receivedOn", "受付日", &self.received_on) {
            Ok(d) if d > today => {
                errors.push(FieldError::new(
                    "receivedOn",
                    "受付日に未来の日付は指定できません。",
                ));
                today
            }
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                today
            }
        };
        v.received_on = received.format("%Y-%m-%d").to_string();
        let r = &mut v.requester;
        r.name = text::as_typed(&r.name);
        if r.name.is_empty() {
            errors.push(FieldError::new(
                "requester.name",
                "請求者の氏名を入力してください。",
            ));
        } else if r.name.chars().count() > 100 {
            errors.push(FieldError::new(
                "requester.name",
                "氏名は100文字以内で入力してください。",
            ));
        }
        // フリガナ is a reading: half-width カナ becomes full-width (NFKC).
        r.kana = text::clean(&r.kana);
        if r.kana
            .chars()
            .any(|c| !(matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー' | '・' | ' ' | '　')))
        {
            errors.push(FieldError::new(
                "requester.kana",
                "フリガナはカタカナかひらがなで入力してください。",
            ));
        }
        let mut opt = |field: &'static str,
                       value: &mut String,
                       check: fn(&str) -> Result<String, FieldError>| {
            if text::clean(value).is_empty() {
                value.clear();
                return;
            }
            match check(value) {
                Ok(ok) => *value = ok,
                Err(e) => errors.push(FieldError::new(field, e.message)),
            }
        };
        opt(
            "requester.postalCode",
            &mut r.postal_code,
            normalise_postal_code,
        );
        opt("requester.phone", &mut r.phone, normalise_phone);
        opt("requester.email", &mut r.email, normalise_email);
        opt(
            "requester.registeredEmail",
            &mut r.registered_email,
            normalise_email,
        );
        opt(
            "requester.registeredPhone",
            &mut r.registered_phone,
            normalise_phone,
        );
        r.address = text::as_typed(&r.address);
        if v.requester_type != RequesterType::Person {
            v.agent.name = text::as_typed(&v.agent.name);
            if v.agent.name.is_empty() {
                errors.push(FieldError::new(
                    "agent.name",
                    "代理人の氏名を入力してください。",
                ));
            }
            // フリガナ is a reading: half-width カナ becomes full-width (NFKC).
            v.agent.kana = text::clean(&v.agent.kana);
            v.agent.contact = text::as_typed(&v.agent.contact);
            v.agent.relationship = text::as_typed(&v.agent.relationship);
        } else {
            v.agent = Agent::default();
        }
        v.kinds
            .sort_by_key(|k| RequestKind::ALL.iter().position(|a| a == k));
        v.kinds.dedup();
        if v.kinds.is_empty() {
            errors.push(FieldError::new(
                "kinds",
                "請求の種類を一つ以上選んでください。",
            ));
        }
        v.enclosures
            .sort_by_key(|k| Enclosure::ALL.iter().position(|a| a == k));
        v.enclosures.dedup();
        // 訂正等の内容 belongs to a 訂正・追加・削除 only: with none of them
        // asked for, what the form still held is not kept.
        if !v.kinds.iter().any(|k| k.states_correction()) {
            v.requested_correction.clear();
        }
        for (field, value, max) in [
            ("dataConcerned", &mut v.data_concerned, 2000),
            ("requestedCorrection", &mut v.requested_correction, 2000),
            ("enclosuresNote", &mut v.enclosures_note, 500),
            ("memo", &mut v.memo, 4000),
        ] {
            *value = value.trim().to_string();
            if value.chars().count() > max {
                errors.push(FieldError::new(
                    field,
                    format!("{max}文字以内で入力してください。"),
                ));
            }
        }
        // A 個人番号 may not be recorded anywhere the officer types freely.
        for (field, value) in [
            ("requester.name", &v.requester.name),
            ("requester.kana", &v.requester.kana),
            ("agent.name", &v.agent.name),
            ("requester.address", &v.requester.address),
            ("agent.contact", &v.agent.contact),
            ("agent.relationship", &v.agent.relationship),
            ("dataConcerned", &v.data_concerned),
            ("requestedCorrection", &v.requested_correction),
            ("enclosuresNote", &v.enclosures_note),
            ("memo", &v.memo),
        ] {
            if crate::kernel::mynumber::contains_individual_number(value)
                && !errors.iter().any(|e| e.field == field)
            {
                errors.push(FieldError::new(
                    field,
                    crate::kernel::mynumber::INDIVIDUAL_NUMBER_MESSAGE,
                ));
            }
        }
        if errors.is_empty() {
            Ok((v, received))
        } else {
            Err(StoreError::Invalid(errors))
        }
    }
}

/// Request kinds named in a text (subject and body of a mail).
pub fn suggest_kinds(text: &str) -> Vec<RequestKind> {
    use RequestKind::*;
    let mut out = Vec::new();
    let mut has = |words: &[&str], k: RequestKind| {
        if words.iter().any(|w| text.contains(w)) && !out.contains(&k) {
            out.push(k);
        }
    };
    has(&["第三者提供記録"], ThirdPartyRecord);
    has(
        &[
            "第三者提供の停止",
            "第三者への提供の停止",
            "第三者提供を停止",
        ],
        StopThirdParty,
    );
    has(&["利用目的の通知"], PurposeNotice);
    has(&["開示"], Disclosure);
    has(&["訂正"], Correction);
    has(&["追加"], Addition);
    has(&["削除"], Deletion);
    has(&["利用停止", "利用の停止"], Suspension);
    has(&["消去"], Erasure);
    if out.contains(&ThirdPartyRecord) && !text.replace("第三者提供記録の開示", "").contains("開示")
    {
        out.retain(|k| *k != Disclosure);
    }
    out.sort_by_key(|k| RequestKind::ALL.iter().position(|a| a == k));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_suggested_from_words() {
        assert_eq!(
            suggest_kinds("保有個人データの開示および削除を請求します"),
            vec![RequestKind::Disclosure, RequestKind::Deletion]
        );
        assert_eq!(
            suggest_kinds("第三者提供記録の開示請求"),
            vec![RequestKind::ThirdPartyRecord]
        );
        assert_eq!(
            suggest_kinds("利用停止のお願い"),
            vec![RequestKind::Suspension]
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
    }

    #[test]
    fn what_to_correct_is_kept_only_for_a_correction_and_an_agent_only_for_an_agent() {
        let mut input = CaseInput::blank(Channel::Post, today());
        input.requester.name = "見本 花子".into();
        input.requested_correction = "住所を訂正".into();
        input.agent.name = "代理 太郎".into();
        for (kind, kept) in [
            (RequestKind::Disclosure, false),
            (RequestKind::Correction, true),
            (RequestKind::Addition, true),
            (RequestKind::Deletion, true),
            (RequestKind::Erasure, false),
        ] {
            input.kinds = vec![kind];
            let (v, _) = input.validated(today()).unwrap();
            assert_eq!(v.requested_correction.is_empty(), !kept, "{kind:?}");
            assert_eq!(v.agent.name, "", "a 本人's request has no 代理人");
        }
        // An over-long text the form no longer shows is no error either.
        input.kinds = vec![RequestKind::Disclosure];
        input.requested_correction = "あ".repeat(2001);
        assert!(input.validated(today()).is_ok());
    }

    #[test]
    fn bad_values_are_reported_at_their_fields() {
        let mut input = CaseInput::blank(Channel::Post, today());
        input.received_on = "2026-12-11".into();
        input.requester.postal_code = "123456".into();
        input.requester.email = "hanako.example.jp".into();
        input.requester.kana = "hanako".into();
        let StoreError::Invalid(errors) = input.validated(today()).unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "receivedOn",
                "requester.name",
                "requester.kana",
                "requester.postalCode",
                "requester.email",
                "kinds"
            ]
        );
        assert!(errors[0].message.contains("未来"));
    }

    #[test]
    fn full_width_input_is_accepted_codes_normalised_and_names_kept() {
        let mut input = CaseInput::blank(Channel::Post, today());
        input.received_on = "２０２６年１２月１日".into();
        input.requester.name = "見本　花子".into();
        input.requester.kana = "ミホン　ハナコ".into();
        input.requester.postal_code = "〒１００ー０００１".into();
        input.kinds = vec![
            RequestKind::Deletion,
            RequestKind::Disclosure,
            RequestKind::Disclosure,
        ];
        let (v, d) = input.validated(today()).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(v.requester.postal_code, "100-0001");
        assert_eq!(
            v.kinds,
            vec![RequestKind::Disclosure, RequestKind::Deletion]
        );
        // The name is kept as typed, with its full-width space (issue 16).
        assert_eq!(v.requester.name, "見本　花子");
    }
}

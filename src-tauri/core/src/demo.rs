//! Synthetic data (見本): realistic-looking cases for the demo store and the
//! benchmarks. Deterministic for a seed; every name, address and number is
//! invented, every email is at example.jp / example.com / example.net.

use crate::case::events::Event;
use crate::case::model::{Agent, CaseInput, DisclosureMethod, Enclosure, Requester, RequesterType};
use crate::case::rows::insert_case;
use crate::intake::channel::Channel;
use crate::policy::law::RequestKind;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FAMILY: &[(&str, &str, &str)] = &[
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("髙橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"),
    ("清水", "シミズ", "shimizu"),
    ("山﨑", "ヤマザキ", "yamazaki"),
    ("森", "モリ", "mori"),
    ("池田", "イケダ", "ikeda"),
    ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"),
    ("石川", "イシカワ", "ishikawa"),
    ("見本", "ミホン", "mihon"),
    ("前田", "マエダ", "maeda"),
];
const GIVEN: &[(&str, &str, &str)] = &[
    ("花子", "ハナコ", "hanako"),
    ("太郎", "タロウ", "taro"),
    ("一郎", "イチロウ", "ichiro"),
    ("陽菜", "ヒナ", "hina"),
    ("翔太", "ショウタ", "shota"),
    ("美咲", "ミサキ", "misaki"),
    ("大輔", "ダイスケ", "daisuke"),
    ("さくら", "サクラ", "sakura"),
    ("健", "ケン", "ken"),
    ("由美", "ユミ", "yumi"),
    ("直樹", "ナオキ", "naoki"),
    ("恵子", "ケイコ", "keiko"),
    ("拓海", "タクミ", "takumi"),
    ("結衣", "ユイ", "yui"),
    ("誠", "マコト", "makoto"),
    ("和子", "カズコ", "kazuko"),
];
const PLACES: &[(&str, &str)] = &[
    ("100-0001", "東京都千代田区見本町"),
    ("530-0001", "大阪府大阪市北区見本"),
    ("460-0002", "愛知県名古屋市中区見本"),
    ("060-0001", "北海道札幌市中央区見本"),
    ("812-0011", "福岡県福岡市博多区見本"),
    ("980-0021", "宮城県仙台市青葉区見本"),
    ("730-0011", "広島県広島市中区見本"),
    ("900-0015", "沖縄県那覇市見本"),
];
const DOMAINS: &[&str] = &[
    "example.jp",
    "example.com",
    "example.net",
    "mail.example.jp",
];
const DATA: &[&str] = &[
    "会員登録情報（氏名・住所・電話番号）",
    "購入履歴（2025年以降）",
    "メールマガジンの配信履歴",
    "問い合わせ履歴",
    "ポイント利用履歴",
    "第三者提供の記録",
    "アンケート回答",
    "防犯カメラ映像（店舗）",
];

/// A generator of synthetic cases.
pub struct Synthetic {
    rng: StdRng,
}

impl Synthetic {
    pub fn new(seed: u64) -> Self {
        Synthetic {
            rng: StdRng::seed_from_u64(seed),
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }

    /// One plausible request received between `from` and `to`.
    pub fn case(&mut self, from: NaiveDate, to: NaiveDate) -> CaseInput {
        let days = (to - from).num_days().max(0);
        let received = from + Duration::days(self.rng.gen_range(0..=days));
        let (fam, fam_kana, fam_latin) = self.pick(FAMILY);
        let (giv, giv_kana, giv_latin) = self.pick(GIVEN);
        let (postal, place) = self.pick(PLACES);
        let n: u32 = self.rng.gen_range(1..=9999);
        let domain = self.pick(DOMAINS);
        let email = format!("{giv_latin}.{fam_latin}{}@{domain}", n % 100);
        let phone = format!(
            "0{}0-{:04}-{:04}",
            self.rng.gen_range(7..=9),
            self.rng.gen_range(0..10000),
            n
        );
        let channel = match self.rng.gen_range(0..10) {
            0..=4 => Channel::Email,
            5..=7 => Channel::Post,
            8 => Channel::Form,
            _ => Channel::Phone,
        };
        let mut kinds = vec![self.pick(&[
            RequestKind::Disclosure,
            RequestKind::Disclosure,
            RequestKind::Disclosure,
            RequestKind::Deletion,
            RequestKind::Suspension,
            RequestKind::Correction,
            RequestKind::PurposeNotice,
            RequestKind::ThirdPartyRecord,
            RequestKind::Erasure,
            RequestKind::StopThirdParty,
        ])];
        if self.rng.gen_bool(0.3) {
            kinds.push(self.pick(&[
                RequestKind::Deletion,
                RequestKind::Suspension,
                RequestKind::Correction,
            ]));
        }
        kinds.sort_by_key(|k| RequestKind::ALL.iter().position(|a| a == k));
        kinds.dedup();
        let requester_type = match self.rng.gen_range(0..20) {
            0 => RequesterType::LegalAgent,
            1 => RequesterType::AppointedAgent,
            _ => RequesterType::Person,
        };
        let agent = match requester_type {
            RequesterType::Person => Agent::default(),
            RequesterType::LegalAgent => Agent {
                name: format!("{fam} 恵子"),
                kana: format!("{fam_kana} ケイコ"),
                contact: phone.clone(),
                relationship: "親権者（母）".into(),
            },
            RequesterType::AppointedAgent => Agent {
                name: "見本 法律事務所 弁護士 代理 一郎".into(),
                kana: "ダイリ イチロウ".into(),
                contact: "03-0000-0000".into(),
                relationship: "弁護士".into(),
            },
        };
        let registered = self.rng.gen_bool(0.6);
        CaseInput {
            channel,
            received_on: received.format("%Y-%m-%d").to_string(),
            requester: Requester {
                name: format!("{fam} {giv}"),
                kana: format!("{fam_kana} {giv_kana}"),
                postal_code: postal.into(),
                address: format!("{place}{}-{}-{}", n % 9 + 1, n % 20 + 1, n % 30 + 1),
                phone: phone.clone(),
                email: email.clone(),
                registered_email: if registered { email } else { String::new() },
                registered_phone: if registered { phone } else { String::new() },
            },
            requester_type,
            agent,
            data_concerned: self.pick(DATA).to_string(),
            requested_correction: if kinds.contains(&RequestKind::Correction) {
                format!("住所を「{place}1-1-1」に訂正")
            } else {
                String::new()
            },
            kinds,
            disclosure_method: self.pick(&[
                DisclosureMethod::Unspecified,
                DisclosureMethod::Paper,
                DisclosureMethod::Electronic,
            ]),
            specific_personal_info: self.rng.gen_range(0..50) == 0,
            enclosures: if channel == Channel::Post {
                vec![Enclosure::IdCopy, Enclosure::RequestForm, Enclosure::Stamps]
            } else {
                Vec::new()
            },
            enclosures_note: String::new(),
            memo: String::new(),
            policy_id: None,
        }
    }
}

impl Store {
    /// Inserts `n` synthetic cases received between `from` and `to`, in
    /// transactions of `batch` cases, each with its audit entry. For the demo
    /// store and benchmarks; the inputs go through the same validation and
    /// insert as the intake form.
    pub fn insert_synthetic(
        &mut self,
        n: usize,
        seed: u64,
        from: NaiveDate,
        to: NaiveDate,
        events_per_case: usize,
        batch: usize,
    ) -> Result<(), StoreError> {
        let mut gen = Synthetic::new(seed);
        let mut done = 0;
        while done < n {
            let count = batch.min(n - done);
            let mut inputs: Vec<_> = (0..count).map(|_| gen.case(from, to)).collect();
            // 受付番号 follow the received dates, as at a real desk.
            inputs.sort_by(|a, b| a.received_on.cmp(&b.received_on));
            let actor = self.session().map(|s| s.user.id);
            self.write_with(|tx, now| {
                for input in &inputs {
                    let (valid, received) = input.validated(to)?;
                    let (id, _) = insert_case(tx, &valid, received, None, actor, now)?;
                    for _ in 1..events_per_case {
                        crate::case::events::add_event(
                            tx,
                            id,
                            actor,
                            &Event::Edited {
                                fields: vec!["memo".into()],
                            },
                            now,
                        )?;
                    }
                }
                Ok((
                    (),
                    Action::CaseCreated,
                    Target::none(),
                    format!("synthetic={count}"),
                ))
            })?;
            done += count;
        }
        Ok(())
    }
}

impl Store {
    /// `n` synthetic requests answered and closed over a year ago, so the
    /// demo's 廃棄 page has work to show (the default retention: 1 year
    /// after the reply).
    fn insert_answered_long_ago(&mut self, n: usize, today: NaiveDate) -> Result<(), StoreError> {
        let mut gen = Synthetic::new(7);
        let actor = self.session().map(|s| s.user.id);
        self.write_with(|tx, now| {
            for _ in 0..n {
                let input = gen.case(today - Duration::days(420), today - Duration::days(400));
                let (valid, received) = input.validated(today)?;
                let (id, _) = insert_case(tx, &valid, received, None, actor, now)?;
                let replied = (received + Duration::days(21)).to_string();
                tx.execute(
                    "UPDATE cases SET status = 'completed', replied_on = ?2, closed_on = ?2 WHERE id = ?1",
                    rusqlite::params![id, replied],
                )?;
            }
            Ok(((), Action::CaseCreated, Target::none(), format!("synthetic={n}")))
        })
    }
}

/// The demo store's only user. The demo holds synthetic data only, so its
/// password is public; it is still encrypted like any store.
pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "madoguchi-demo";

/// The demo store's folder beside the real one: `<data dir>-demo`.
pub fn demo_dir(real: &crate::store::DataDir) -> crate::store::DataDir {
    let mut name = real
        .root()
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push("-demo");
    crate::store::DataDir::new(real.root().with_file_name(name))
}

/// The demo desk's procedure: post, email and phone; the registered email
/// or an ID copy; 開示 300円 by stamps or 定額小為替; 30 days.
fn demo_policy() -> crate::policy::PolicyBody {
    use crate::policy::*;

    let mut b = PolicyBody::template();
    b.name = "見本商事 個人情報の開示等の手続（デモ）".into();
    b.description = "デモ用の見本です。郵送・メール・電話で受け付け、登録メールアドレスとの一致または本人確認書類の写しで本人確認を行います。".into();
    b.channels = vec![
        crate::intake::channel::Channel::Post,
        crate::intake::channel::Channel::Email,
        crate::intake::channel::Channel::Phone,
    ];
    b.fees = vec![FeeRule {
        kind: crate::policy::law::RequestKind::Disclosure,
        amount_yen: 300,
        per: FeeUnit::PerRequest,
        when: FeeTiming::WithRequest,
    }];
    b.fee_methods = vec![
        FeeMethodRule {
            method: FeeMethod::Stamps,
            instructions: "300円分の郵便切手を同封してください。".into(),
        },
        FeeMethodRule {
            method: FeeMethod::MoneyOrder,
            instructions: "300円の定額小為替（無記入）を同封してください。".into(),
        },
    ];
    b.appointed_agent.documents[0].original_required = true;
    b.appointed_agent.documents.push(AgentDocRule {
        doc: crate::intake::documents::DocType::SealCertificate,
        original_required: true,
        issued_within_months: Some(3),
    });
    b.deadline.closures = vec![Closure {
        from: "12-29".into(),
        to: "01-03".into(),
    }];
    b
}

/// Opens the demo store, creating and filling it (40 synthetic cases over
/// the last two months) the first time.
pub fn open_demo(
    real: &crate::store::DataDir,
    credentials: std::sync::Arc<dyn crate::store::credential::CredentialStore>,
    today: NaiveDate,
) -> Result<Store, StoreError> {
    use crate::kernel::secret::{Password, RecoveryKey};
    let dir = demo_dir(real);
    if dir.is_initialised() {
        return Store::unlock(
            &dir,
            credentials,
            DEMO_USER,
            &Password::new(DEMO_PASSWORD),
            Action::SignIn,
        );
    }
    let setup = crate::lifecycle::Setup {
        organisation: crate::desk::org::Organisation {
            name: "見本商事株式会社（デモ）".into(),
            desk_name: "個人情報問合せ窓口".into(),
            postal_code: "100-0001".into(),
            address: "東京都千代田区見本町1-2-3 見本ビル5階".into(),
            phone: "03-0000-1234".into(),
            email: "privacy@example.jp".into(),
        },
        admin: crate::store::users::NewUser {
            username: DEMO_USER.into(),
            display_name: "デモ 担当者".into(),
            role: crate::store::users::Role::Admin,
            password: Password::new(DEMO_PASSWORD),
        },
        store_id: None,
    };
    // Nobody needs the demo's recovery key: a lost demo is simply made again.
    let mut store = Store::create(&dir, credentials, &setup, &RecoveryKey::random())?;
    store.save_policy(None, demo_policy(), false)?;
    store.insert_synthetic(40, 2026, today - Duration::days(60), today, 1, 40)?;
    store.insert_answered_long_ago(3, today)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_cases_are_valid_and_deterministic() {
        let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let a: Vec<_> = (0..200)
            .map({
                let mut g = Synthetic::new(7);
                move |_| g.case(from, to)
            })
            .collect();
        let b: Vec<_> = (0..200)
            .map({
                let mut g = Synthetic::new(7);
                move |_| g.case(from, to)
            })
            .collect();
        assert_eq!(a, b);
        for c in &a {
            c.validated(to).unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
            assert!(["example.jp", "example.com", "example.net"]
                .iter()
                .any(|d| c.requester.email.ends_with(d)));
        }
    }
}

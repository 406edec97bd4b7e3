//! 組織情報: the organisation that runs the desk. Its letterhead, the sender on
//! every letter, the name on the recovery-key sheet.

use crate::kernel::error::FieldError;
use crate::kernel::text;
use crate::store::audit::{Action, Target};
use crate::store::error::StoreError;
use crate::store::Store;
use rusqlite::{params, OptionalExtension};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organisation {
    /// 会社名
    pub name: String,
    /// 窓口名, e.g. 個人情報問合せ窓口
    pub desk_name: String,
    /// 郵便番号, stored as `123-4567`
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

fn required(
    field: &'static str,
    value: &str,
    max: usize,
    label: &str,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = text::as_typed(value);
    if v.is_empty() {
        errors.push(FieldError::new(
            field,
            format!("{label}を入力してください。"),
        ));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{label}は{max}文字以内で入力してください。"),
        ));
    }
    v
}

/// `〒１２３ー４５６７` → `123-4567`.
pub fn normalise_postal_code(input: &str) -> Result<String, FieldError> {
    match text::digits(input) {
        Some(d) if d.len() == 7 => Ok(format!("{}-{}", &d[..3], &d[3..])),
        _ => Err(FieldError::new(
            "postalCode",
            "郵便番号は7桁の数字で入力してください（例: 100-0001）。",
        )),
    }
}

/// Japanese phone numbers: 0 and then 9 or 10 more digits, hyphens optional.
pub fn normalise_phone(input: &str) -> Result<String, FieldError> {
    match text::digits(input) {
        // Checked by its digits, kept as typed (０３－… prints as written).
        Some(d) if d.starts_with('0') && (10..=11).contains(&d.len()) => Ok(text::as_typed(input)),
        _ => Err(FieldError::new(
            "phone",
            "電話番号は0から始まる10桁または11桁の数字で入力してください（例: 03-1234-5678）。",
        )),
    }
}

pub fn normalise_email(input: &str) -> Result<String, FieldError> {
    let v = text::clean(input);
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(|c| c.is_whitespace() || !c.is_ascii())
        }
        None => false,
    };
    if ok {
        Ok(v)
    } else {
        Err(FieldError::new(
            "email",
            "メールアドレスの形式が正しくありません（例: privacy@example.co.jp）。",
        ))
    }
}

/// The usual name of the desk, used when none is given.
pub const DEFAULT_DESK_NAME: &str = "個人情報問合せ窓口";

impl Organisation {
    /// The cleaned organisation, or every field error at once. Only 会社名 is
    /// required; the contact fields may be filled in later (letters need them
    /// and say so), but what is given must be well-formed.
    pub fn validated(&self) -> Result<Organisation, StoreError> {
        let mut errors = Vec::new();
        let name = required("name", &self.name, 100, "会社名", &mut errors);
        let mut desk_name = text::as_typed(&self.desk_name);
        if desk_name.is_empty() {
            desk_name = DEFAULT_DESK_NAME.to_string();
        } else if desk_name.chars().count() > 100 {
            errors.push(FieldError::new(
                "deskName",
                "窓口名は100文字以内で入力してください。",
            ));
        }
        let address = text::as_typed(&self.address);
        if address.chars().count() > 200 {
            errors.push(FieldError::new(
                "address",
                "住所は200文字以内で入力してください。",
            ));
        }
        let mut optional = |value: &str, check: fn(&str) -> Result<String, FieldError>| {
            if text::clean(value).is_empty() {
                return String::new();
            }
            check(value).unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let postal_code = optional(&self.postal_code, normalise_postal_code);
        let phone = optional(&self.phone, normalise_phone);
        let email = optional(&self.email, normalise_email);
        if !errors.is_empty() {
            return Err(StoreError::Invalid(errors));
        }
        Ok(Organisation {
            name,
            desk_name,
            postal_code,
            address,
            phone,
            email,
        })
    }
}

pub(crate) fn insert_or_replace(
    conn: &rusqlite::Connection,
    o: &Organisation,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO organisation (id, name, desk_name, postal_code, address, phone, email, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, desk_name = excluded.desk_name,
           postal_code = excluded.postal_code, address = excluded.address, phone = excluded.phone,
           email = excluded.email, updated_at = excluded.updated_at",
        params![o.name, o.desk_name, o.postal_code, o.address, o.phone, o.email, now],
    )?;
    Ok(())
}

impl Store {
    pub fn organisation(&self) -> Result<Organisation, StoreError> {
        self.conn
            .query_row(
                "SELECT name, desk_name, postal_code, address, phone, email FROM organisation WHERE id = 1",
                [],
                |r| {
                    Ok(Organisation {
                        name: r.get(0)?,
                        desk_name: r.get(1)?,
                        postal_code: r.get(2)?,
                        address: r.get(3)?,
                        phone: r.get(4)?,
                        email: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// 管理者 only. Bad values change nothing.
    pub fn update_organisation(
        &mut self,
        input: &Organisation,
    ) -> Result<Organisation, StoreError> {
        self.require_admin()?;
        let o = input.validated()?;
        self.write(
            Action::OrganisationChanged,
            Target::of("organisation", 1),
            "",
            |tx, now| insert_or_replace(tx, &o, now),
        )?;
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Organisation {
        Organisation {
            name: "見本商事株式会社".into(),
            desk_name: "個人情報問合せ窓口".into(),
            postal_code: "１００ー０００１".into(),
            address: "東京都千代田区見本1-1".into(),
            phone: "03-1234-5678".into(),
            email: "privacy@example.co.jp".into(),
        }
    }

    #[test]
    fn valid_input_is_normalised() {
        let o = sample().validated().unwrap();
        assert_eq!(o.postal_code, "100-0001");
    }

    #[test]
    fn only_the_company_name_is_required() {
        let o = Organisation {
            name: "見本株式会社".into(),
            ..Default::default()
        }
        .validated()
        .unwrap();
        assert_eq!(o.desk_name, DEFAULT_DESK_NAME);
        assert_eq!(o.postal_code, "");
    }

    #[test]
    fn every_bad_field_is_reported_without_its_value() {
        let bad = Organisation {
            name: "  ".into(),
            postal_code: "12345".into(),
            email: "privacy.example.co.jp".into(),
            phone: "1234".into(),
            ..sample()
        };
        let StoreError::Invalid(errors) = bad.validated().unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "postalCode", "phone", "email"]);
        for e in &errors {
            assert!(!e.message.contains("12345") && !e.message.contains("privacy.example"));
        }
    }
}

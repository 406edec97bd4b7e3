//! Secrets as types: they zeroize on drop, never implement `Display` or
//! `Serialize`, and their `Debug` prints only a placeholder.

use rand::RngCore;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

macro_rules! key32 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
        pub struct $name([u8; 32]);

        impl $name {
            pub fn random() -> Self {
                let mut k = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut k);
                Self(k)
            }
            pub fn from_bytes(bytes: [u8; 32]) -> Self {
                Self(bytes)
            }
            pub fn expose(&self) -> &[u8; 32] {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }
    };
}

key32!(
    /// The random 256-bit key that opens the database. Only ever stored wrapped.
    DataKey
);
key32!(
    /// A per-store secret kept in the OS credential store. It binds user key
    /// slots to this PC: a copied data folder cannot be attacked by guessing
    /// passwords alone.
    DeviceSecret
);
key32!(
    /// The printed recovery key. Opens the recovery slot with no device secret.
    RecoveryKey
);

/// A password typed by a person. Zeroized on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl<'de> serde::Deserialize<'de> for Password {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Password)
    }
}

/// Crockford's base32: no I, L, O or U, so a printed key is read back without
/// confusing 0/O and 1/I/L.
const RECOVERY_ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn recovery_encoding() -> data_encoding::Encoding {
    let mut spec = data_encoding::Specification::new();
    spec.symbols.push_str(RECOVERY_ALPHABET);
    spec.encoding().expect("valid base32 specification")
}

impl RecoveryKey {
    /// Number of characters per printed group.
    pub const GROUP: usize = 4;

    /// The key as a person reads it: 52 characters in 13 groups of 4 joined by
    /// hyphens, e.g. `7K3M-…`. 256 bits of key are 51.2 base32 characters; the
    /// last character carries the remaining bits.
    pub fn to_display(&self) -> Zeroizing<String> {
        let raw = Zeroizing::new(recovery_encoding().encode(&self.0));
        let mut out = String::with_capacity(raw.len() + raw.len() / Self::GROUP);
        for (i, c) in raw.chars().enumerate() {
            if i > 0 && i % Self::GROUP == 0 {
                out.push('-');
            }
            out.push(c);
        }
        Zeroizing::new(out)
    }

    /// The printed groups, for the setup screen's confirmation step.
    pub fn groups(&self) -> Vec<Zeroizing<String>> {
        self.to_display()
            .split('-')
            .map(|g| Zeroizing::new(g.to_string()))
            .collect()
    }

    /// Whether `typed` is group `n` (1-based) of the printed key, read as
    /// forgivingly as `parse` reads a whole key.
    pub fn group_matches(&self, n: usize, typed: &str) -> bool {
        let groups = self.groups();
        let Some(expected) = n.checked_sub(1).and_then(|i| groups.get(i)) else {
            return false;
        };
        let typed: String = crate::kernel::text::nfkc(typed)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        typed == expected.as_str()
    }

    /// Reads a typed key back. Accepts lower case, full-width characters,
    /// spaces and hyphens anywhere, and the look-alikes O→0, I/L→1.
    pub fn parse(input: &str) -> Option<Self> {
        let mut cleaned = Zeroizing::new(String::with_capacity(input.len()));
        for c in crate::kernel::text::nfkc(input).chars() {
            let c = c.to_ascii_uppercase();
            match c {
                ' ' | '-' | '\t' | '\n' | '\r' => {}
                'O' => cleaned.push('0'),
                'I' | 'L' => cleaned.push('1'),
                c => cleaned.push(c),
            }
        }
        let bytes = Zeroizing::new(recovery_encoding().decode(cleaned.as_bytes()).ok()?);
        let arr: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(Self(arr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_key_material() {
        let k = DataKey::from_bytes([0xAB; 32]);
        assert_eq!(format!("{k:?}"), "DataKey(***)");
        let p = Password::new("hunter2-secret");
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn recovery_key_round_trips_through_its_printed_form() {
        let k = RecoveryKey::random();
        let shown = k.to_display();
        assert_eq!(shown.len(), 52 + 12);
        assert_eq!(k.groups().len(), 13);
        assert_eq!(RecoveryKey::parse(&shown).unwrap(), k);
        // typed sloppily: lower case, spaces instead of hyphens, full width
        let sloppy: String = shown
            .to_lowercase()
            .replace('-', " ")
            .chars()
            .map(|c| if c == 'a' { 'ａ' } else { c })
            .collect();
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap(), k);
    }

    #[test]
    fn groups_are_confirmed_one_at_a_time() {
        let k = RecoveryKey::random();
        let g = k.groups();
        assert!(k.group_matches(3, &g[2]));
        assert!(k.group_matches(3, &g[2].to_lowercase()));
        assert!(!k.group_matches(3, &g[3]) || g[2] == g[3]);
        assert!(!k.group_matches(0, &g[0]));
        assert!(!k.group_matches(14, "AAAA"));
    }

    #[test]
    fn recovery_key_rejects_garbage() {
        assert!(RecoveryKey::parse("").is_none());
        assert!(RecoveryKey::parse("ABCD-EFGH").is_none());
        assert!(RecoveryKey::parse(&"U".repeat(52)).is_none());
    }
}

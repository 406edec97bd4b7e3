//! `coded_enum!`: an enum with a stable code (stored, sent over IPC) and a
//! Japanese label for each variant — the shape of every closed list in the
//! domain (経路, 請求の種類, 書類の種類 …).

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(&self) -> &'static str { match self { $($name::$v => $code),+ } }
            pub fn label(&self) -> &'static str { match self { $($name::$v => $label),+ } }
            pub fn from_code(s: &str) -> Option<Self> { match s { $($code => Some($name::$v),)+ _ => None } }
        }
    };
}

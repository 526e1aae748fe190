//! Email addresses as account identifiers: trimmed, lowercased, minimally validated.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A normalised email address (trimmed and lowercased).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a string is not accepted as an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was given.
    #[error("email is empty")]
    Empty,
    /// Over RFC 5321's 254-character path limit.
    #[error("email is longer than 254 characters")]
    TooLong,
    /// Not `local@domain`.
    #[error("email {0:?} is not of the form name@domain")]
    Malformed(String),
}

impl Email {
    /// Normalises and validates an address.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let malformed = || EmailError::Malformed(s.to_owned());
        let (local, domain) = s.rsplit_once('@').ok_or_else(malformed)?;
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || c == '@';
        if local.is_empty()
            || domain.is_empty()
            || local.chars().any(bad_char)
            || domain.chars().any(bad_char)
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(malformed());
        }
        Ok(Self(s.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(self.0.as_str(), |(l, _)| l)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() -> Result<(), EmailError> {
        let e = Email::parse("  Ada.Lovelace@Example.COM ")?;
        assert_eq!(e.as_str(), "ada.lovelace@example.com");
        assert_eq!(e.local_part(), "ada.lovelace");
        Ok(())
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in ["", "   ", "no-at-sign", "@example.com", "a@", "a b@example.com", "a@.com", "a@x."] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(Email::parse(&format!("{}@x.io", "a".repeat(260))), Err(EmailError::TooLong));
    }
}

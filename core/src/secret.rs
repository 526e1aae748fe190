//! `Secret<T>`: a value that must never reach a log line.
//!
//! `Debug` and `Display` print `[redacted]`; the content is reached only through `expose`.
//! Serialization is transparent because secrets have to travel in request and response bodies;
//! keep `Secret` values out of anything that is serialized for logs or audit.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value whose `Debug`/`Display` never reveal it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// Borrows the secret. Call sites of this method are the places to review for leaks.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("hunter2hunter2".to_string());
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(s.expose(), "hunter2hunter2");
    }

    #[test]
    fn serde_is_transparent() -> Result<(), serde_json::Error> {
        let s: Secret<String> = serde_json::from_str("\"abc\"")?;
        assert_eq!(serde_json::to_string(&s)?, "\"abc\"");
        Ok(())
    }
}

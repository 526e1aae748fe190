//! The password policy for local accounts.
//!
//! A password is accepted when it is at least 12 characters (counted as Unicode scalar values,
//! as NIST SP 800-63B counts them), at most 1,024, is not the account's email or its local part,
//! and is not common. "Common" uses zxcvbn's built-in dictionaries (Dropbox's 30k most-used
//! passwords with l33t, reversal and case variants) plus its pattern detection: a password that
//! is one known password or word, or that zxcvbn estimates at fewer than 10^6 guesses (repeats,
//! sequences, keyboard walks such as `qwertyuiopasdf`), is refused. There are no composition
//! rules (no "one digit, one symbol"); length and unpredictability are what count.

use zxcvbn::Score;
use zxcvbn::matching::patterns::MatchPattern;

use crate::email::Email;

/// Shortest accepted password, in characters.
pub const MIN_LENGTH: usize = 12;
/// Longest accepted password, in characters (bounds hashing work per request).
pub const MAX_LENGTH: usize = 1024;

/// Why a password is refused. Messages are shown to the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyViolation {
    /// Fewer than [`MIN_LENGTH`] characters.
    #[error("password must be at least {MIN_LENGTH} characters long (it has {0})")]
    TooShort(usize),
    /// More than [`MAX_LENGTH`] characters.
    #[error("password must be at most {MAX_LENGTH} characters long")]
    TooLong,
    /// The password is the email address or its local part.
    #[error("password must not be the account's email address")]
    SameAsEmail,
    /// The password is on the common-password list or trivially guessable.
    #[error("password is too common or easy to guess; choose a longer, less predictable passphrase")]
    Common,
}

/// Checks a candidate password for the account `email`.
pub fn check(password: &str, email: &Email) -> Result<(), PolicyViolation> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(PolicyViolation::TooShort(len));
    }
    if len > MAX_LENGTH {
        return Err(PolicyViolation::TooLong);
    }
    let lower = password.trim().to_lowercase();
    if lower == email.as_str() || lower == email.local_part() {
        return Err(PolicyViolation::SameAsEmail);
    }
    if is_common(password, email) {
        return Err(PolicyViolation::Common);
    }
    Ok(())
}

fn is_common(password: &str, email: &Email) -> bool {
    let entropy = zxcvbn::zxcvbn(password, &[email.as_str(), email.local_part()]);
    // One dictionary entry covering the whole password (a known password, a single word or
    // name, or the user's own details, with case, l33t and reversal variants) is guessable
    // however long it is.
    let whole_is_one_known_word = matches!(
        entropy.sequence(),
        [only] if matches!(only.pattern, MatchPattern::Dictionary(_))
    );
    whole_is_one_known_word || entropy.score() < Score::Two
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        match Email::parse("ada@example.com") {
            Ok(e) => e,
            Err(e) => panic!("test email is valid: {e}"),
        }
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(check("short", &email()), Err(PolicyViolation::TooShort(5)));
        // 12 multi-byte characters pass the length rule even though they are 24+ bytes.
        assert_ne!(check("ñandú-ñandú-", &email()), Err(PolicyViolation::TooShort(12)));
        assert_eq!(check(&"x".repeat(MAX_LENGTH + 1), &email()), Err(PolicyViolation::TooLong));
    }

    #[test]
    fn email_is_refused() {
        assert_eq!(check("ADA@example.com", &email()), Err(PolicyViolation::SameAsEmail));
        let long_local = Email::parse("ada.lovelace.1815@example.com").map_err(|e| e.to_string());
        let Ok(long_local) = long_local else { panic!("valid test email") };
        assert_eq!(check("ada.lovelace.1815", &long_local), Err(PolicyViolation::SameAsEmail));
    }

    #[test]
    fn common_and_predictable_passwords_are_refused() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopasdf",
            "aaaaaaaaaaaaaaa",
            "iloveyouiloveyou",
            "abcdefghijklmnop",
        ] {
            assert_eq!(check(common, &email()), Err(PolicyViolation::Common), "{common}");
        }
    }

    #[test]
    fn reasonable_passphrases_pass() {
        for good in
            ["correct horse battery staple", "Tr0ub4dor&3-nimbus-cloud", "x7#Kp2!qLm9$Vw", "the quiet fox naps at noon"]
        {
            assert_eq!(check(good, &email()), Ok(()), "{good}");
        }
    }
}

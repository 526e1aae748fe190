//! Terminal prompts for first-run setup. Prompts appear only when stdin and stderr are
//! terminals; otherwise callers must get input from flags, the environment or stdin.

use std::io::{BufRead, IsTerminal, Write};

use nimbus_core::Secret;
use nimbus_core::email::Email;
use nimbus_core::password_policy;

/// Whether prompting is possible.
pub(super) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks for a line of text.
pub(super) fn line(label: &str) -> anyhow::Result<String> {
    eprint!("{label}: ");
    std::io::stderr().flush()?;
    let mut s = String::new();
    std::io::stdin().lock().read_line(&mut s)?;
    Ok(s.trim().to_owned())
}

/// Asks for an email until a valid one is given.
pub(super) fn email(label: &str) -> anyhow::Result<String> {
    loop {
        let raw = line(label)?;
        match Email::parse(&raw) {
            Ok(e) => return Ok(e.as_str().to_owned()),
            Err(e) => eprintln!("  {e}"),
        }
    }
}

/// Asks for a new password twice until it satisfies the policy and both entries match.
pub(super) fn new_password(email: &str) -> anyhow::Result<Secret<String>> {
    let email = Email::parse(email)?;
    loop {
        let first = Secret::new(rpassword::prompt_password(format!(
            "Password (at least {} characters): ",
            password_policy::MIN_LENGTH
        ))?);
        if let Err(e) = password_policy::check(first.expose(), &email) {
            eprintln!("  {e}");
            continue;
        }
        let second = Secret::new(rpassword::prompt_password("Repeat password: ")?);
        if first.expose() != second.expose() {
            eprintln!("  the passwords differ; try again");
            continue;
        }
        return Ok(first);
    }
}

/// Reads the first line of stdin as a password.
pub(super) fn password_from_stdin() -> anyhow::Result<Secret<String>> {
    let mut s = String::new();
    std::io::stdin().lock().read_line(&mut s)?;
    let trimmed = s.trim_end_matches(['\r', '\n']).to_owned();
    if trimmed.is_empty() {
        anyhow::bail!("no password on standard input");
    }
    Ok(Secret::new(trimmed))
}

//! Exit codes (docs/cli.md lists them; scripts rely on them) and the mapping from errors.

use nimbus_core::client::ClientError;

/// Success.
pub const OK: u8 = 0;
/// Any other error.
pub const ERROR: u8 = 1;
/// Invalid usage, or cancelled at a prompt.
pub const USAGE: u8 = 2;
/// Authentication required: sign in (again) with `nimbus login`.
pub const AUTH: u8 = 4;
/// Permission denied.
pub const FORBIDDEN: u8 = 5;
/// Not found.
pub const NOT_FOUND: u8 = 6;
/// `nimbus auth check`: the daemon answered, and the answer is "denied".
pub const DENIED: u8 = 7;
/// `nimbus audit verify` and `proof`: the daemon answered, and the log or proof does not verify.
pub const VERIFY_FAILED: u8 = 8;

/// An error on its way out of the process.
#[derive(Debug)]
pub struct CliError {
    /// Exit code.
    pub code: u8,
    /// What to print.
    pub message: String,
    /// Machine-readable code for `-o json` error output.
    pub error_code: String,
    /// Trace id of the failed request, if the daemon answered.
    pub trace_id: Option<String>,
    /// A suggestion printed after the message.
    pub hint: Option<String>,
    /// The command already printed everything there is to say (on stdout): only exit with the code.
    pub silent: bool,
}

impl CliError {
    /// An error with an explicit exit code.
    pub fn new(code: u8, error_code: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            error_code: error_code.to_owned(),
            trace_id: None,
            hint: None,
            silent: false,
        }
    }

    /// A check answered "denied" (exit 7); the answer is the command's output, so nothing more
    /// is printed.
    pub fn denied() -> Self {
        Self { silent: true, ..Self::new(DENIED, "denied", "denied by the check") }
    }

    /// Verification found a problem (exit 8); the report is the command's output.
    pub fn verify_failed() -> Self {
        Self { silent: true, ..Self::new(VERIFY_FAILED, "verification_failed", "verification failed") }
    }

    /// Invalid usage (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, "usage", message)
    }

    /// A general failure (exit 1).
    pub fn general(message: impl Into<String>) -> Self {
        Self::new(ERROR, "error", message)
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl From<ClientError> for CliError {
    fn from(e: ClientError) -> Self {
        let (code, error_code) = match &e {
            ClientError::Api { status: 401, body } => (AUTH, body.code.clone()),
            ClientError::Api { status: 403, body } => (FORBIDDEN, body.code.clone()),
            ClientError::Api { status: 404, body } => (NOT_FOUND, body.code.clone()),
            ClientError::Api { body, .. } => (ERROR, body.code.clone()),
            ClientError::Connect { .. } => (ERROR, "unreachable".to_owned()),
            ClientError::Protocol { .. } => (ERROR, "protocol".to_owned()),
            ClientError::Config(_) => (USAGE, "config".to_owned()),
        };
        let hint = match (&e, code) {
            (_, AUTH) if error_code != "invalid_credentials" => Some("sign in with `nimbus login`".to_owned()),
            (ClientError::Connect { .. }, _) => Some(
                "is nimbusd running (`nimbusd serve`), and is the context URL right (`nimbus context current`)?".into(),
            ),
            _ => None,
        };
        Self {
            code,
            message: e.to_string(),
            error_code,
            trace_id: e.trace_id().map(str::to_owned),
            hint,
            silent: false,
        }
    }
}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        Self::general(format!("{e:#}"))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::general(e.to_string())
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

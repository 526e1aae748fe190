//! Authentication: password hashing, access and refresh tokens, failed-login throttling, and
//! turning a bearer token into a [`Principal`].
//!
//! Owns credentials and their verification. It must not decide what a principal may do
//! (authorization belongs to the operation pipeline) nor write data except through it.

pub mod authenticator;
pub mod password;
pub mod principal;
pub mod throttle;
pub mod tokens;

pub use authenticator::Authenticator;
pub use principal::Principal;

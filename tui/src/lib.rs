//! nimbus-tui: `nimbus tui`, the operator's live dashboard (ratatui + crossterm).
//!
//! Component + action architecture in the style of gitui and the ratatui templates: terminal
//! input and background answers become [`action::Action`]s; [`app::App::update`] applies them
//! and emits [`action::Request`]s for the background tasks ([`io`]); [`app::App::draw`] renders
//! state and never waits on the network. Each screen is a [`views::View`]; views over daemon
//! features read from the traits of [`sources`], filled over REST by [`daemon`]. The crate never stores
//! credentials or reads CLI config: the CLI hands it a ready [`run::Launch`].

pub mod action;
pub mod app;
pub mod daemon;
pub mod io;
pub mod keymap;
pub mod list;
pub mod run;
pub mod sources;
pub mod terminal;
pub mod theme;
pub mod views;

pub use run::{Exit, Launch, run};

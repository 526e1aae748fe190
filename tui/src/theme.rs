//! Styles. With `NO_COLOR` (or `--color never`) every style is colorless: emphasis uses only
//! bold and reverse video, so the screen stays readable on any terminal. Owns no layout.

use ratatui::style::{Color, Modifier, Style};

/// The styles of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// With colors.
    pub const COLOR: Self = Self { color: true };
    /// Without colors.
    pub const PLAIN: Self = Self { color: false };

    /// Colors unless `NO_COLOR` is set to something non-empty (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color { Self::PLAIN } else { Self::COLOR }
    }

    /// Whether colors are used.
    pub fn color(self) -> bool {
        self.color
    }

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    /// The header line.
    pub fn header(self) -> Style {
        self.pick(Style::new().fg(Color::Black).bg(Color::Cyan), Style::new().add_modifier(Modifier::REVERSED))
    }

    /// The "disconnected" banner.
    pub fn alarm(self) -> Style {
        self.pick(
            Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        self.pick(Style::new().fg(Color::Black).bg(Color::LightBlue), Style::new().add_modifier(Modifier::REVERSED))
    }

    /// Column headings and labels.
    pub fn label(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Secondary text.
    pub fn dim(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// Success.
    pub fn good(self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    /// Failure.
    pub fn bad(self) -> Style {
        self.pick(Style::new().fg(Color::Red), Style::new().add_modifier(Modifier::BOLD))
    }

    /// Something waiting for the operator.
    pub fn warn(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Style::new())
    }
}

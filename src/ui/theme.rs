//! Semantic styles. Widgets ask for a meaning (`accent`, `ok`, `warn`…), never a colour, so a
//! theme — or `NO_COLOR`'s monochrome — can change every colour in one place. Where colour
//! carries meaning, widgets also print a symbol or a word: colour is never the only signal.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether any colour is used (false under `NO_COLOR`).
    pub color: bool,
    pub base: Style,
    pub title: Style,
    pub accent: Style,
    pub dim: Style,
    pub ok: Style,
    pub warn: Style,
    pub bad: Style,
    pub status: Style,
    pub selected: Style,
    pub border: Style,
}

impl Theme {
    /// The default dark theme.
    pub fn dark() -> Self {
        Theme {
            color: true,
            base: Style::new(),
            title: Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::LightYellow),
            dim: Style::new().fg(Color::Gray),
            ok: Style::new().fg(Color::LightGreen),
            warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            bad: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::Gray),
        }
    }

    /// No colour at all: meaning carried by bold, reverse and symbols (`NO_COLOR`).
    pub fn mono() -> Self {
        Theme {
            color: false,
            base: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            accent: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            ok: Style::new(),
            warn: Style::new().add_modifier(Modifier::BOLD),
            bad: Style::new().add_modifier(Modifier::BOLD),
            status: Style::new().add_modifier(Modifier::REVERSED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new(),
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set (to anything).
    pub fn from_env() -> Self {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Self::mono()
        } else {
            Self::dark()
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

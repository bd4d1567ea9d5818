//! Semantic styles. Widgets ask for a meaning (`accent`, `ok`, `warn`…), never a colour, so a
//! theme — or `NO_COLOR`'s monochrome — can change every colour in one place. Where colour
//! carries meaning, widgets also print a symbol or a word: colour is never the only signal.

use ratatui::style::{Color, Modifier, Style};

pub use crate::deck::ThemeName;

/// Whether `NO_COLOR` asks for no colour.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

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
    /// The status line's "almost done" and "time's up / not recording" marks: strong
    /// backgrounds, readable from the back of the room.
    pub status_warn: Style,
    pub status_bad: Style,
    pub selected: Style,
    pub border: Style,
}

impl Theme {
    /// The default dark theme.
    pub fn dark() -> Self {
        Theme {
            color: true,
            base: Style::new(),
            title: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::LightYellow),
            dim: Style::new().fg(Color::Gray),
            ok: Style::new().fg(Color::LightGreen),
            warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            bad: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            status_warn: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            status_bad: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::Gray),
        }
    }

    /// Dark text on a light background, for bright rooms where projectors wash out dark
    /// backgrounds. Only the 16 ANSI colours, so it works on every terminal.
    pub fn light() -> Self {
        let base = Style::new().fg(Color::Black).bg(Color::White);
        Theme {
            color: true,
            base,
            title: base.fg(Color::Blue).add_modifier(Modifier::BOLD),
            accent: base.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            dim: base.fg(Color::DarkGray),
            ok: base.fg(Color::Green).add_modifier(Modifier::BOLD),
            warn: base.fg(Color::Red).add_modifier(Modifier::BOLD),
            bad: base
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            status: Style::new().fg(Color::White).bg(Color::Blue),
            status_warn: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            status_bad: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            selected: base.add_modifier(Modifier::REVERSED),
            border: base.fg(Color::DarkGray),
        }
    }

    /// Maximum contrast: bright white and yellow on black, bold text, no greys.
    pub fn high_contrast() -> Self {
        Self::high_contrast_with(false)
    }

    /// High contrast; with `truecolor` (`COLORTERM=truecolor` or `24bit`) its black and white
    /// are true black and white (`#000000`, `#ffffff`), not the palette's "black" and "white",
    /// which many terminal themes draw as greys.
    pub fn high_contrast_with(truecolor: bool) -> Self {
        let (white, black) = if truecolor {
            (Color::Rgb(255, 255, 255), Color::Rgb(0, 0, 0))
        } else {
            (Color::White, Color::Black)
        };
        let mut t = Self::high_contrast_palette();
        let swap = |c: Option<Color>| match c {
            Some(Color::White) => Some(white),
            Some(Color::Black) => Some(black),
            other => other,
        };
        for s in [
            &mut t.base,
            &mut t.title,
            &mut t.accent,
            &mut t.dim,
            &mut t.ok,
            &mut t.warn,
            &mut t.bad,
            &mut t.status,
            &mut t.status_warn,
            &mut t.status_bad,
            &mut t.selected,
            &mut t.border,
        ] {
            s.fg = swap(s.fg);
            s.bg = swap(s.bg);
        }
        t
    }

    fn high_contrast_palette() -> Self {
        let base = Style::new()
            .fg(Color::White)
            .bg(Color::Black)
            .add_modifier(Modifier::BOLD);
        Theme {
            color: true,
            base,
            title: base.fg(Color::LightYellow),
            accent: base.fg(Color::LightCyan),
            dim: base.fg(Color::White),
            ok: base.fg(Color::LightGreen),
            warn: base
                .fg(Color::LightYellow)
                .add_modifier(Modifier::UNDERLINED),
            bad: base.fg(Color::LightRed).add_modifier(Modifier::UNDERLINED),
            status: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            status_warn: Style::new()
                .fg(Color::Black)
                .bg(Color::LightCyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            status_bad: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: base.add_modifier(Modifier::REVERSED),
            border: base.fg(Color::White),
        }
    }

    /// A theme by name (`dark`, `light`, `high-contrast`); `NO_COLOR` overrides any of them.
    pub fn named(name: ThemeName, no_color: bool) -> Self {
        if no_color {
            return Self::mono();
        }
        match name {
            // Undetected (not a terminal, no answer): the dark theme.
            ThemeName::Auto | ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::HighContrast => Self::high_contrast(),
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
            status_warn: Style::new().add_modifier(Modifier::BOLD),
            status_bad: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new(),
        }
    }

    /// The default theme for this environment: monochrome when `NO_COLOR` is set to a
    /// non-empty value (<https://no-color.org>).
    pub fn from_env() -> Self {
        Self::named(ThemeName::Dark, no_color())
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(t: &Theme) -> [Style; 10] {
        [
            t.base, t.title, t.accent, t.dim, t.ok, t.warn, t.bad, t.status, t.selected, t.border,
        ]
    }

    #[test]
    fn mono_has_no_colour_at_all() {
        for s in styles(&Theme::mono()) {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
        assert_eq!(Theme::named(ThemeName::Light, true), Theme::mono());
    }

    #[test]
    fn themes_use_only_the_16_ansi_colours() {
        for t in [Theme::dark(), Theme::light(), Theme::high_contrast()] {
            for s in styles(&t) {
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                        "{c:?} is not one of the 16 colours every terminal has"
                    );
                }
            }
        }
    }

    #[test]
    fn warnings_are_never_colour_alone() {
        // Where colour carries meaning, a modifier carries it too (plus a word in the widget).
        for t in [
            Theme::dark(),
            Theme::light(),
            Theme::high_contrast(),
            Theme::mono(),
        ] {
            assert!(!t.warn.add_modifier.is_empty());
            assert!(!t.bad.add_modifier.is_empty());
        }
    }
}

#[cfg(test)]
mod truecolor_tests {
    use super::*;

    #[test]
    fn high_contrast_uses_true_black_and_white_with_24_bit_colour() {
        let t = Theme::high_contrast_with(true);
        assert_eq!(t.base.fg, Some(Color::Rgb(255, 255, 255)));
        assert_eq!(t.base.bg, Some(Color::Rgb(0, 0, 0)));
        assert_eq!(t.status.fg, Some(Color::Rgb(0, 0, 0)));
        // Without it, the palette's own white and black; the rest of the theme is the same.
        let p = Theme::high_contrast_with(false);
        assert_eq!(p, Theme::high_contrast());
        assert_eq!((p.base.fg, p.title.fg), (Some(Color::White), t.title.fg));
    }

    #[test]
    fn auto_undetected_draws_dark() {
        assert_eq!(Theme::named(ThemeName::Auto, false), Theme::dark());
    }
}

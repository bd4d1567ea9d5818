//! The symbols the interface draws and their ASCII stand-ins: one table, chosen once per run
//! (`present::terminal::view_from_env`: `--ascii`, the config's `ascii`, `CONVENE_ASCII`, or a
//! terminal known to lack the glyphs) and carried in the [`View`](super::View).
//!
//! Screens draw with Unicode. With [`ASCII`], [`Glyphs::finish`] replaces every cell's symbol
//! by its stand-in from [`FALLBACKS`] (always one column for one column) once a screen is drawn,
//! so no screen carries an `if ascii` of its own. What cannot be replaced cell by cell is read
//! from the table's other fields: big titles (quadrant letters, 4×4 cells each) become bold
//! text, the QR code (half blocks) gives way to the address written out, and the checklist
//! panel's boxes become `[x]` / `[ ]`.
//!
//! The letters of the text (é, à, ç, œ…) are kept: every console font draws them, and French
//! without its accents reads wrong. Everything else outside ASCII becomes its stand-in, or `?`.

/// How to draw symbols.
#[derive(Debug, PartialEq, Eq)]
pub struct Glyphs {
    /// Fold every cell to ASCII (and the text's letters) after drawing.
    pub ascii: bool,
    /// Titles in big quadrant letters (tui-big-text); else bold text.
    pub big_titles: bool,
    /// The join QR code in half blocks; else the address alone.
    pub qr: bool,
}

/// Terminals that draw Unicode's symbols and blocks.
pub const UNICODE: Glyphs = Glyphs {
    ascii: false,
    big_titles: true,
    qr: true,
};

/// Terminals without them: the classic Windows console, the Linux console, `--ascii`.
pub const ASCII: Glyphs = Glyphs {
    ascii: true,
    big_titles: false,
    qr: false,
};

/// Every symbol the interface draws (and the typography decks use), with its ASCII stand-in of
/// the same width.
pub const FALLBACKS: &[(char, char)] = &[
    // Lines and boxes (borders, rules, column separators).
    ('─', '-'),
    ('━', '-'),
    ('═', '='),
    ('│', '|'),
    ('┃', '|'),
    ('║', '|'),
    ('┌', '+'),
    ('┐', '+'),
    ('└', '+'),
    ('┘', '+'),
    ('╭', '+'),
    ('╮', '+'),
    ('╯', '+'),
    ('╰', '+'),
    ('┏', '+'),
    ('┓', '+'),
    ('┗', '+'),
    ('┛', '+'),
    ('╔', '+'),
    ('╗', '+'),
    ('╚', '+'),
    ('╝', '+'),
    ('├', '+'),
    ('┤', '+'),
    ('┬', '+'),
    ('┴', '+'),
    ('┼', '+'),
    ('╠', '+'),
    ('╣', '+'),
    ('╦', '+'),
    ('╩', '+'),
    ('╬', '+'),
    // Blocks (the countdown's digits, the progress bar, the input caret).
    ('█', '#'),
    ('▀', '#'),
    ('▄', '#'),
    ('▌', '#'),
    ('▐', '#'),
    ('░', '.'),
    ('▒', ':'),
    ('▓', '#'),
    ('▏', '|'),
    ('▰', '#'),
    ('▱', '-'),
    // Marks, arrows and states.
    ('•', '*'),
    ('◦', 'o'),
    ('▸', '>'),
    ('▶', '>'),
    ('◀', '<'),
    ('▲', '^'),
    ('▼', 'v'),
    ('←', '<'),
    ('→', '>'),
    ('↑', '^'),
    ('↓', 'v'),
    ('›', '>'),
    ('‹', '<'),
    ('●', '*'),
    ('○', 'o'),
    // The room's marks (ui::room): a count, kept, on screen.
    ('◉', '#'),
    ('★', '*'),
    ('▣', '#'),
    ('◷', '@'),
    ('✓', '+'),
    ('✔', '+'),
    ('✗', 'x'),
    ('✘', 'x'),
    ('☑', 'x'),
    ('☐', '_'),
    ('⚠', '!'),
    ('≈', '~'),
    ('·', '-'),
    ('×', 'x'),
    ('÷', '/'),
    ('−', '-'),
    ('°', 'o'),
    // Typography in deck text and the catalogue.
    ('—', '-'),
    ('–', '-'),
    ('‐', '-'),
    ('‑', '-'),
    ('‒', '-'),
    ('‘', '\''),
    ('’', '\''),
    ('‚', '\''),
    ('“', '"'),
    ('”', '"'),
    ('„', '"'),
    ('«', '"'),
    ('»', '"'),
    ('…', '.'),
    ('\u{a0}', ' '),
    ('\u{202f}', ' '),
    ('\u{2009}', ' '),
    ('€', 'E'),
];

/// Letters outside ASCII that ASCII mode keeps: Latin-1's letters and French's œ, Œ, Ÿ.
pub fn kept_letter(c: char) -> bool {
    (('\u{c0}'..='\u{ff}').contains(&c) && c.is_alphabetic()) || matches!(c, 'œ' | 'Œ' | 'Ÿ')
}

/// What ASCII mode draws for one cell's symbol: the symbol itself when it is ASCII or a kept
/// letter, else the stand-in of its first character, else `?`. Combining marks are dropped.
pub fn fold(symbol: &str) -> Option<char> {
    let mut chars = symbol.chars();
    let first = chars.next()?;
    if symbol.is_ascii() || (kept_letter(first) && chars.as_str().is_empty()) {
        return None;
    }
    if kept_letter(first) || first.is_ascii() {
        // A letter with combining marks after it: the letter alone.
        return Some(first);
    }
    Some(
        FALLBACKS
            .iter()
            .find(|(u, _)| *u == first)
            .map_or('?', |(_, a)| *a),
    )
}

/// The arrow keys' names where an arrow would read as another key (`>` is a key too).
const ARROW_KEYS: [(char, &str); 4] = [('→', "Right"), ('←', "Left"), ('↑', "Up"), ('↓', "Down")];

impl Glyphs {
    /// Key names for display (`→ Space` in the help): in ASCII, the arrows as words
    /// (`Right Space`; `↑↓` becomes `Up/Down`).
    pub fn key_names(&self, label: &str) -> String {
        if !self.ascii {
            return label.to_owned();
        }
        let mut out = String::with_capacity(label.len() + 8);
        let mut prev_arrow = false;
        for c in label.chars() {
            match ARROW_KEYS.iter().find(|(a, _)| *a == c) {
                Some((_, name)) => {
                    if prev_arrow {
                        out.push('/');
                    }
                    out.push_str(name);
                    prev_arrow = true;
                }
                None => {
                    out.push(c);
                    prev_arrow = false;
                }
            }
        }
        out
    }

    /// Bring a drawn area to this table's repertoire (nothing to do for [`UNICODE`]). Idempotent.
    pub fn finish(&self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        if !self.ascii {
            return;
        }
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if let Some(c) = fold(cell.symbol()) {
                    let mut b = [0; 4];
                    cell.set_symbol(c.encode_utf8(&mut b));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stand_in_is_one_ascii_column_for_one_column() {
        use unicode_width::UnicodeWidthChar;
        for (u, a) in FALLBACKS {
            assert!(a.is_ascii() && !a.is_ascii_control(), "{u:?} -> {a:?}");
            assert_eq!(u.width(), Some(1), "{u:?} is not one column");
        }
        let mut seen: Vec<char> = FALLBACKS.iter().map(|(u, _)| *u).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), FALLBACKS.len(), "a symbol twice in the table");
    }

    #[test]
    fn folding_keeps_ascii_and_letters_and_replaces_the_rest() {
        assert_eq!(fold("a"), None);
        assert_eq!(fold("é"), None);
        assert_eq!(fold("œ"), None);
        assert_eq!(fold("•"), Some('*'));
        assert_eq!(fold("—"), Some('-'));
        assert_eq!(fold("\u{202f}"), Some(' '));
        assert_eq!(fold("✓"), Some('+'));
        assert_eq!(fold("漢"), Some('?'));
        assert_eq!(fold("e\u{301}"), Some('e'));
        assert_eq!(fold(""), None);
        assert_eq!(fold("×"), Some('x'), "a Latin-1 sign, not a letter");
    }

    #[test]
    fn arrow_keys_are_named_in_ascii() {
        assert_eq!(ASCII.key_names("→ Space PgDn"), "Right Space PgDn");
        assert_eq!(
            ASCII.key_names("↑↓ choose · Enter go"),
            "Up/Down choose · Enter go"
        );
        assert_eq!(UNICODE.key_names("→ Space"), "→ Space");
    }
}

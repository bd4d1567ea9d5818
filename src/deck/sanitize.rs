//! Deck text is untrusted: nothing in it may reach the terminal as a control sequence.
//!
//! TOML escapes (`"\u001b[2J"`) decode to real control characters, so every string is cleaned
//! once, at load, before wrapping or measuring: escape sequences are removed whole (ANSI CSI, OSC
//! and the rest, via `anstream`'s stripper), then any remaining C0/C1 control character except
//! the newline is dropped, tabs become spaces, and bidirectional overrides and isolates
//! (U+202A–U+202E, U+2066–U+2069), which can make text display in a misleading order, are
//! removed, and so are invisible characters that shift columns or hide text ([`is_invisible`]:
//! U+200B, U+200E/200F, U+061C, U+2060–2064, U+FEFF, the tag characters U+E0000–E007F); the
//! line and paragraph separators U+2028/2029 become newlines.
//!
//! **Emoji sequences are taken apart** so that every measure agrees: textwrap and terminals
//! such as vt100 add up each character's width (a family 👨‍👩‍👧 is 6 columns), while
//! `UnicodeWidthStr` and ratatui's buffer count a joined sequence once (2 columns); a
//! terminal that does not join them draws 6 and every column after it shifts. So the
//! zero-width joiner after an emoji, skin-tone modifiers after an emoji, and the emoji and text
//! variation selectors (U+FE0F, U+FE0E) are dropped: the family becomes 👨👩👧, 6 columns
//! everywhere; 👋🏽 becomes 👋; ❤️ becomes ❤. Flags (regional indicator pairs) already agree
//! and stay. The joiner between letters (Indic scripts) and the non-joiner (U+200C) stay.
//!
//! This is the one cleaner: the deck loader, the follower (what arrives from the network),
//! notices, notes, reports and the config file's messages all use it.

/// Clean one piece of deck text. Newlines are kept (body paragraphs use them).
pub fn clean(input: &str) -> String {
    if is_clean(input) {
        return input.to_owned();
    }
    let stripped = anstream::adapter::strip_str(input).to_string();
    let mut out = String::with_capacity(stripped.len());
    let mut prev: Option<char> = None;
    for c in stripped.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\r' => {}
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_stripped(c) || joins_emoji(prev, c) => continue,
            c => out.push(c),
        }
        prev = out.chars().next_back();
    }
    out
}

/// Roughly Unicode's Extended_Pictographic (the emoji blocks and the older symbols that have
/// emoji forms), with the skin-tone modifiers and the regional indicators (flags).
pub fn is_pictographic(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2194}'..='\u{21AA}'
            | '\u{231A}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25AA}'..='\u{25FE}'
            | '\u{2600}'..='\u{27BF}'
            | '\u{2934}'..='\u{2935}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

/// A joiner or skin-tone modifier right after an emoji: what makes a sequence whose width
/// depends on who measures it (see the module doc).
fn joins_emoji(prev: Option<char>, c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}') && prev.is_some_and(is_pictographic)
}

/// Clean a one-line field: like [`clean`], and newlines become spaces.
pub fn clean_line(input: &str) -> String {
    let s = clean(input);
    if s.contains('\n') {
        s.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s
    }
}

/// Bidirectional embedding/override/isolate controls.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that shift columns or hide text: zero-width space, the left-to-right,
/// right-to-left and Arabic letter marks, word joiner and invisible operators, the byte order
/// mark, and the tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// What [`clean`] removes (or, for U+2028/2029, turns into a newline): control characters
/// other than the newline, bidirectional controls, invisible characters, line separators.
pub fn is_stripped(c: char) -> bool {
    (c.is_control() && c != '\n')
        || is_bidi_control(c)
        || is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FE0E}' | '\u{FE0F}')
}

/// True when `s` contains nothing that [`clean`] would change (used by tests and `check`).
pub fn is_clean(s: &str) -> bool {
    // Printable ASCII and newlines, most of any deck: nothing to strip, no emoji to join.
    if s.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return true;
    }
    let mut prev = None;
    for c in s.chars() {
        if is_stripped(c) || joins_emoji(prev, c) {
            return false;
        }
        prev = Some(c);
    }
    true
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn removes_escape_sequences_whole() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("red\u{1b}[31m!"), "red!");
    }

    #[test]
    fn removes_c1_bidi_and_keeps_newlines() {
        assert_eq!(clean("a\u{9b}31mb"), "a31mb");
        assert_eq!(clean("abc\u{202E}def\u{2066}"), "abcdef");
        assert_eq!(clean("one\ntwo\r\n"), "one\ntwo\n");
        assert_eq!(clean("\tx"), "    x");
    }

    #[test]
    fn keeps_ordinary_text() {
        let s = "Protocole relatif à la traite des personnes — « 1-833-900-1010 »";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn clean_line_joins_lines() {
        assert_eq!(clean_line("a\n  b\n"), "a b");
    }

    #[test]
    fn removes_invisible_characters_and_keeps_joiners() {
        // Issue 13, finding 12.
        assert_eq!(
            clean("a\u{200B}b\u{200E}c\u{200F}d\u{061C}e\u{FEFF}f"),
            "abcdef"
        );
        assert_eq!(clean("flag\u{E0067}\u{E007F}"), "flag");
        assert_eq!(clean("one\u{2028}two\u{2029}"), "one\ntwo\n");
        assert_eq!(clean_line("one\u{2028}two"), "one two");
        // Joiners between letters stay (Devanagari); between emoji they go (see below).
        let ksha = "\u{915}\u{94D}\u{200D}\u{937}";
        assert_eq!(clean(ksha), ksha);
    }

    #[test]
    fn emoji_sequences_are_taken_apart_so_every_measure_agrees() {
        use unicode_width::UnicodeWidthStr;
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(clean(family), "\u{1F468}\u{1F469}\u{1F467}");
        assert_eq!(clean("\u{1F44B}\u{1F3FD}"), "\u{1F44B}"); // waving hand, medium skin
        assert_eq!(clean("\u{2764}\u{FE0F}"), "\u{2764}"); // red heart
        assert_eq!(
            clean("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"),
            "\u{1F3F3}\u{1F308}"
        );
        assert_eq!(clean("1\u{FE0F}\u{20E3}"), "1\u{20E3}"); // keycap
        let canada = "\u{1F1E8}\u{1F1E6}";
        assert_eq!(clean(canada), canada, "flags already agree");
        // A joiner after a flag's letter goes too (found by the proptest).
        assert_eq!(
            clean("\u{1F1E8}\u{1F1E8}\u{200D}\u{1F468}"),
            "\u{1F1E8}\u{1F1E8}\u{1F468}"
        );
        for s in [
            family,
            "\u{1F44B}\u{1F3FD}",
            "\u{2764}\u{FE0F}",
            canada,
            "1\u{FE0F}\u{20E3}",
        ] {
            let c = clean(s);
            assert_eq!(c.width(), textwrap::core::display_width(&c), "{s:?}");
            assert!(is_clean(&c));
        }
    }

    proptest! {
        #[test]
        fn output_is_always_clean(s in any::<String>()) {
            let c = clean(&s);
            prop_assert!(is_clean(&c));
            prop_assert!(!c.contains('\x1b'));
            prop_assert!(is_clean(&clean_line(&s)) && !clean_line(&s).contains('\n'));
        }
    }
}

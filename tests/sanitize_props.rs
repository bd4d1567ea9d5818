//! Fuzzing the one cleaner (issue 13, finding 12): whatever the text, what is left can reach a
//! terminal. Runs in CI with the rest of the tests (proptest's default 256 cases, plus a
//! strategy biased toward the characters the attack review found).

use convene::deck::sanitize::{clean, clean_line, is_clean};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

/// Characters that must never reach the terminal raw.
const HOSTILE: &[char] = &[
    '\u{1b}',
    '\u{9b}',
    '\u{7}',
    '\r',
    '\t',
    '\u{202E}',
    '\u{2066}',
    '\u{2028}',
    '\u{2029}',
    '\u{200B}',
    '\u{200E}',
    '\u{200F}',
    '\u{061C}',
    '\u{FEFF}',
    '\u{E0001}',
    '\u{E0067}',
    '\u{E007F}',
    '\u{2060}',
];

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>(),
        3 => proptest::sample::select(HOSTILE),
        1 => Just('\u{200D}'),
        1 => Just('\u{1F469}'),
        2 => proptest::char::range('a', 'z'),
    ];
    proptest::collection::vec(piece, 0..64).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cleaned_text_has_nothing_hostile(s in hostile_text()) {
        for out in [clean(&s), clean_line(&s)] {
            prop_assert!(is_clean(&out), "{out:?}");
            for c in HOSTILE {
                prop_assert!(!out.contains(*c), "{c:?} in {out:?}");
            }
        }
        prop_assert!(!clean_line(&s).contains('\n'));
    }

    #[test]
    fn cleaning_is_idempotent_and_never_widens(s in hostile_text()) {
        let once = clean(&s);
        prop_assert_eq!(clean(&once), once.clone());
        let line = clean_line(&s);
        prop_assert_eq!(clean_line(&line), line.clone());
        // Measured as the renderer measures it (per string, joined sequences once).
        prop_assert!(line.width() <= line.chars().count() * 2);
    }
}

/// Emoji, joiners, modifiers, variation selectors, flags, keycaps, accents, wide letters.
const EMOJI_PARTS: &[char] = &[
    'a',
    'e',
    ' ',
    '1',
    '中',
    '\u{301}',
    '\u{1F468}',
    '\u{1F469}',
    '\u{1F467}',
    '\u{1F44B}',
    '\u{2764}',
    '\u{270C}',
    '\u{1F3F3}',
    '\u{1F308}',
    '\u{200D}',
    '\u{200D}',
    '\u{FE0F}',
    '\u{FE0E}',
    '\u{1F3FB}',
    '\u{1F3FD}',
    '\u{1F1E8}',
    '\u{1F1E6}',
    '\u{20E3}',
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Issue 13, finding 12's last part: once cleaned, text measures the same for textwrap
    /// (which wraps it), `UnicodeWidthStr` (ratatui's `Line::width`, our layout) and ratatui's
    /// buffer (where it is drawn), so no column after it shifts.
    #[test]
    fn emoji_sequences_measure_the_same_everywhere(
        v in proptest::collection::vec(proptest::sample::select(EMOJI_PARTS), 0..24)
    ) {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let s: String = v.into_iter().collect();
        let c = clean_line(&s);
        let wrapped = textwrap::core::display_width(&c);
        let measured = c.width();
        let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
        let (x, _) = buf.set_stringn(0, 0, &c, 200, ratatui::style::Style::default());
        prop_assert_eq!(wrapped, measured, "{:?} → {:?}", s, c);
        prop_assert_eq!(usize::from(x), measured, "{:?} → {:?}", s, c);
    }
}

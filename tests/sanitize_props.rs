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

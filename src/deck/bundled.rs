//! The decks compiled into the binary, so `convene` alone works offline with no files.

use crate::deck::{self, Deck, LoadError};
use crate::words::Lang;

/// The English awareness deck's source.
pub const AWARENESS_EN: &str = include_str!("../../decks/awareness.toml");

/// The French awareness deck's source (same slide ids as the English one).
pub const AWARENESS_FR: &str = include_str!("../../decks/awareness.fr.toml");

/// The source of the bundled deck in a language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => AWARENESS_EN,
        Lang::Fr => AWARENESS_FR,
    }
}

/// The name journals and reports use for a bundled deck.
pub fn name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "(bundled:en)",
        Lang::Fr => "(bundled:fr)",
    }
}

/// Load the bundled deck in a language.
pub fn deck(lang: Lang) -> Result<Deck, LoadError> {
    deck::load_str(source(lang)).map(|l| l.deck)
}

/// The language to use: explicit `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, in
/// that order, as POSIX specifies), else English.
pub fn language(explicit: Option<Lang>) -> Lang {
    explicit.unwrap_or_else(|| locale_lang(|k| std::env::var(k).ok()))
}

/// Locale lookup with the environment injected (testable).
pub fn locale_lang(get: impl Fn(&str) -> Option<String>) -> Lang {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = get(key).filter(|v| !v.is_empty()) {
            return if v.starts_with("fr") {
                Lang::Fr
            } else {
                Lang::En
            };
        }
    }
    Lang::En
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_bundled_decks_load_in_their_language() {
        for (lang, tag) in [(Lang::En, "en"), (Lang::Fr, "fr")] {
            let deck = deck(lang).expect("bundled deck loads");
            assert_eq!(deck.meta.language, tag);
        }
    }

    #[test]
    fn locale_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(locale_lang(env(&[("LANG", "fr_CA.UTF-8")])), Lang::Fr);
        assert_eq!(
            locale_lang(env(&[("LC_ALL", "en_CA.UTF-8"), ("LANG", "fr_CA.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            locale_lang(env(&[("LC_MESSAGES", "fr_FR"), ("LANG", "en_US")])),
            Lang::Fr
        );
        assert_eq!(
            locale_lang(env(&[("LC_ALL", ""), ("LANG", "fr")])),
            Lang::Fr
        );
        assert_eq!(locale_lang(env(&[])), Lang::En);
    }
}

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
/// that order, as POSIX specifies), else — on Windows, where these are usually unset — the
/// user's display language, else English.
pub fn language(explicit: Option<Lang>) -> Lang {
    explicit.unwrap_or_else(|| {
        locale_lang(|k| std::env::var(k).ok()).unwrap_or_else(|| {
            system_language()
                .map(lang_of_language_id)
                .unwrap_or(Lang::En)
        })
    })
}

/// Locale lookup with the environment injected (testable): `None` when no variable is set.
pub fn locale_lang(get: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|key| {
            get(key).filter(|v| !v.is_empty()).map(|v| {
                if v.starts_with("fr") {
                    Lang::Fr
                } else {
                    Lang::En
                }
            })
        })
}

/// The user's display language on Windows (`GetUserDefaultUILanguage`: a LANGID such as 0x0C0C,
/// French (Canada)); `None` elsewhere, where the locale variables say it.
pub fn system_language() -> Option<u16> {
    #[cfg(windows)]
    {
        // SAFETY: no arguments, no preconditions; returns a language id.
        Some(unsafe { windows_sys::Win32::Globalization::GetUserDefaultUILanguage() })
    }
    #[cfg(not(windows))]
    None
}

/// A Windows LANGID's language: its low 10 bits are the primary language (0x0C is French, in
/// every region: France, Canada, Belgium, Switzerland…); anything else is English.
pub fn lang_of_language_id(id: u16) -> Lang {
    const LANG_FRENCH: u16 = 0x0C;
    if id & 0x3FF == LANG_FRENCH {
        Lang::Fr
    } else {
        Lang::En
    }
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
        assert_eq!(locale_lang(env(&[("LANG", "fr_CA.UTF-8")])), Some(Lang::Fr));
        assert_eq!(
            locale_lang(env(&[("LC_ALL", "en_CA.UTF-8"), ("LANG", "fr_CA.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            locale_lang(env(&[("LC_MESSAGES", "fr_FR"), ("LANG", "en_US")])),
            Some(Lang::Fr)
        );
        assert_eq!(
            locale_lang(env(&[("LC_ALL", ""), ("LANG", "fr")])),
            Some(Lang::Fr)
        );
        // Nothing set (Windows, usually): the system's display language decides.
        assert_eq!(locale_lang(env(&[])), None);
        assert_eq!(locale_lang(env(&[("LANG", "")])), None);
    }

    #[test]
    fn windows_display_languages() {
        // fr-FR, fr-CA, fr-BE, fr-CH: French whatever the region.
        for id in [0x040C, 0x0C0C, 0x080C, 0x100C] {
            assert_eq!(lang_of_language_id(id), Lang::Fr, "{id:#06x}");
        }
        // en-US, en-CA, es-ES, zh-CN, and 0 (none): English.
        for id in [0x0409, 0x1009, 0x0C0A, 0x0804, 0] {
            assert_eq!(lang_of_language_id(id), Lang::En, "{id:#06x}");
        }
    }

    /// Runs under Wine: the real call answers with a language id.
    #[cfg(windows)]
    #[test]
    fn windows_answers_with_a_display_language() {
        let id = system_language().expect("Windows has a display language");
        assert_ne!(id & 0x3FF, 0, "{id:#06x}");
        let _ = lang_of_language_id(id);
    }
}

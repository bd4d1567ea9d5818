//! The deck file as written by an organizer: a direct serde image of the TOML, with spans kept
//! on every value a semantic check may need to point at.
//!
//! Every struct denies unknown fields, so a typo (`titel = …`) is an error with a location and a
//! "did you mean" hint rather than silently ignored text. The loader (`super::load`) turns this
//! into the validated runtime model in `super::model`.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeckFile {
    /// Version of the deck format; this convene reads `1`.
    pub format: Spanned<i64>,
    pub deck: Spanned<MetaSrc>,
    #[serde(default)]
    pub checklist: Option<Spanned<ChecklistSrc>>,
    #[serde(default)]
    pub slides: Vec<SlideSrc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaSrc {
    pub title: Spanned<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub minutes: Option<Spanned<f64>>,
    #[serde(default)]
    pub content_note: Option<String>,
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default)]
    pub author: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSrc {
    pub title: String,
    #[serde(default)]
    pub disclaimer: Option<String>,
    #[serde(default)]
    pub groups: Vec<GroupSrc>,
    #[serde(default)]
    pub flags: Vec<FlagSrc>,
    #[serde(default)]
    pub frameworks: Vec<FrameworkSrc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSrc {
    pub id: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub question: Option<String>,
    pub items: Spanned<Vec<ItemSrc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSrc {
    pub id: Spanned<String>,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagSrc {
    pub id: Spanned<String>,
    pub label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkSrc {
    pub id: Spanned<String>,
    pub label: String,
    pub rules: Spanned<Vec<Spanned<RuleSrc>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSrc {
    /// Groups that each need at least one ticked item.
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    /// Flags that must be set.
    #[serde(default)]
    pub flags: Vec<Spanned<String>>,
    /// What the combination indicates (shown as the verdict line).
    pub say: String,
    /// How strongly: `indicated` or `incomplete`. Defaults to `indicated` for a rule with
    /// conditions and `incomplete` for the fallback rule.
    #[serde(default)]
    pub level: Option<Level>,
}

/// The strength of a verdict; shown with a symbol and a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Indicated,
    Incomplete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlideKind {
    Title,
    Section,
    #[default]
    Content,
    Case,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlideSrc {
    pub id: Spanned<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub kind: Option<Spanned<SlideKind>>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub bullets: Vec<BulletSrc>,
    #[serde(default)]
    pub reveal: Option<Spanned<bool>>,
    #[serde(default)]
    pub columns: Vec<ColumnSrc>,
    #[serde(default)]
    pub callout: Option<CalloutSrc>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub minutes: Option<Spanned<f64>>,
    #[serde(default)]
    pub prompts: Vec<PromptSrc>,
    /// Show the elements checklist on this slide (default: only on `case` slides).
    #[serde(default)]
    pub checklist: Option<Spanned<bool>>,
    /// Answer key: `group.item` ids.
    #[serde(default)]
    pub answer: Vec<Spanned<String>>,
    /// Answer key: flags that apply (e.g. `minor`).
    #[serde(default)]
    pub answer_flags: Vec<Spanned<String>>,
    #[serde(default)]
    pub debrief: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSrc {
    pub heading: String,
    #[serde(default)]
    pub bullets: Vec<BulletSrc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalloutSrc {
    #[serde(default)]
    pub label: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptSrc {
    pub text: Spanned<String>,
    #[serde(default)]
    pub minutes: Option<Spanned<f64>>,
    #[serde(default)]
    pub follow_ups: Vec<String>,
}

/// A bullet is either a plain string or a table with nested bullets:
/// `"text"` or `{ text = "Prevention", bullets = ["…", "…"] }` (one level of nesting).
#[derive(Debug)]
pub struct BulletSrc {
    pub text: String,
    pub bullets: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulletTable {
    text: String,
    #[serde(default)]
    bullets: Vec<String>,
}

impl<'de> Deserialize<'de> for BulletSrc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BulletVisitor;
        impl<'de> Visitor<'de> for BulletVisitor {
            type Value = BulletSrc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table like { text = \"…\", bullets = [\"…\"] }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BulletSrc, E> {
                Ok(BulletSrc {
                    text: v.to_owned(),
                    bullets: Vec::new(),
                })
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<BulletSrc, E> {
                Ok(BulletSrc {
                    text: v,
                    bullets: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BulletSrc, A::Error> {
                let t = BulletTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(BulletSrc {
                    text: t.text,
                    bullets: t.bullets,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<BulletSrc, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        deserializer.deserialize_any(BulletVisitor)
    }
}

//! The deck file as written by an organizer: a direct serde image of the TOML, with spans kept
//! on every value a semantic check may need to point at.
//!
//! Every struct denies unknown fields, so a typo (`titel = …`) is an error with a location and a
//! "did you mean" hint rather than silently ignored text. The loader (`super::load`) turns this
//! into the validated runtime model in `super::model`.
//!
//! The doc comments of these types are also the field descriptions of the JSON Schema
//! (`crate::deck::schema`) that editors use for completion: write them for organizers.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

/// A convene deck: a workshop's slides, discussion prompts and elements checklist.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "convene deck")]
pub struct DeckFile {
    /// Version of the deck format. Write `format = 1` as the first line.
    #[schemars(with = "i64", extend("const" = 1))]
    pub format: Spanned<i64>,
    /// The deck's title, language, planned length, content note and support lines.
    #[schemars(with = "MetaSrc")]
    pub deck: Spanned<MetaSrc>,
    /// The elements checklist shown beside case-study slides: groups of items to tick, flags,
    /// and frameworks whose rules say what a combination indicates.
    #[serde(default)]
    #[schemars(with = "Option<ChecklistSrc>")]
    pub checklist: Option<Spanned<ChecklistSrc>>,
    /// The slides, in order. Start each slide with a `[[slides]]` line.
    #[serde(default)]
    pub slides: Vec<SlideSrc>,
}

/// The `[deck]` table: what the workshop is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetaSrc {
    /// The workshop's title, shown on the status line and in reports.
    #[schemars(with = "String", length(min = 1))]
    pub title: Spanned<String>,
    /// A second line under the title, e.g. "A community workshop".
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The deck's language: `en` or `fr`. convene's own labels (status line, help, "Did you
    /// know?") follow it. Default: `en`.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("examples" = ["en", "fr"]))]
    pub language: Option<Spanned<String>>,
    /// The planned length of the workshop in minutes. `convene check` warns when the slides'
    /// minutes do not add up to it.
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 0, max = 1440))]
    pub minutes: Option<Spanned<f64>>,
    /// A content note shown when the session opens (e.g. that the workshop discusses abuse, and
    /// that people may step out at any time).
    #[serde(default)]
    pub content_note: Option<String>,
    /// The support screen, one key away all session: one line per service (hotlines,
    /// emergency numbers, local services).
    #[serde(default)]
    pub support: Vec<String>,
    /// Who wrote or adapted the deck.
    #[serde(default)]
    pub author: Option<String>,
    /// The colour theme this deck looks best in: `dark` (default), `light` (bright rooms,
    /// washed-out projectors) or `high-contrast`. A `--theme` flag wins over it; it wins over
    /// the config file.
    #[serde(default)]
    pub theme: Option<super::model::ThemeName>,
    /// This deck in another language, offered to participants' phones (each picks their own
    /// language whatever the projector shows): a deck file with exactly the same slide ids,
    /// the path relative to this deck's folder, e.g. `"awareness.fr.toml"`.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("examples" = ["awareness.fr.toml"]))]
    pub translation: Option<Spanned<String>>,
}

/// The `[checklist]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSrc {
    /// The panel's heading, e.g. "Key elements of trafficking".
    pub title: String,
    /// A line under the panel, e.g. "A teaching aid, not a legal determination."
    #[serde(default)]
    pub disclaimer: Option<String>,
    /// The disclaimer in a few words, for one line of a panel with little room, e.g. "A
    /// teaching aid, not a legal determination." Default: the disclaimer itself.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub short_disclaimer: Option<Spanned<String>>,
    /// The groups of items, in display order (e.g. ACT, MEANS, PURPOSE). Each is a
    /// `[[checklist.groups]]` table.
    #[serde(default)]
    pub groups: Vec<GroupSrc>,
    /// Yes/no facts about the person that rules can ask for (e.g. "The person is under 18").
    /// Each is a `[[checklist.flags]]` table.
    #[serde(default)]
    pub flags: Vec<FlagSrc>,
    /// Ways of reading the ticked items (e.g. the UN Protocol, Canada's Criminal Code); the
    /// facilitator switches between them live. Each is a `[[checklist.frameworks]]` table.
    #[serde(default)]
    pub frameworks: Vec<FrameworkSrc>,
}

/// A group of checklist items.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSrc {
    /// The group's id, used in rules (`all = ["act"]`) and answer keys (`"act.recruitment"`):
    /// letters, digits, `-` or `_`.
    #[schemars(with = "String", regex(pattern = r"^[^\s.]+$"))]
    pub id: Spanned<String>,
    /// The group's heading in the panel, e.g. "ACT".
    pub label: String,
    /// A question under the heading, e.g. "What was done?"
    #[serde(default)]
    pub question: Option<String>,
    /// The items to tick, in order: `{ id = "recruitment", label = "Recruitment" }`.
    #[schemars(with = "Vec<ItemSrc>", length(min = 1))]
    pub items: Spanned<Vec<ItemSrc>>,
    /// The frameworks (ids) that use this group, e.g. `["canada"]`; the panel shows it only
    /// under them, and the other frameworks' rules and keys ignore it. Default: every framework.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub frameworks: Vec<Spanned<String>>,
}

/// One item of a checklist group.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemSrc {
    /// The item's id, unique in its group; answer keys name it as `group.item`.
    #[schemars(with = "String", regex(pattern = r"^[^\s.]+$"))]
    pub id: Spanned<String>,
    /// The item's text in the panel.
    pub label: String,
    /// A shorter text for the panel when room is short (e.g. at 120×35), e.g. "Payments to
    /// someone in control" for the Protocol's long means. Default: `label`. Handouts, reports
    /// and phones always show `label`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub short: Option<Spanned<String>>,
    /// The frameworks (ids) that use this item, e.g. `["canada"]`; the panel shows it only
    /// under them, and the other frameworks' rules and keys ignore it. Default: every framework.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub frameworks: Vec<Spanned<String>>,
}

/// A yes/no fact that rules can ask for.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagSrc {
    /// The flag's id, used in rules (`flags = ["minor"]`) and `answer_flags`.
    #[schemars(with = "String", regex(pattern = r"^[^\s.]+$"))]
    pub id: Spanned<String>,
    /// The flag's text in the panel, e.g. "The person is under 18".
    pub label: String,
    /// A shorter text for the panel when room is short, e.g. "Under 18". Default: `label`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub short: Option<Spanned<String>>,
    /// The frameworks (ids) that use this flag, e.g. `["canada"]`; the panel shows it only
    /// under them, and the other frameworks' rules and keys ignore it. Default: every framework.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub frameworks: Vec<Spanned<String>>,
}

/// A framework: ordered rules; the first rule whose conditions are all met gives the verdict.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkSrc {
    /// The framework's id, e.g. `protocol`.
    #[schemars(with = "String", regex(pattern = r"^[^\s.]+$"))]
    pub id: Spanned<String>,
    /// The framework's name in the panel, e.g. "UN Trafficking Protocol, art. 3".
    pub label: String,
    /// The rules, tried in order; the first that matches wins. The last rule must have no
    /// conditions (the fallback), e.g. `{ say = "Not all elements identified yet." }`.
    #[schemars(with = "Vec<RuleSrc>", length(min = 1))]
    pub rules: Spanned<Vec<Spanned<RuleSrc>>>,
    /// Questions that replace the groups' own under this framework, by group id, e.g.
    /// `{ means = "Evidence the court may consider; not required" }`.
    #[serde(default)]
    pub questions: std::collections::BTreeMap<String, String>,
}

/// One rule of a framework.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSrc {
    /// Conditions that must all hold: a group id (at least one of its items ticked), or one
    /// item as `group.item` (that item ticked), e.g. `["act", "purpose.organs"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub all: Vec<Spanned<String>>,
    /// Conditions of which at least one must hold (groups or `group.item`), e.g.
    /// `["means.coercion", "means.deception"]`. Default: none asked for.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub any: Vec<Spanned<String>>,
    /// Flag ids that must be set, e.g. `["minor"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub flags: Vec<Spanned<String>>,
    /// What the combination indicates: the verdict line shown in the panel.
    pub say: String,
    /// How strongly: `indicated` or `incomplete`. Default: `indicated` for a rule with
    /// conditions, `incomplete` for the fallback rule.
    #[serde(default)]
    pub level: Option<Level>,
}

/// The strength of a verdict; shown with a symbol and a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// The ticked elements indicate what the rule says.
    Indicated,
    /// Not enough has been identified yet.
    Incomplete,
}

/// What kind of slide this is; it sets the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SlideKind {
    /// The opening slide: title and subtitle, centred.
    Title,
    /// A section divider: its title, centred.
    Section,
    /// An ordinary slide (the default).
    #[default]
    Content,
    /// A case study: shown with the elements checklist.
    Case,
}

/// One slide: a `[[slides]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlideSrc {
    /// The slide's id, unique in the deck: letters, digits, `-` or `_` (e.g. `case-rosa`). It
    /// links the slide to the session journal, reports and the other language's deck.
    #[schemars(with = "String", regex(pattern = r"^[^\s.]+$"))]
    pub id: Spanned<String>,
    /// The section this slide belongs to, shown on the status line and used for pacing per
    /// section (e.g. "Learn about trafficking").
    #[serde(default)]
    pub section: Option<String>,
    /// `title`, `section`, `content` (the default) or `case`.
    #[serde(default)]
    #[schemars(with = "Option<SlideKind>")]
    pub kind: Option<Spanned<SlideKind>>,
    /// The slide's heading.
    #[serde(default)]
    pub title: Option<String>,
    /// A line under the title.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Paragraphs of text. Use `"""` … `"""` for several lines; a blank line starts a new
    /// paragraph; single line breaks are joined.
    #[serde(default)]
    pub body: Option<String>,
    /// Bullet points: text, or `{ text = "…", bullets = ["…"] }` for one level of sub-bullets.
    #[serde(default)]
    pub bullets: Vec<BulletSrc>,
    /// `true`: show the bullets one at a time, one per press of Next.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub reveal: Option<Spanned<bool>>,
    /// Side-by-side columns for comparisons:
    /// `{ heading = "…", bullets = ["…"] }`, usually two.
    #[serde(default)]
    pub columns: Vec<ColumnSrc>,
    /// A highlighted box, e.g. `{ label = "Did you know?", text = "…" }`.
    #[serde(default)]
    pub callout: Option<CalloutSrc>,
    /// Speaker notes: only on the presenter's screen, never on the audience view or handouts.
    #[serde(default)]
    pub notes: Option<String>,
    /// Planned minutes for this slide, prompts included. The slides' minutes add up to the
    /// deck's pacing plan.
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 0, max = 1440))]
    pub minutes: Option<Spanned<f64>>,
    /// Discussion prompts (or a break, `kind = "break"`), shown one per press of Next after
    /// the bullets, each with a timer. Each is a `[[slides.prompts]]` table after the slide.
    #[serde(default)]
    pub prompts: Vec<PromptSrc>,
    /// Show the elements checklist on this slide. Default: `true` on `case` slides, `false`
    /// elsewhere.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub checklist: Option<Spanned<bool>>,
    /// The answer key: checklist items as `group.item`, e.g. `["act.harbouring",
    /// "purpose.exploitation"]`. The facilitator can reveal it to compare.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub answer: Vec<Spanned<String>>,
    /// The answer key's flags, e.g. `["minor"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub answer_flags: Vec<Spanned<String>>,
    /// Items that are a matter of judgement: a group that ticks them is "also fair", not
    /// "extra" (e.g. `["means.deception"]`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub defensible: Vec<Spanned<String>>,
    /// Flags that are a matter of judgement.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub defensible_flags: Vec<Spanned<String>>,
    /// Answer keys for frameworks whose law reads this case differently: each is an
    /// `[[slides.answers]]` table with a `framework` and its own `answer`, `answer_flags`,
    /// `defensible` and `defensible_flags`. It replaces the slide's key under that framework.
    #[serde(default)]
    pub answers: Vec<AnswerSrc>,
    /// A closing question or summary for a case, shown last (after the prompts).
    #[serde(default)]
    pub debrief: Option<String>,
}

/// The answer key of a case under one framework: an `[[slides.answers]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerSrc {
    /// The framework's id, e.g. `canada`.
    #[schemars(with = "String")]
    pub framework: Spanned<String>,
    /// The key's items as `group.item`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub answer: Vec<Spanned<String>>,
    /// The key's flags.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub answer_flags: Vec<Spanned<String>>,
    /// Items that are "also fair".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub defensible: Vec<Spanned<String>>,
    /// Flags that are "also fair".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub defensible_flags: Vec<Spanned<String>>,
}

/// One column of a comparison.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSrc {
    /// The column's heading.
    pub heading: String,
    /// The column's bullet points.
    #[serde(default)]
    pub bullets: Vec<BulletSrc>,
}

/// A highlighted box on a slide.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalloutSrc {
    /// The box's heading. Default: "Did you know?" in the deck's language.
    #[serde(default)]
    pub label: Option<String>,
    /// The box's text.
    pub text: String,
}

/// What a prompt is for: it sets the prompt's label and symbol, and how handouts and the
/// session report treat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PromptKind {
    /// A question for the group (the default): labelled "Discuss", with room to write in
    /// handouts, listed among the discussion prompts in the report.
    #[default]
    Discuss,
    /// A break with its countdown: labelled "◷ Break", no room to write in handouts, listed
    /// as a break (not a discussion) in the facilitator's guide and the report.
    Break,
}

/// A discussion prompt (or a break): a `[[slides.prompts]]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PromptSrc {
    /// The question put to the group (for a break, e.g. "We start again when the timer runs
    /// out").
    #[schemars(with = "String")]
    pub text: Spanned<String>,
    /// `discuss` (the default) or `break`: a break shows "Break" and its symbol with the
    /// timer, and gets no note lines in handouts.
    #[serde(default)]
    #[schemars(with = "Option<PromptKind>")]
    pub kind: Option<Spanned<PromptKind>>,
    /// Minutes for the discussion (or the break): the prompt's countdown.
    #[serde(default)]
    #[schemars(with = "Option<f64>", range(min = 0, max = 1440))]
    pub minutes: Option<Spanned<f64>>,
    /// Follow-up questions, shown one per press of Next after the prompt.
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

/// A bullet with sub-bullets.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct BulletTable {
    /// The bullet's text.
    text: String,
    /// Sub-bullets (one level).
    #[serde(default)]
    bullets: Vec<String>,
}

/// The schema of a bullet: what [`BulletSrc`]'s deserializer accepts.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum BulletSchema {
    /// A bullet point's text.
    Text(String),
    /// A bullet point with sub-bullets.
    Nested(BulletTable),
}

impl JsonSchema for BulletSrc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bullet".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = BulletSchema::json_schema(generator);
        schema.insert(
            "description".into(),
            "A bullet point: text, or { text = \"…\", bullets = [\"…\"] } for sub-bullets.".into(),
        );
        schema
    }
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

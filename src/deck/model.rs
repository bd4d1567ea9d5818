//! The validated deck that every other part of convene works with: sanitised text, no spans,
//! ids resolved to indices. Built once by the loader; cheap to clone into the follower wire
//! format (speaker notes and answer keys are separate fields so they can be left out).

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use super::source::{Level, PromptKind, SlideKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub meta: Meta,
    pub checklist: Option<Checklist>,
    pub slides: Vec<Slide>,
}

/// The built-in colour themes, by name (a deck, the config file or `--theme` chooses one).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Dark or light, from the terminal's background colour, asked of the terminal at start
    /// (dark when it does not answer in time). The default.
    #[default]
    Auto,
    /// Light text on the terminal's dark background.
    Dark,
    /// Dark text on white: for bright rooms and washed-out projectors.
    Light,
    /// Bold white and yellow on black.
    HighContrast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    /// Language tag, e.g. `en`, `fr`; interface strings follow it.
    pub language: String,
    /// Planned length in minutes.
    pub minutes: Option<f64>,
    pub content_note: Option<String>,
    pub support: Vec<String>,
    pub author: Option<String>,
    /// The deck's preferred theme (a `--theme` flag wins; it wins over the config file).
    #[serde(default)]
    pub theme: Option<ThemeName>,
    /// The deck file of this deck in another language (relative to this deck's folder).
    #[serde(default)]
    pub translation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub title: String,
    pub disclaimer: Option<String>,
    /// The disclaimer in a few words, for a panel with little room (`None`: the disclaimer).
    #[serde(default)]
    pub short_disclaimer: Option<String>,
    pub groups: Vec<Group>,
    pub flags: Vec<Flag>,
    pub frameworks: Vec<Framework>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub question: Option<String>,
    pub items: Vec<Item>,
    /// The frameworks (indices into `Checklist::frameworks`) this group belongs to; empty: all.
    #[serde(default)]
    pub frameworks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub label: String,
    /// A shorter label for the panel when room is short (`None`: `label`).
    #[serde(default)]
    pub short: Option<String>,
    /// The frameworks this item belongs to; empty: all (of its group's).
    #[serde(default)]
    pub frameworks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    pub id: String,
    pub label: String,
    /// A shorter label for the panel when room is short (`None`: `label`).
    #[serde(default)]
    pub short: Option<String>,
    /// The frameworks this flag belongs to; empty: all.
    #[serde(default)]
    pub frameworks: Vec<usize>,
}

/// Whether a `frameworks` list (empty: all) includes framework `fw`.
pub fn in_frameworks(list: &[usize], fw: usize) -> bool {
    list.is_empty() || list.contains(&fw)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub id: String,
    pub label: String,
    pub rules: Vec<Rule>,
    /// Questions that replace a group's own under this framework: (group index, question).
    #[serde(default)]
    pub questions: Vec<(usize, String)>,
}

/// What a rule can ask for: a group (at least one of its items ticked) or one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cond {
    /// Group `.0` has a ticked item.
    Group(usize),
    /// Item `.1` of group `.0` is ticked.
    Item(usize, usize),
}

/// One rule: matches when every condition in `all` holds, at least one in `any` holds (when
/// `any` is not empty) and every flag in `flags` is set. Indices point into
/// `Checklist::groups` / `Checklist::flags`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub all: Vec<Cond>,
    #[serde(default)]
    pub any: Vec<Cond>,
    pub flags: Vec<usize>,
    pub say: String,
    pub level: Level,
}

impl Rule {
    /// A rule with no conditions: the fallback.
    pub fn is_fallback(&self) -> bool {
        self.all.is_empty() && self.any.is_empty() && self.flags.is_empty()
    }
}

/// One slide. The fields most slides leave out are behind one box ([`Slide::extras`]): a plain
/// slide is 144 bytes, not the 320 it was with every field inline, and its strings are
/// [`CompactString`]s, which keep up to 24 bytes (ids, sections, titles, short bullets) inline
/// instead of in an allocation of their own. Serialised (the wire) exactly as the flat struct of
/// all sixteen fields, in the same order.
#[derive(Debug, Clone)]
pub struct Slide {
    pub id: CompactString,
    pub section: Option<CompactString>,
    pub kind: SlideKind,
    pub title: CompactString,
    /// Paragraphs (the body split at blank lines).
    pub body: Vec<CompactString>,
    pub bullets: Vec<Bullet>,
    /// Reveal bullets one per step.
    pub reveal: bool,
    /// Speaker notes: presenter only, never sent to followers.
    pub notes: Option<CompactString>,
    /// Whether the elements checklist belongs to this slide.
    pub checklist: bool,
    /// The rest (subtitle, columns, callout, minutes, prompts, answer key, debrief); `None`
    /// when all of them are empty (build it with [`Extras::boxed`]). Read it through
    /// [`Slide::extras`] or the accessors ([`Slide::prompts`], …).
    pub extras: Option<Box<Extras>>,
}

/// The fields of a [`Slide`] that most slides leave out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    pub subtitle: Option<CompactString>,
    pub columns: Vec<Column>,
    pub callout: Option<Callout>,
    pub minutes: Option<f64>,
    pub prompts: Vec<Prompt>,
    /// Answer key: (group index, item index) pairs. Presenter only until revealed.
    pub answer: Option<Answer>,
    pub debrief: Option<CompactString>,
}

/// What [`Slide::extras`] reads when a slide has none.
static NO_EXTRAS: Extras = Extras {
    subtitle: None,
    columns: Vec::new(),
    callout: None,
    minutes: None,
    prompts: Vec::new(),
    answer: None,
    debrief: None,
};

impl Extras {
    /// Whether every field is empty (what a slide without extras reads).
    pub fn is_empty(&self) -> bool {
        let Extras {
            subtitle,
            columns,
            callout,
            minutes,
            prompts,
            answer,
            debrief,
        } = self;
        subtitle.is_none()
            && columns.is_empty()
            && callout.is_none()
            && minutes.is_none()
            && prompts.is_empty()
            && answer.is_none()
            && debrief.is_none()
    }

    /// For [`Slide::extras`]: boxed, or `None` when empty.
    pub fn boxed(self) -> Option<Box<Extras>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

impl Slide {
    /// The slide's less common fields (all empty when it has none).
    pub fn extras(&self) -> &Extras {
        self.extras.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// The less common fields, to change (boxed on first use).
    pub fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_default()
    }

    pub fn subtitle(&self) -> Option<&str> {
        self.extras().subtitle.as_deref()
    }

    pub fn columns(&self) -> &[Column] {
        &self.extras().columns
    }

    pub fn callout(&self) -> Option<&Callout> {
        self.extras().callout.as_ref()
    }

    /// Planned minutes.
    pub fn minutes(&self) -> Option<f64> {
        self.extras().minutes
    }

    pub fn prompts(&self) -> &[Prompt] {
        &self.extras().prompts
    }

    /// Answer key: presenter only until revealed.
    pub fn answer(&self) -> Option<&Answer> {
        self.extras().answer.as_ref()
    }

    pub fn debrief(&self) -> Option<&str> {
        self.extras().debrief.as_deref()
    }
}

/// Equal when every field is: a slide whose extras were emptied equals one that has none.
impl PartialEq for Slide {
    fn eq(&self, o: &Self) -> bool {
        let Slide {
            id,
            section,
            kind,
            title,
            body,
            bullets,
            reveal,
            notes,
            checklist,
            extras: _,
        } = self;
        *id == o.id
            && *section == o.section
            && *kind == o.kind
            && *title == o.title
            && *body == o.body
            && *bullets == o.bullets
            && *reveal == o.reveal
            && *notes == o.notes
            && *checklist == o.checklist
            && self.extras() == o.extras()
    }
}

/// A slide as it is serialised: every field, flat, in this order (the wire format).
#[derive(Serialize)]
#[serde(rename = "Slide")]
struct SlideOut<'a> {
    id: &'a str,
    section: Option<&'a str>,
    kind: SlideKind,
    title: &'a str,
    subtitle: Option<&'a str>,
    body: &'a [CompactString],
    bullets: &'a [Bullet],
    reveal: bool,
    columns: &'a [Column],
    callout: Option<&'a Callout>,
    notes: Option<&'a str>,
    minutes: Option<f64>,
    prompts: &'a [Prompt],
    checklist: bool,
    answer: Option<&'a Answer>,
    debrief: Option<&'a str>,
}

/// A slide as it is read (the wire format): [`SlideOut`]'s fields.
#[derive(Deserialize)]
#[serde(rename = "Slide")]
struct SlideIn {
    id: CompactString,
    section: Option<CompactString>,
    kind: SlideKind,
    title: CompactString,
    subtitle: Option<CompactString>,
    body: Vec<CompactString>,
    bullets: Vec<Bullet>,
    reveal: bool,
    columns: Vec<Column>,
    callout: Option<Callout>,
    notes: Option<CompactString>,
    minutes: Option<f64>,
    prompts: Vec<Prompt>,
    checklist: bool,
    answer: Option<Answer>,
    debrief: Option<CompactString>,
}

impl Serialize for Slide {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let x = self.extras();
        SlideOut {
            id: &self.id,
            section: self.section.as_deref(),
            kind: self.kind,
            title: &self.title,
            subtitle: x.subtitle.as_deref(),
            body: &self.body,
            bullets: &self.bullets,
            reveal: self.reveal,
            columns: &x.columns,
            callout: x.callout.as_ref(),
            notes: self.notes.as_deref(),
            minutes: x.minutes,
            prompts: &x.prompts,
            checklist: self.checklist,
            answer: x.answer.as_ref(),
            debrief: x.debrief.as_deref(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Slide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = SlideIn::deserialize(deserializer)?;
        Ok(Slide {
            id: s.id,
            section: s.section,
            kind: s.kind,
            title: s.title,
            body: s.body,
            bullets: s.bullets,
            reveal: s.reveal,
            notes: s.notes,
            checklist: s.checklist,
            extras: Extras {
                subtitle: s.subtitle,
                columns: s.columns,
                callout: s.callout,
                minutes: s.minutes,
                prompts: s.prompts,
                answer: s.answer,
                debrief: s.debrief,
            }
            .boxed(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Answer {
    /// The items the key expects: (group index, item index).
    pub items: Vec<(usize, usize)>,
    /// The flags the key expects.
    pub flags: Vec<usize>,
    /// Items a group could fairly tick too (a matter of judgement): "also fair", not "extra".
    #[serde(default)]
    pub defensible: Vec<(usize, usize)>,
    /// Flags a group could fairly set too.
    #[serde(default)]
    pub defensible_flags: Vec<usize>,
    /// Keys that replace this one under a framework whose law reads the case differently:
    /// (framework index, key). Their own `by_framework` is empty.
    #[serde(default)]
    pub by_framework: Vec<(usize, Answer)>,
}

impl Answer {
    /// The key under framework `fw`: its own key if it has one, else this one.
    pub fn for_framework(&self, fw: usize) -> &Answer {
        self.by_framework
            .iter()
            .find(|(f, _)| *f == fw)
            .map_or(self, |(_, a)| a)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bullet {
    pub text: CompactString,
    pub children: Vec<CompactString>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub heading: CompactString,
    pub bullets: Vec<Bullet>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Callout {
    /// `None`: the interface's "Did you know?" in the deck's language.
    pub label: Option<CompactString>,
    pub text: CompactString,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    /// A discussion (the default) or a break.
    #[serde(default)]
    pub kind: PromptKind,
    pub text: CompactString,
    pub minutes: Option<f64>,
    pub follow_ups: Vec<CompactString>,
}

/// What one press of "next" reveals on a slide. Step 0 is the slide as it first appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// The slide's base content; with `reveal`, the first `n` bullets are visible.
    Bullets(usize),
    /// Prompt `i` is visible (and every earlier one).
    Prompt(usize),
    /// Follow-up `j` of prompt `i` is visible.
    FollowUp(usize, usize),
    /// The debrief box of a case.
    Debrief,
}

impl Slide {
    /// Number of steps on this slide (at least 1).
    pub fn step_count(&self) -> usize {
        let bullets = if self.reveal {
            self.bullets.len().max(1)
        } else {
            1
        };
        let prompts: usize = self.prompts().iter().map(|p| 1 + p.follow_ups.len()).sum();
        bullets + prompts + usize::from(self.debrief().is_some())
    }

    /// The step at index `i` (clamped to the last step).
    pub fn step(&self, i: usize) -> Step {
        let i = i.min(self.step_count() - 1);
        let bullet_steps = if self.reveal {
            self.bullets.len().max(1)
        } else {
            1
        };
        if i < bullet_steps {
            return Step::Bullets(if self.reveal {
                i + 1
            } else {
                self.bullets.len()
            });
        }
        let mut k = i - bullet_steps;
        for (pi, p) in self.prompts().iter().enumerate() {
            if k == 0 {
                return Step::Prompt(pi);
            }
            k -= 1;
            if k < p.follow_ups.len() {
                return Step::FollowUp(pi, k);
            }
            k -= p.follow_ups.len();
        }
        Step::Debrief
    }

    /// What is visible at step `i`: (bullets shown, prompts shown, follow-ups shown of the last
    /// shown prompt, debrief shown).
    pub fn visible(&self, i: usize) -> Visible {
        let last = self.step_count() - 1;
        let i = i.min(last);
        let all_bullets = self.bullets.len();
        let bullet_steps = if self.reveal { all_bullets.max(1) } else { 1 };
        if i < bullet_steps {
            let n = if self.reveal { i + 1 } else { all_bullets };
            return Visible {
                bullets: n.min(all_bullets),
                prompts: 0,
                follow_ups: 0,
                debrief: false,
            };
        }
        let mut k = i - bullet_steps;
        let mut v = Visible {
            bullets: all_bullets,
            prompts: 0,
            follow_ups: 0,
            debrief: false,
        };
        for p in self.prompts() {
            // This prompt is visible.
            v.prompts += 1;
            v.follow_ups = 0;
            if k == 0 {
                return v;
            }
            k -= 1;
            if k < p.follow_ups.len() {
                v.follow_ups = k + 1;
                return v;
            }
            k -= p.follow_ups.len();
            v.follow_ups = p.follow_ups.len();
        }
        v.debrief = self.debrief().is_some();
        v
    }

    /// True when all the slide's content is visible (the callout shows from then on).
    pub fn all_bullets_visible(&self, i: usize) -> bool {
        self.visible(i).bullets >= self.bullets.len()
    }
}

/// The result of [`Slide::visible`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Visible {
    pub bullets: usize,
    pub prompts: usize,
    /// Follow-ups visible for the *last* visible prompt (earlier prompts show all of theirs).
    pub follow_ups: usize,
    pub debrief: bool,
}

impl Deck {
    /// The total of per-slide planned minutes.
    pub fn planned_minutes(&self) -> f64 {
        self.slides.iter().filter_map(Slide::minutes).sum()
    }

    /// Index of a slide by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.slides.iter().position(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slide(bullets: usize, reveal: bool, prompts: &[usize], debrief: bool) -> Slide {
        Slide {
            id: "s".into(),
            section: None,
            kind: SlideKind::Content,
            title: "t".into(),
            body: vec![],
            bullets: (0..bullets)
                .map(|i| Bullet {
                    text: compact_str::format_compact!("b{i}"),
                    children: vec![],
                })
                .collect(),
            reveal,
            notes: None,
            checklist: false,
            extras: Extras {
                prompts: prompts
                    .iter()
                    .map(|&f| Prompt {
                        kind: PromptKind::Discuss,
                        text: "p".into(),
                        minutes: Some(1.0),
                        follow_ups: vec!["f".into(); f],
                    })
                    .collect(),
                debrief: debrief.then(|| "d".into()),
                ..Extras::default()
            }
            .boxed(),
        }
    }

    #[test]
    fn steps_without_reveal() {
        let s = slide(3, false, &[], false);
        assert_eq!(s.step_count(), 1);
        assert_eq!(s.visible(0).bullets, 3);
        assert_eq!(s.step(0), Step::Bullets(3));
    }

    #[test]
    fn steps_with_reveal_prompts_follow_ups_and_debrief() {
        let s = slide(3, true, &[2, 0], true);
        // 3 bullets + (1 + 2) + (1 + 0) + debrief
        assert_eq!(s.step_count(), 8);
        assert_eq!(s.visible(0).bullets, 1);
        assert_eq!(s.visible(2).bullets, 3);
        assert_eq!(s.step(3), Step::Prompt(0));
        assert_eq!(s.visible(3).prompts, 1);
        assert_eq!(s.step(4), Step::FollowUp(0, 0));
        assert_eq!(s.visible(5).follow_ups, 2);
        assert_eq!(s.step(6), Step::Prompt(1));
        assert_eq!(s.visible(6).prompts, 2);
        assert_eq!(s.visible(6).follow_ups, 0);
        assert_eq!(s.step(7), Step::Debrief);
        assert!(s.visible(7).debrief);
        // Clamped past the end.
        assert!(s.visible(100).debrief);
    }

    #[test]
    fn reveal_with_no_bullets_still_has_a_step() {
        let s = slide(0, true, &[], false);
        assert_eq!(s.step_count(), 1);
        assert_eq!(s.visible(0).bullets, 0);
    }
}

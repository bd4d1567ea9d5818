//! The loader: bytes → [`DeckFile`] (serde, with spans) → validated [`Deck`], or diagnostics.
//!
//! Knows nothing about terminals. Every string is sanitised here, once, so nothing downstream
//! (rendering, the follower wire, exports) can be handed a control character.

use super::diag::{Diagnostic, did_you_mean};
use super::model::*;
use super::sanitize::{clean, clean_line};
use super::source::*;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

/// Decks larger than this are refused before parsing (the bundled deck is ~100 KB; a
/// 10,000-slide deck is a few MB).
pub const MAX_DECK_BYTES: usize = 16 * 1024 * 1024;

/// A deck that loaded, with any warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub deck: Deck,
    pub warnings: Vec<Diagnostic>,
}

/// Why a deck did not load: either the file could not be read as text, or the text has errors
/// (with their spans into `source`).
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    /// Problems found in `source` (errors first, warnings too).
    Invalid {
        source: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// Human-readable rendering of every problem, for stderr.
    pub fn render(&self, file: &str, color: bool) -> String {
        match self {
            LoadError::Io(e) => format!("error: cannot read {file}: {e}\n"),
            LoadError::Invalid {
                source,
                diagnostics,
            } => render_all(diagnostics, file, source, color),
        }
    }

    /// The first error as one line, `file:line:col: message` (for the live-reload status line).
    pub fn one_line(&self, file: &str) -> String {
        match self {
            LoadError::Io(e) => format!("{file}: {e}"),
            LoadError::Invalid {
                source,
                diagnostics,
            } => {
                let d = diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .or(diagnostics.first());
                match d {
                    Some(d) => match d.line_col(source) {
                        Some((l, c)) => format!("{file}:{l}:{c}: {}", d.message),
                        None => format!("{file}: {}", d.message),
                    },
                    None => format!("{file}: invalid deck"),
                }
            }
        }
    }
}

/// Render a list of diagnostics, one after another, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], file: &str, source: &str, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render(file, source, color));
        out.push_str("\n\n");
    }
    out
}

/// Read and load a deck file.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(LoadError::Io)?;
    load_bytes(&bytes)
}

/// Load a deck from raw bytes: refuses oversized input and invalid UTF-8 with a located error.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() > MAX_DECK_BYTES {
        return Err(LoadError::Invalid {
            source: String::new(),
            diagnostics: vec![
                Diagnostic::error(format!(
                    "the deck is {} MB; convene reads decks of at most {} MB",
                    bytes.len() / (1024 * 1024),
                    MAX_DECK_BYTES / (1024 * 1024)
                ))
                .hint("is this the right file? split a very large deck into several decks"),
            ],
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // Show the text up to the bad byte so the location has a source line.
            let source = String::from_utf8_lossy(bytes).into_owned();
            let offset = String::from_utf8_lossy(good).len();
            Err(LoadError::Invalid {
                diagnostics: vec![
                    Diagnostic::error("the deck is not valid UTF-8 text")
                        .at(offset..offset + 1)
                        .label("this byte is not UTF-8")
                        .hint("save the file as UTF-8 in your editor (\"Save with encoding\")"),
                ],
                source,
            })
        }
    }
}

/// Load a deck from text.
pub fn load_str(text: &str) -> Result<Loaded, LoadError> {
    let invalid = |diagnostics| LoadError::Invalid {
        source: text.to_owned(),
        diagnostics,
    };
    let file: DeckFile = toml::from_str(text).map_err(|e| invalid(vec![from_toml_error(&e, text)]))?;
    let mut cx = Cx::default();
    let deck = cx.convert(file);
    if cx.diags.iter().any(Diagnostic::is_error) {
        cx.diags.sort_by_key(|d| !d.is_error());
        return Err(invalid(cx.diags));
    }
    Ok(Loaded {
        deck,
        warnings: cx.diags,
    })
}

/// Turn a toml/serde error into a diagnostic with a span, a cleaned message and a hint.
fn from_toml_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let raw = e.message().trim().to_owned();
    let mut d = Diagnostic::error(first_clause(&raw));
    if let Some(span) = e.span() {
        d = d.at(span);
    } else if !text.is_empty() {
        d = d.at(0..0);
    }
    if let Some(hint) = hint_for(&raw) {
        d = d.hint(hint);
    }
    d
}

/// toml's messages put the expected list after the first comma; keep the message short and move
/// the alternatives into the hint.
fn first_clause(raw: &str) -> String {
    if raw.starts_with("unknown field") || raw.starts_with("unknown variant") {
        raw.split(", expected").next().unwrap_or(raw).to_owned()
    } else {
        raw.to_owned()
    }
}

fn hint_for(raw: &str) -> Option<String> {
    let backticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let (word, expected) = names.split_first()?;
        return Some(match did_you_mean(word, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("allowed here: {}", join_ticked(expected)),
        });
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        let (word, expected) = names.split_first()?;
        return Some(match did_you_mean(word, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? (one of {})", join_ticked(expected)),
            None => format!("use one of {}", join_ticked(expected)),
        });
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let name = backticked(rest).into_iter().next()?;
        return Some(match name.as_str() {
            "format" => "add `format = 1` as the first line of the deck".to_owned(),
            "deck" => "add a `[deck]` table with at least `title = \"…\"`".to_owned(),
            _ => format!("add `{name} = …` to this table"),
        });
    }
    if raw.starts_with("invalid type") {
        return Some(
            "check the value's type: text goes in \"quotes\", lists in [brackets], numbers bare"
                .to_owned(),
        );
    }
    if raw.contains("duplicate key") {
        return Some("each key may appear once per table; remove or rename one".to_owned());
    }
    if raw.contains("invalid string") || raw.contains("missing") && raw.contains("quote") {
        return Some("text values need matching \"quotes\"; use \"\"\"…\"\"\" for several lines".to_owned());
    }
    Some("see docs/deck-format.md for the deck format".to_owned())
}

fn join_ticked(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Conversion context: collects diagnostics.
#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

impl Cx {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn check_id(&mut self, what: &str, id: &Spanned<String>) {
        if !valid_id(id.get_ref()) {
            self.err(
                Diagnostic::error(format!("{what} id `{}` is not a valid id", clean_line(id.get_ref())))
                    .at(id.span())
                    .label("use letters, digits, `-` or `_`")
                    .hint("ids name things in answer keys, journals and links: e.g. `case-rosa`"),
            );
        }
    }

    fn minutes(&mut self, m: &Option<Spanned<f64>>) -> Option<f64> {
        let m = m.as_ref()?;
        let v = *m.get_ref();
        if !v.is_finite() || v < 0.0 || v > 24.0 * 60.0 {
            self.err(
                Diagnostic::error(format!("minutes must be between 0 and 1440, not {v}"))
                    .at(m.span())
                    .hint("planned minutes are a number like `5` or `2.5`"),
            );
            return None;
        }
        Some(v)
    }

    fn convert(&mut self, file: DeckFile) -> Deck {
        if *file.format.get_ref() != 1 {
            self.err(
                Diagnostic::error(format!(
                    "unsupported deck format {}; this version of convene reads format 1",
                    file.format.get_ref()
                ))
                .at(file.format.span())
                .hint("write `format = 1`, or update convene to read newer decks"),
            );
        }
        let meta = self.meta(file.deck);
        let checklist = file.checklist.map(|c| self.checklist(c));
        let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        let mut slides = Vec::with_capacity(file.slides.len());
        for s in file.slides {
            if let Some(first) = seen.get(s.id.get_ref()) {
                let (line, _) = (first.start, first.end);
                let _ = line;
                self.err(
                    Diagnostic::error(format!("duplicate slide id `{}`", clean_line(s.id.get_ref())))
                        .at(s.id.span())
                        .label("this id is already used by an earlier slide")
                        .hint("give every slide its own id, e.g. add `-2`"),
                );
            } else {
                seen.insert(s.id.get_ref().clone(), s.id.span());
            }
            slides.push(self.slide(s, checklist.as_ref()));
        }
        if slides.is_empty() {
            self.err(
                Diagnostic::error("the deck has no slides")
                    .at(0..0)
                    .hint("add a slide: a `[[slides]]` table with `id` and `title`"),
            );
        }
        let deck = Deck {
            meta,
            checklist,
            slides,
        };
        self.deck_warnings(&deck);
        deck
    }

    fn meta(&mut self, m: Spanned<MetaSrc>) -> Meta {
        let span = m.span();
        let m = m.into_inner();
        if m.title.trim().is_empty() {
            self.err(
                Diagnostic::error("the deck title is empty")
                    .at(span.start..span.start)
                    .hint("set `title = \"…\"` under `[deck]`"),
            );
        }
        let language = match &m.language {
            Some(l) => {
                let v = clean_line(l.get_ref());
                if !matches!(v.as_str(), "en" | "fr") {
                    self.diags.push(
                        Diagnostic::warning(format!("no interface translation for language `{v}`"))
                            .at(l.span())
                            .hint("interface text (status line, help) will be in English; `en` and `fr` are built in"),
                    );
                }
                v
            }
            None => "en".to_owned(),
        };
        Meta {
            title: clean_line(&m.title),
            subtitle: m.subtitle.as_deref().map(clean_line),
            language,
            minutes: self.minutes(&m.minutes),
            content_note: m.content_note.as_deref().map(clean),
            support: m.support.iter().map(|s| clean_line(s)).collect(),
            author: m.author.as_deref().map(clean_line),
        }
    }

    fn checklist(&mut self, c: Spanned<ChecklistSrc>) -> Checklist {
        let span = c.span();
        let c = c.into_inner();
        let mut groups = Vec::new();
        let mut group_ids: Vec<String> = Vec::new();
        for g in &c.groups {
            self.check_id("group", &g.id);
            if group_ids.contains(g.id.get_ref()) {
                self.err(
                    Diagnostic::error(format!("duplicate checklist group `{}`", g.id.get_ref()))
                        .at(g.id.span())
                        .hint("each group needs its own id"),
                );
            }
            group_ids.push(g.id.get_ref().clone());
            let mut items: Vec<Item> = Vec::new();
            for it in g.items.get_ref() {
                self.check_id("item", &it.id);
                if items.iter().any(|x| &x.id == it.id.get_ref()) {
                    self.err(
                        Diagnostic::error(format!(
                            "duplicate item `{}` in group `{}`",
                            it.id.get_ref(),
                            g.id.get_ref()
                        ))
                        .at(it.id.span())
                        .hint("each item in a group needs its own id"),
                    );
                }
                items.push(Item {
                    id: it.id.get_ref().clone(),
                    label: clean_line(&it.label),
                });
            }
            if items.is_empty() {
                self.err(
                    Diagnostic::error(format!("checklist group `{}` has no items", g.id.get_ref()))
                        .at(g.items.span())
                        .hint("add items like `{ id = \"recruitment\", label = \"Recruitment\" }`"),
                );
            }
            groups.push(Group {
                id: g.id.get_ref().clone(),
                label: clean_line(&g.label),
                question: g.question.as_deref().map(clean_line),
                items,
            });
        }
        if groups.is_empty() {
            self.err(
                Diagnostic::error("the checklist has no groups")
                    .at(span.start..span.start)
                    .hint("add `[[checklist.groups]]` tables (e.g. ACT, MEANS, PURPOSE)"),
            );
        }
        let mut flags: Vec<Flag> = Vec::new();
        for f in &c.flags {
            self.check_id("flag", &f.id);
            if flags.iter().any(|x| &x.id == f.id.get_ref()) {
                self.err(
                    Diagnostic::error(format!("duplicate checklist flag `{}`", f.id.get_ref()))
                        .at(f.id.span())
                        .hint("each flag needs its own id"),
                );
            }
            flags.push(Flag {
                id: f.id.get_ref().clone(),
                label: clean_line(&f.label),
            });
        }
        let mut frameworks: Vec<Framework> = Vec::new();
        for fw in &c.frameworks {
            self.check_id("framework", &fw.id);
            if frameworks.iter().any(|x| &x.id == fw.id.get_ref()) {
                self.err(
                    Diagnostic::error(format!("duplicate framework `{}`", fw.id.get_ref()))
                        .at(fw.id.span())
                        .hint("each framework needs its own id"),
                );
            }
            let mut rules = Vec::new();
            for r in fw.rules.get_ref() {
                let all = r
                    .all
                    .iter()
                    .filter_map(|g| {
                        self.resolve(g, &group_ids, "group", "checklist group")
                    })
                    .collect::<Vec<_>>();
                let flag_ids: Vec<String> = flags.iter().map(|f| f.id.clone()).collect();
                let fl = r
                    .flags
                    .iter()
                    .filter_map(|f| self.resolve(f, &flag_ids, "flag", "checklist flag"))
                    .collect::<Vec<_>>();
                let conditional = !r.all.is_empty() || !r.flags.is_empty();
                rules.push(Rule {
                    all,
                    flags: fl,
                    say: clean_line(&r.say),
                    level: r.level.unwrap_or(if conditional {
                        Level::Indicated
                    } else {
                        Level::Incomplete
                    }),
                });
            }
            let has_fallback = fw
                .rules
                .get_ref()
                .last()
                .is_some_and(|r| r.all.is_empty() && r.flags.is_empty());
            if !has_fallback {
                self.err(
                    Diagnostic::error(format!(
                        "framework `{}` has no fallback rule",
                        fw.id.get_ref()
                    ))
                    .at(fw.rules.span())
                    .label("the last rule must have no conditions")
                    .hint("end the rules with `{ say = \"Not all elements identified yet.\" }`"),
                );
            }
            frameworks.push(Framework {
                id: fw.id.get_ref().clone(),
                label: clean_line(&fw.label),
                rules,
            });
        }
        if frameworks.is_empty() {
            self.err(
                Diagnostic::error("the checklist has no frameworks")
                    .at(span.start..span.start)
                    .hint("add a `[[checklist.frameworks]]` table with ordered rules"),
            );
        }
        Checklist {
            title: clean_line(&c.title),
            disclaimer: c.disclaimer.as_deref().map(clean_line),
            groups,
            flags,
            frameworks,
        }
    }

    /// Resolve an id against a list, with a did-you-mean error when unknown.
    fn resolve(
        &mut self,
        id: &Spanned<String>,
        known: &[String],
        what: &str,
        long: &str,
    ) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| k == id.get_ref()) {
            return Some(i);
        }
        let hint = match did_you_mean(id.get_ref(), known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => format!("the checklist defines no {what}s"),
            None => format!(
                "known {what}s: {}",
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        self.err(
            Diagnostic::error(format!("unknown {long} `{}`", clean_line(id.get_ref())))
                .at(id.span())
                .hint(hint),
        );
        None
    }

    fn bullets(list: &[BulletSrc]) -> Vec<Bullet> {
        list.iter()
            .map(|b| Bullet {
                text: clean_line(&b.text),
                children: b.bullets.iter().map(|c| clean_line(c)).collect(),
            })
            .collect()
    }

    fn slide(&mut self, s: SlideSrc, checklist: Option<&Checklist>) -> Slide {
        self.check_id("slide", &s.id);
        let body: Vec<String> = s
            .body
            .as_deref()
            .map(|b| {
                clean(b)
                    .split("\n\n")
                    .map(|p| {
                        p.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let title = s.title.as_deref().map(clean_line).unwrap_or_default();
        let bullets = Self::bullets(&s.bullets);
        let columns: Vec<Column> = s
            .columns
            .iter()
            .map(|c| Column {
                heading: clean_line(&c.heading),
                bullets: Self::bullets(&c.bullets),
            })
            .collect();
        let callout = s.callout.as_ref().map(|c| Callout {
            label: c.label.as_deref().map(clean_line),
            text: clean(&c.text).split_whitespace().collect::<Vec<_>>().join(" "),
        });
        let prompts: Vec<Prompt> = s
            .prompts
            .iter()
            .map(|p| Prompt {
                text: clean_line(&p.text),
                minutes: self.minutes(&p.minutes),
                follow_ups: p.follow_ups.iter().map(|f| clean_line(f)).collect(),
            })
            .collect();
        let empty = title.trim().is_empty()
            && body.is_empty()
            && bullets.is_empty()
            && columns.is_empty()
            && callout.is_none()
            && prompts.is_empty()
            && s.subtitle.is_none();
        if empty {
            self.err(
                Diagnostic::error(format!("slide `{}` has nothing to show", clean_line(s.id.get_ref())))
                    .at(s.id.span())
                    .hint("give it a `title`, a `body`, `bullets`, `columns`, a `callout` or `prompts`"),
            );
        }
        let show_checklist = s
            .checklist
            .as_ref()
            .map_or(s.kind == SlideKind::Case, |c| *c.get_ref());
        if let (Some(c), None) = (&s.checklist, checklist) {
            if *c.get_ref() {
                self.err(
                    Diagnostic::error("`checklist = true` but the deck has no `[checklist]`")
                        .at(c.span())
                        .hint("define the checklist under `[checklist]`, or remove this line"),
                );
            }
        }
        let answer = if s.answer.is_empty() && s.answer_flags.is_empty() {
            None
        } else {
            match checklist {
                None => {
                    let span = s
                        .answer
                        .first()
                        .or(s.answer_flags.first())
                        .map(|a| a.span())
                        .unwrap_or(0..0);
                    self.err(
                        Diagnostic::error("an answer key needs the deck's `[checklist]`")
                            .at(span)
                            .hint("define the checklist under `[checklist]`, or remove `answer`"),
                    );
                    None
                }
                Some(cl) => Some(self.answer(&s, cl)),
            }
        };
        if let Some(r) = &s.reveal {
            if *r.get_ref() && s.bullets.is_empty() {
                self.diags.push(
                    Diagnostic::warning("`reveal = true` on a slide without bullets does nothing")
                        .at(r.span())
                        .hint("reveal shows `bullets` one per step; remove the line or add bullets"),
                );
            }
        }
        Slide {
            id: s.id.get_ref().clone(),
            section: s.section.as_deref().map(clean_line),
            kind: s.kind,
            title,
            subtitle: s.subtitle.as_deref().map(clean_line),
            body,
            bullets,
            reveal: s.reveal.as_ref().is_some_and(|r| *r.get_ref()),
            columns,
            callout,
            notes: s.notes.as_deref().map(clean),
            minutes: self.minutes(&s.minutes),
            prompts,
            checklist: show_checklist && checklist.is_some(),
            answer,
            debrief: s.debrief.as_deref().map(clean_line),
        }
    }

    fn answer(&mut self, s: &SlideSrc, cl: &Checklist) -> Answer {
        let all_items: Vec<String> = cl
            .groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| format!("{}.{}", g.id, i.id)))
            .collect();
        let mut items = Vec::new();
        for a in &s.answer {
            let found = a.get_ref().split_once('.').and_then(|(g, i)| {
                let gi = cl.groups.iter().position(|x| x.id == g)?;
                let ii = cl.groups[gi].items.iter().position(|x| x.id == i)?;
                Some((gi, ii))
            });
            match found {
                Some(p) => items.push(p),
                None => {
                    let hint = match did_you_mean(a.get_ref(), all_items.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "answer keys name items as `group.item`, e.g. `act.recruitment`".to_owned(),
                    };
                    self.err(
                        Diagnostic::error(format!(
                            "answer key names unknown checklist item `{}`",
                            clean_line(a.get_ref())
                        ))
                        .at(a.span())
                        .hint(hint),
                    );
                }
            }
        }
        let flag_ids: Vec<String> = cl.flags.iter().map(|f| f.id.clone()).collect();
        let flags = s
            .answer_flags
            .iter()
            .filter_map(|f| self.resolve(f, &flag_ids, "flag", "checklist flag"))
            .collect();
        Answer { items, flags }
    }

    fn deck_warnings(&mut self, deck: &Deck) {
        let _ = deck;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        match load_str(text) {
            Err(LoadError::Invalid { diagnostics, .. }) => diagnostics,
            Err(e) => panic!("{e:?}"),
            Ok(l) => panic!("loaded: {:?}", l.deck.meta.title),
        }
    }

    const MIN: &str = "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n";

    #[test]
    fn minimal_deck_loads() {
        let l = load_str(MIN).expect("loads");
        assert_eq!(l.deck.slides.len(), 1);
        assert_eq!(l.deck.meta.language, "en");
    }

    #[test]
    fn unknown_field_has_suggestion() {
        let e = errors(&MIN.replace("title = \"A\"", "titel = \"A\""));
        assert_eq!(e[0].message, "unknown field `titel`");
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn duplicate_ids() {
        let text = format!("{MIN}[[slides]]\nid = \"a\"\ntitle = \"B\"\n");
        let e = errors(&text);
        assert_eq!(e[0].message, "duplicate slide id `a`");
        assert_eq!(e[0].line_col(&text), Some((8, 6)));
    }

    #[test]
    fn text_is_sanitised() {
        let l = load_str(&MIN.replace("\"A\"", "\"A\\u001b[2J\\u202E!\"")).expect("loads");
        assert_eq!(l.deck.slides[0].title, "A!");
    }
}

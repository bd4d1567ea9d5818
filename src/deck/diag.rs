//! Diagnostics: what is wrong with a deck, where, and what to do about it.
//!
//! A [`Diagnostic`] holds a byte span into the deck source; [`Diagnostic::render`] prints it the
//! way rustc does (annotate-snippets): `error: …`, ` --> file:line:col`, the source line with a
//! caret, and a `help:` line. Nothing here knows about terminals beyond "colour or not".

use super::sanitize::clean_line;
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source; `None` for whole-file problems.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Short text under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Other places that explain the problem (e.g. the first use of a duplicated id), each with
    /// its own label.
    #[serde(skip)]
    pub related: Vec<(Range<usize>, String)>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: clean_line(&message.into()),
            span: None,
            label: None,
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(clean_line(&label.into()));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(clean_line(&hint.into()));
        self
    }

    /// Point at a second place, with its own label (shown with `-` under it).
    pub fn also(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, clean_line(&label.into())));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span's start, if any.
    pub fn line_col(&self, source: &str) -> Option<(usize, usize)> {
        self.span.as_ref().map(|s| line_col(source, s.start))
    }

    /// Start and end (just past the span) as 1-based (line, column) pairs, using a prebuilt
    /// index (fast for many diagnostics on one large source).
    pub fn location(
        &self,
        source: &str,
        index: &LineIndex,
    ) -> Option<((usize, usize), (usize, usize))> {
        let span = clamp_span(source, self.span.clone()?);
        Some((
            index.line_col(source, span.start),
            index.line_col(source, span.end),
        ))
    }

    /// Render for a human, rustc style. `color` adds ANSI styles.
    pub fn render(&self, file: &str, source: &str, color: bool) -> String {
        self.render_with(file, source, &LineIndex::new(source), color)
    }

    /// Like [`Diagnostic::render`], with a line index built once for the whole source. Only the
    /// lines around each span are handed to the renderer, so rendering many diagnostics of a
    /// large deck stays fast.
    pub fn render_with(&self, file: &str, source: &str, index: &LineIndex, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let file = clean_line(file);
        let title = level.primary_title(self.message.as_str());
        let mut group = match &self.span {
            Some(span) => {
                // Group the primary span and the related spans into snippets of nearby lines.
                let mut anns = vec![(
                    clamp_span(source, span.clone()),
                    self.label.as_deref(),
                    true,
                )];
                for (span, label) in &self.related {
                    anns.push((
                        clamp_span(source, span.clone()),
                        Some(label.as_str()),
                        false,
                    ));
                }
                let mut clusters: Vec<(usize, usize, Vec<usize>)> = Vec::new();
                for (i, (span, _, _)) in anns.iter().enumerate() {
                    let lo = index.line_of(span.start);
                    let hi = index.line_of(span.end).max(lo);
                    match clusters
                        .iter_mut()
                        .find(|(clo, chi, _)| lo <= *chi + NEAR_LINES && hi + NEAR_LINES >= *clo)
                    {
                        Some(c) => {
                            c.0 = c.0.min(lo);
                            c.1 = c.1.max(hi);
                            c.2.push(i);
                        }
                        None => clusters.push((lo, hi, vec![i])),
                    }
                }
                let mut elements = Vec::new();
                for (lo, hi, members) in clusters {
                    let start = index.line_start(lo);
                    let end = index.line_end(source, hi).max(start);
                    let (slice, shift) = visible(&source[start..end]);
                    let mut snippet = Snippet::source(slice).line_start(lo + 1).path(file.clone());
                    for i in members {
                        let (span, label, primary) = &anns[i];
                        let s = shift(span.start.clamp(start, end) - start);
                        let e = shift(span.end.clamp(start, end) - start);
                        let kind = if *primary {
                            AnnotationKind::Primary
                        } else {
                            AnnotationKind::Context
                        };
                        let mut ann = kind.span(s..e.max(s));
                        if let Some(label) = label {
                            ann = ann.label(*label);
                        }
                        snippet = snippet.annotation(ann);
                    }
                    elements.push(snippet);
                }
                title.elements(elements)
            }
            None => title.element(annotate_snippets::Origin::path(file)),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        renderer.render(&[group])
    }
}

/// Deck text shown in a diagnostic is untrusted: control characters become visible symbols
/// (C0 as Unicode control pictures like `␛`, C1 controls and bidi overrides as `�`), one
/// character for one, so columns do not move. Returns the text and a map from byte offsets in
/// the input to byte offsets in the output.
fn visible(text: &str) -> (String, impl Fn(usize) -> usize + use<>) {
    let mut out = String::with_capacity(text.len());
    // (input offset, growth in bytes after it)
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut growth: isize = 0;
    for (i, c) in text.char_indices() {
        let r = match c {
            '\t' | '\n' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            // Variation selectors are harmless in a snippet (the deck keeps ❤️ readable).
            '\u{FE0E}' | '\u{FE0F}' => c,
            c if super::sanitize::is_stripped(c) => '\u{FFFD}',
            c => c,
        };
        out.push(r);
        if r != c {
            // Sizes of chars are at most 4 bytes, so these casts are exact.
            #[allow(clippy::cast_possible_wrap)]
            let delta = r.len_utf8() as isize - c.len_utf8() as isize;
            growth += delta;
            shifts.push((i + c.len_utf8(), growth));
        }
    }
    let shift = move |offset: usize| {
        let k = shifts.partition_point(|&(at, _)| at <= offset);
        let g = if k == 0 { 0 } else { shifts[k - 1].1 };
        offset.saturating_add_signed(g)
    };
    (out, shift)
}

/// Related spans within this many lines of each other share one source excerpt.
const NEAR_LINES: usize = 6;

/// Line starts of a source, for fast offset → (line, column) lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            len: source.len(),
        }
    }

    /// 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// End of a line's text, without its `\n` or `\r\n`.
    fn line_end(&self, source: &str, line: usize) -> usize {
        let mut end = self.starts.get(line + 1).map_or(self.len, |s| s - 1);
        if end > self.line_start(line) && source.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        floor_char_boundary(source, end)
    }

    /// 1-based (line, column) for a byte offset; the column counts characters.
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        (line + 1, source[start..offset].chars().count() + 1)
    }
}

/// 1-based (line, column) for a byte offset; the column counts characters.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
    start..end
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Words a facilitator may write for an element, and the id the checklists use for it (the
/// Palermo Protocol's own wording: "fraud, deception"; "abuse of power or of a position of
/// vulnerability").
const ELEMENT_SYNONYMS: &[(&str, &str)] = &[
    ("fraud", "deception"),
    ("trickery", "deception"),
    ("lies", "deception"),
    ("lying", "deception"),
    ("deceit", "deception"),
    ("force", "coercion"),
    ("threats", "threat"),
    ("kidnapping", "abduction"),
    ("moving", "transportation"),
    ("transport", "transportation"),
    ("hiring", "recruitment"),
    ("hiding", "harbouring"),
    ("harboring", "harbouring"),
];

/// The closest `group.item` to `word`: within the same group, by the item part (the shared
/// `group.` prefix would make every item of the group look alike), a known synonym first
/// (`means.fraud` → `means.deception`); else [`did_you_mean`] over all.
pub fn did_you_mean_item<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let all: Vec<&'a str> = candidates.into_iter().collect();
    if let Some((group, item)) = word.split_once('.') {
        let same: Vec<(&'a str, &'a str)> = all
            .iter()
            .filter_map(|c| {
                c.split_once('.')
                    .filter(|(g, _)| *g == group)
                    .map(|(_, i)| (*c, i))
            })
            .collect();
        if !same.is_empty() {
            let item = item.to_lowercase();
            if let Some((_, syn)) = ELEMENT_SYNONYMS.iter().find(|(w, _)| *w == item)
                && let Some((c, _)) = same.iter().find(|(_, i)| i == syn)
            {
                return Some(c);
            }
            let best = did_you_mean(&item, same.iter().map(|(_, i)| *i))?;
            return same.iter().find(|(_, i)| *i == best).map(|(c, _)| *c);
        }
    }
    did_you_mean(word, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = "a = 1\nété = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // byte offset of '=' on line 2: "été " is 6 bytes
        assert_eq!(line_col(src, 12), (2, 5));
    }

    #[test]
    fn renders_location_caret_and_help() {
        let src = "format = 1\ntitel = \"x\"\n";
        let d = Diagnostic::error("unknown field `titel`")
            .at(11..16)
            .label("not a deck field")
            .hint("did you mean `title`?");
        let out = d.render("deck.toml", src, false);
        assert!(out.contains("error: unknown field `titel`"), "{out}");
        assert!(out.contains("deck.toml:2:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn renders_related_spans() {
        let src = "id = \"a\"\nid2 = \"a\"\n";
        let d = Diagnostic::error("duplicate")
            .at(15..18)
            .label("second")
            .also(5..8, "first");
        let out = d.render("deck.toml", src, false);
        assert!(out.contains("deck.toml:2:7"), "{out}");
        assert!(out.contains("--- first"), "{out}");
        assert!(out.contains("^^^ second"), "{out}");
    }

    #[test]
    fn renders_odd_sources_without_panicking() {
        for src in ["", "\n", "a\r\nb\r\n", "\0\0", "é"] {
            for span in [0..0, 0..1, 1..1, 0..100, 100..200] {
                let d = Diagnostic::error("x").at(span.clone()).also(span, "y");
                let _ = d.render("f", src, false);
                let _ = d.render("f", src, true);
            }
        }
    }

    #[test]
    fn far_apart_spans_get_their_own_excerpt_and_crlf_is_trimmed() {
        let mut src = String::from("id = \"a\"\r\n");
        for _ in 0..30 {
            src.push_str("x = 1\r\n");
        }
        let second = src.len() + 5;
        src.push_str("id = \"a\"\r\n");
        let d = Diagnostic::error("duplicate")
            .at(second..second + 3)
            .label("again")
            .also(5..8, "first");
        let out = d.render("deck.toml", &src, false);
        assert!(out.contains("--> deck.toml:32:6"), "{out}");
        assert!(out.contains("::: deck.toml:1:6"), "{out}");
        assert!(!out.contains('\r'), "{out:?}");
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let src = "title = \"\u{1b}[2J\u{7}x\u{9b}\"\n";
        let d = Diagnostic::error("bad \u{1b}[31m")
            .at(8..src.len() - 1)
            .label("l\u{1b}")
            .hint("h\u{7}");
        for color in [false, true] {
            let out = d.render("f\u{1b}.toml", src, color);
            let without_styles = anstream::adapter::strip_str(&out).to_string();
            assert!(
                !without_styles.contains('\u{1b}') && !out.contains('\u{7}'),
                "{out:?}"
            );
            assert!(!out.contains('\u{9b}'), "{out:?}");
            assert!(out.contains("␛[2J␇x�"), "{out:?}");
        }
    }

    #[test]
    fn carets_stay_under_the_text_after_control_characters() {
        let src = "a = \"\u{9b}\u{202e}\" b = 1\n";
        let at = src.find('b').unwrap_or(0);
        let out = Diagnostic::error("x")
            .at(at..at + 1)
            .render("f", src, false);
        assert!(out.contains("f:1:10"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let src_line = lines
            .iter()
            .find(|l| l.contains("a = "))
            .copied()
            .unwrap_or("");
        let caret_line = lines
            .iter()
            .find(|l| l.contains('^'))
            .copied()
            .unwrap_or("");
        let col_src = src_line.chars().position(|c| c == 'b');
        let col_caret = caret_line.chars().position(|c| c == '^');
        assert_eq!(col_src, col_caret, "{out}");
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let src = "a\nété\r\n\nxyz";
        let index = LineIndex::new(src);
        for i in 0..=src.len() + 2 {
            assert_eq!(index.line_col(src, i), line_col(src, i), "{i}");
        }
    }

    #[test]
    fn item_suggestions_compare_within_the_group_and_know_synonyms() {
        let items = [
            "means.threat",
            "means.deception",
            "means.vulnerability",
            "act.recruitment",
        ];
        assert_eq!(
            did_you_mean_item("means.fraud", items),
            Some("means.deception")
        );
        assert_eq!(
            did_you_mean_item("means.decepton", items),
            Some("means.deception")
        );
        assert_eq!(did_you_mean_item("means.zzz", items), None);
        assert_eq!(
            did_you_mean_item("act.recrutment", items),
            Some("act.recruitment")
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "body"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "body"]), None);
    }
}

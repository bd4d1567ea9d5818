//! Diagnostics: what is wrong with a deck, where, and what to do about it.
//!
//! A [`Diagnostic`] holds a byte span into the deck source; [`Diagnostic::render`] prints it the
//! way rustc does (annotate-snippets): `error: …`, ` --> file:line:col`, the source line with a
//! caret, and a `help:` line. Nothing here knows about terminals beyond "colour or not".

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
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            hint: None,
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
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span's start, if any.
    pub fn line_col(&self, source: &str) -> Option<(usize, usize)> {
        self.span.as_ref().map(|s| line_col(source, s.start))
    }

    /// Render for a human, rustc style. `color` adds ANSI styles.
    pub fn render(&self, file: &str, source: &str, color: bool) -> String {
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
        let title = level.primary_title(self.message.as_str());
        let mut group = match &self.span {
            Some(span) => {
                let span = clamp_span(source, span.clone());
                let mut ann = AnnotationKind::Primary.span(span);
                if let Some(label) = &self.label {
                    ann = ann.label(label.as_str());
                }
                title.element(Snippet::source(source).path(file).annotation(ann))
            }
            None => title.element(annotate_snippets::Origin::path(file)),
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        renderer.render(&[group])
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
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
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
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "body"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "body"]), None);
    }
}

//! The README's promises name the tests that hold them: each name must be a real test, so the
//! list cannot drift from the code. A name is `file::test` (a file under `tests/`) or
//! `module::path::tests::test` (a unit test under `src/`), or `file::*` (the whole file).

use std::path::Path;

/// The README's "Reliability" section.
fn reliability(readme: &str) -> &str {
    let start = readme.find("## Reliability").unwrap_or(readme.len());
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

/// Every `` `a::b` `` in `text` that looks like a test path.
fn test_names(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.contains("::") && !s.contains(' '))
        .map(str::to_owned)
        .collect()
}

/// Whether `name` names a test that exists in this repository.
fn exists(root: &Path, name: &str) -> bool {
    let parts: Vec<&str> = name.split("::").collect();
    let (Some(last), Some(first)) = (parts.last(), parts.first()) else {
        return false;
    };
    let integration = root.join("tests").join(format!("{first}.rs"));
    if parts.len() == 2 && integration.is_file() {
        let text = std::fs::read_to_string(&integration).unwrap_or_default();
        return *last == "*" || text.contains(&format!("fn {last}("));
    }
    // A unit test: src/<path>.rs or src/<path>/mod.rs, without the `tests` module.
    let modules: Vec<&str> = parts[..parts.len() - 1]
        .iter()
        .copied()
        .filter(|p| *p != "tests")
        .collect();
    let base = root.join("src").join(modules.join("/"));
    [base.with_extension("rs"), base.join("mod.rs")]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .any(|text| text.contains(&format!("fn {last}(")))
}

#[test]
fn every_test_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_default();
    let names = test_names(reliability(&readme));
    assert!(
        names.len() >= 20,
        "the Reliability list names {} tests",
        names.len()
    );
    let missing: Vec<&String> = names.iter().filter(|n| !exists(root, n)).collect();
    assert!(
        missing.is_empty(),
        "README names tests that do not exist: {missing:?}"
    );
}

#[test]
fn the_check_sees_a_missing_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(exists(root, "journal::journals_are_regular_files_only"));
    assert!(exists(
        root,
        "run::reload::tests::polling_never_reads_the_folder"
    ));
    assert!(!exists(root, "journal::no_such_test_here"));
    assert!(!exists(root, "run::tests::no_such_unit_test"));
}

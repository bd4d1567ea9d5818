//! Issue 13, finding 9: a deck the loader accepts but followers could not follow. The wire's
//! limits were raised past "any valid deck"; this checks that claim against the loader's own
//! caps, and that `check` warns about the decks that still do not fit.

use convene::deck::load::{self, MAX_DECK_BYTES, MAX_LIST_ITEMS};
use convene::organize::check::unshareable;
use convene::share::wire;

/// A deck of `slides` slides, each with `MAX_LIST_ITEMS` one-letter bullets: the pattern that
/// grows most from TOML (`"a",`) to the wire's JSON (`{"text":"a","children":[]},`).
fn bullets_deck(slides: usize) -> String {
    let mut s = String::from("format = 1\n[deck]\ntitle = \"Big\"\n");
    let list = vec!["\"a\""; MAX_LIST_ITEMS].join(",");
    for i in 0..slides {
        s.push_str(&format!(
            "[[slides]]\nid = \"s{i}\"\ntitle = \"S\"\nbullets = [{list}]\n"
        ));
    }
    s
}

#[test]
fn the_largest_decks_the_loader_accepts_fit_the_wire_or_check_warns() {
    // One slide's worth measures the growth; the loader accepts 16 MiB of it.
    let toml = bullets_deck(4);
    let loaded = load::load_str(&toml).expect("the loader accepts it");
    let json = wire::encode_deck(&loaded.deck).len();
    let growth = json as f64 / toml.len() as f64;
    let largest = growth * MAX_DECK_BYTES as f64;
    eprintln!(
        "TOML {} B → JSON {json} B: ×{growth:.2}; a {} MiB deck of it: {:.0} MiB on the wire \
         (limit {} MiB)",
        toml.len(),
        MAX_DECK_BYTES >> 20,
        largest / f64::from(1 << 20),
        wire::DECK_LINE_MAX >> 20
    );
    // The limit does not cover every valid deck: the warning is needed …
    assert!(largest > wire::DECK_LINE_MAX as f64, "{largest}");
    // … and a valid deck under the limit gets none.
    assert!(unshareable(&loaded.deck, &loaded.slide_spans).is_empty());
}

#[test]
fn check_warns_about_a_deck_too_large_to_follow() {
    let mut deck = load::load_str(&bullets_deck(1)).expect("loads").deck;
    deck.slides[0].body = vec!["x".repeat(wire::DECK_LINE_MAX + 1).into()];
    let d = unshareable(&deck, &[]);
    assert_eq!(d.len(), 1, "{d:?}");
    let text = &d[0].message;
    assert!(text.contains("too large to share"), "{text}");
    assert!(text.contains("followers"), "{text}");
}

#[test]
fn check_warns_about_a_case_slide_whose_view_is_too_large_to_send() {
    // 10,000 rows of one group, all ticked: the view of that case is over the state limit.
    let items: Vec<String> = (0..MAX_LIST_ITEMS)
        .map(|i| format!("{{ id = \"i{i}\", label = \"Item {i}\" }}"))
        .collect();
    let toml = format!(
        "format = 1\n[deck]\ntitle = \"Rows\"\n[checklist]\ntitle = \"K\"\n\
         [[checklist.groups]]\nid = \"g\"\nlabel = \"G\"\nitems = [{}]\n\
         [[checklist.frameworks]]\nid = \"f\"\nlabel = \"F\"\nrules = [{{ say = \"Not yet.\" }}]\n\
         [[slides]]\nid = \"case\"\ntitle = \"A case\"\nbody = \"Text.\"\nchecklist = true\n",
        items.join(", ")
    );
    let loaded = load::load_str(&toml).expect("loads");
    let d = unshareable(&loaded.deck, &loaded.slide_spans);
    assert_eq!(d.len(), 1, "{d:?}");
    let text = &d[0].message;
    assert!(
        text.contains("slide `case` could not be shared in full"),
        "{text}"
    );
    // The bundled decks are shareable.
    for lang in [convene::words::Lang::En, convene::words::Lang::Fr] {
        let deck = convene::deck::bundled::deck(lang).expect("bundled");
        assert!(unshareable(&deck, &[]).is_empty());
    }
}

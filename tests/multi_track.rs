//! The whole multi-track fixture (tests/fixtures/multi-track): three tracks (IC with a draft,
//! SRE, a manager track with fewer levels and its own categories), category groups, aliases,
//! examples, a list expectation, two free pages and every label in French — built and checked
//! on parsed HTML and on the exports, as one ladder an organisation would write.

use crate::support::*;
use std::collections::BTreeSet;

fn built() -> Site {
    let site = Site::fixture("multi-track");
    site.build_ok();
    site
}

/// Every page's URL path (folders holding an index.html), sorted.
fn page_urls(site: &Site) -> Vec<String> {
    let out = site.public();
    let mut urls: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().parent().unwrap().strip_prefix(&out).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                String::new()
            } else {
                format!("{rel}/")
            }
        })
        .collect();
    urls.sort();
    urls
}

#[test]
fn every_url_of_the_ladder_and_nothing_else() {
    let site = built();
    let mut expected = vec![
        "",
        // Peers across tracks (same rank), and the grades view.
        "compare/",
        "compare/ic.ic1-vs-sre.sre1/",
        "compare/ic.ic2-vs-sre.sre2/",
        "compare/ic.ic3-vs-management.m1/",
        "compare/ic.ic3-vs-sre.sre3/",
        "compare/sre.sre3-vs-management.m1/",
        // Self-assessment: the chooser of every track's levels, a checklist per level.
        "assess/",
        "ic/assess/ic1/",
        "ic/assess/ic2/",
        "ic/assess/ic3/",
        "management/assess/m1/",
        "management/assess/m2/",
        "sre/assess/sre1/",
        "sre/assess/sre2/",
        "sre/assess/sre3/",
        // Free pages.
        "glossaire/",
        "promotion/",
        // IC: ic4 is a draft, left out.
        "ic/",
        "ic/areas/qualite/",
        "ic/compare/",
        "ic/compare/ic1-vs-ic2/",
        "ic/compare/ic1-vs-ic3/",
        "ic/compare/ic2-vs-ic3/",
        "ic/levels/ic1/",
        "ic/levels/ic2/",
        "ic/levels/ic3/",
        "management/",
        "management/compare/",
        "management/compare/m1-vs-m2/",
        "management/levels/m1/",
        "management/levels/m2/",
        "management/print/",
        "sre/",
        "sre/areas/astreinte/",
        "sre/compare/",
        "sre/compare/sre1-vs-sre2/",
        "sre/compare/sre1-vs-sre3/",
        "sre/compare/sre2-vs-sre3/",
        "sre/levels/sre1/",
        "sre/levels/sre2/",
        "sre/levels/sre3/",
        "sre/print/",
        "ic/print/",
    ];
    expected.sort_unstable();
    assert_eq!(page_urls(&site), expected);
    assert!(
        broken_links(&site.public()).is_empty(),
        "{:?}",
        broken_links(&site.public())
    );
}

#[test]
fn the_draft_is_built_only_when_asked_for() {
    let site = Site::fixture("multi-track");
    let r = site.rungs(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let urls = page_urls(&site);
    assert!(urls.contains(&"ic/levels/ic4/".to_string()), "{urls:?}");
    // IC4 has rank 4, like M2: now they are peers.
    assert!(
        urls.contains(&"compare/ic.ic4-vs-management.m2/".to_string()),
        "{urls:?}"
    );
}

#[test]
fn the_manager_track_shows_only_its_own_categories_and_the_header_lists_tracks() {
    let site = built();
    let m1 = site.page("management/levels/m1/index.html");
    let categories = texts(&m1, "section.category h3, section.category h4");
    assert!(
        categories
            .iter()
            .all(|c| c == "Encadrement" || c == "Livraison"),
        "{categories:?}"
    );
    assert!(
        categories.iter().any(|c| c == "Encadrement"),
        "{categories:?}"
    );
    // The header names tracks and the page in the nav, not eight levels.
    let nav: BTreeSet<String> = texts(&m1, ".site-nav a").into_iter().collect();
    for track in ["IC", "SRE", "M"] {
        assert!(nav.contains(track), "{nav:?}");
    }
    assert!(nav.contains("Processus de promotion"), "{nav:?}");
    assert!(!nav.contains("Glossaire"), "not in the nav: {nav:?}");
    assert!(!nav.iter().any(|n| n.starts_with("IC1")), "{nav:?}");
}

#[test]
fn peers_link_each_other_and_examples_aliases_and_lists_show() {
    let site = built();
    let ic3 = site.page("ic/levels/ic3/index.html");
    let peers = texts(
        &ic3,
        "#peers ~ ul li a, section[aria-labelledby=peers] li a",
    );
    assert!(
        peers.iter().any(|p| p.contains("Responsable d'équipe M1")),
        "{peers:?}"
    );
    assert!(peers.iter().any(|p| p.contains("fiabilité 3")), "{peers:?}");
    let html = ic3.html();
    assert!(
        html.contains("L3") && html.contains("Senior"),
        "aliases on the page"
    );
    let examples = texts(&ic3, "details.examples summary");
    assert_eq!(examples, ["Exemples (2)"]);
    let area = site.page("ic/areas/qualite/index.html");
    let items = texts(&area, "ul li");
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("Répare les tests instables")),
        "{items:?}"
    );
    // Groups head their categories on a level page.
    let groups = texts(
        &site.page("ic/levels/ic2/index.html"),
        "section.category-group > h3",
    );
    assert_eq!(groups, ["Résultats", "Personnes"]);
}

#[test]
fn exports_cover_tracks_aliases_examples_and_pages() {
    let site = built();
    crate::publish::validate_against_schema(&site);
    let json = crate::publish::ladder_json(&site);
    assert_eq!(json["version"], 2);
    let tracks: Vec<&str> = json["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(tracks, ["ic", "sre", "management"]);
    let pages: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(pages, ["promotion", "glossaire"]);
    let csv = crate::publish::parse_csv(&site.read("public/ladder.csv"));
    assert_eq!(csv[0][0], "track");
    assert!(csv.iter().skip(1).any(|r| r[0] == "management"));
    let index = site.read("public/search-index.json");
    for needle in ["EM1", "Glossaire", "Isole un test qui dépend de l'heure"] {
        assert!(index.contains(needle), "search lacks {needle}");
    }
}

#[test]
fn no_english_word_of_the_theme_is_left() {
    use crate::labels::{contains_words, fragments, french_labels, html_pages, visible_strings};
    use rungs::labels::LABELS;
    let site = built();
    let fr = french_labels(&site);
    let english: Vec<(&str, String)> = LABELS
        .iter()
        .filter(|l| fr.get(l.key) != Some(&l.default.to_string()))
        .flat_map(|l| fragments(l.default).into_iter().map(move |f| (l.key, f)))
        .collect();
    let mut left = Vec::new();
    for (path, doc) in html_pages(&site.public()) {
        for s in visible_strings(&doc) {
            for (key, fragment) in &english {
                if contains_words(&s, fragment) {
                    left.push(format!("{path}: `{key}` “{fragment}” in “{}”", s.trim()));
                }
            }
        }
    }
    assert!(left.is_empty(), "English left:\n{}", left.join("\n"));
}

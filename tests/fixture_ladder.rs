//! The fixture ladder: another shape (4 levels, 3 categories, .md/.yaml/.yml mixed) with
//! titles that need escaping and non-ASCII text.

use crate::support::*;

fn built() -> Site {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    site
}

#[test]
fn builds_every_page_from_mixed_source_formats() {
    let site = built();
    let files = site.snapshot();
    let mut pages: Vec<String> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.display().to_string())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "404.html",
            "areas/mentoring/index.html",
            "areas/observability/index.html",
            "areas/testing/index.html",
            "assess/apprentice/index.html",
            "assess/expert/index.html",
            "assess/index.html",
            "assess/maitre/index.html",
            "assess/practitioner/index.html",
            "compare/apprentice-vs-expert/index.html",
            "compare/apprentice-vs-maitre/index.html",
            "compare/apprentice-vs-practitioner/index.html",
            "compare/expert-vs-maitre/index.html",
            "compare/index.html",
            "compare/practitioner-vs-expert/index.html",
            "compare/practitioner-vs-maitre/index.html",
            "index.html",
            "levels/apprentice/index.html",
            "levels/expert/index.html",
            "levels/maitre/index.html",
            "levels/practitioner/index.html",
            "print/index.html",
        ]
    );
    assert!(files.contains_key(std::path::Path::new("rungs.css")));
}

#[test]
fn levels_follow_rank_and_categories_follow_site_order() {
    let site = built();
    let home = site.page("index.html");
    assert_eq!(
        texts(&home, ".level-card__title"),
        [
            "Apprentice",
            "Practitioner",
            "Expert <Senior> & Mentor",
            "Maître d’œuvre"
        ]
    );
    let expert = site.page("levels/expert/index.html");
    assert_eq!(
        texts(&expert, "section.category h3"),
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    assert_eq!(
        texts(&expert, "section.category li"),
        [
            "Designs systems & APIs for <10 ms latency",
            "Keeps complexity down",
            "Aligns teams on designs",
            "Mentors practitioners"
        ]
    );
    // A category a level lists nothing in is left out of its page, not shown as empty.
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(
        texts(&apprentice, "section.category h3"),
        ["Craft & Code", "Collaboration"]
    );
    assert!(texts(&apprentice, ".empty").is_empty());
    // So is a growth area that expects nothing at the level.
    assert_eq!(
        texts(&apprentice, "#growth-areas ~ div th a"),
        ["Testing & Quality", "Observability"]
    );
}

#[test]
fn titles_are_escaped_not_interpreted() {
    let site = built();
    let raw = std::fs::read_to_string(site.public().join("levels/expert/index.html")).unwrap();
    assert!(
        raw.contains("<h1>Expert &lt;Senior&gt; &amp; Mentor</h1>"),
        "title must be escaped"
    );
    assert!(raw.contains("Designs systems &amp; APIs for &lt;10 ms latency"));
    assert!(!raw.contains("<Senior>"));
    let home = site.page("index.html");
    assert_eq!(texts(&home, "title"), ["Ladder <Test> & Co — Ünïcödé"]);
    assert_eq!(texts(&home, "h1"), ["Welcome to <the> Ladder & Co"]);
}

#[test]
fn each_expectation_is_on_its_own_area_page_in_level_order() {
    let site = built();
    let page = site.page("areas/mentoring/index.html");
    let rows = row_pairs(page.root_element(), "table.matrix tbody tr");
    assert_eq!(
        rows,
        [
            ("Apprentice".into(), "No expectation at this level".into()),
            (
                "Practitioner".into(),
                "Helps apprentices with reviews".into()
            ),
            (
                "Expert <Senior> & Mentor".into(),
                "Mentors practitioners toward expert".into()
            ),
            (
                "Maître d’œuvre".into(),
                "Builds mentoring programmes".into()
            ),
        ]
    );
}

#[test]
fn links_between_sources_are_rewritten_and_all_resolve() {
    let site = built();
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
    let apprentice = site.page("levels/apprentice/index.html");
    let hrefs: Vec<&str> = apprentice
        .select(&sel("#details a:not(.heading-anchor)"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../levels/practitioner/",
            "../../areas/testing/#in-practice"
        ]
    );
    let home = site.page("index.html");
    let hrefs: Vec<&str> = home
        .select(&sel(".prose a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"./levels/expert/#craft"), "{hrefs:?}");
}

#[test]
fn markdown_renders_in_yaml_fields_and_bodies() {
    let site = built();
    let practitioner = site.page("levels/practitioner/index.html");
    let strong: Vec<String> = texts(&practitioner, "section.transition strong");
    assert_eq!(strong, ["delivering"]);
    assert_eq!(texts(&practitioner, "#details h2"), ["Notes"]);
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(texts(&apprentice, "section.category li code"), ["tests"]);
}

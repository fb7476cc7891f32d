//! The header's level links, search form and theme toggle and the footer's credit line,
//! which rungs writes once per build (`render::chrome`) instead of in `base.html`: the page's
//! own level marked, its own root in the links, every word escaped.

use crate::support::*;

/// The small fixture with a hostile short name, site title and labels.
fn hostile() -> Site {
    let site = Site::fixture("small-ladder");
    let config = site.read("content/site.yaml").replace(
        "title: \"Ladder <Test> & Co — Ünïcödé\"",
        "title: \"Ladder <b>\\\"T\\\"</b> & 'Co'\"",
    );
    site.write(
        "content/site.yaml",
        &format!(
            "{config}labels:\n  dark_theme: \"Dark <i>\\\"mode\\\"</i>\"\n  search_label: \"Find <x> & 'y'\"\n  search_no_results: \"None \\\"here\\\" <hr>\"\n  footer: \"<b>{{site}}</b> made & published with {{rungs}}\"\n"
        ),
    );
    let level = site.read("content/levels/apprentice.md");
    site.write(
        "content/levels/apprentice.md",
        &level.replace("short: App", "short: \"<em>App</em> & \\\"1\\\"\""),
    );
    site
}

#[test]
fn the_header_links_every_level_from_the_page_and_marks_its_own() {
    let site = hostile();
    site.build_ok();
    let links = |page: &scraper::Html| -> Vec<(String, String, Option<String>)> {
        page.select(&sel(".site-nav a"))
            .map(|a| {
                (
                    text(a),
                    a.value().attr("href").unwrap_or_default().to_string(),
                    a.value().attr("aria-current").map(str::to_string),
                )
            })
            .take(4)
            .collect()
    };
    let level = site.page("levels/expert/index.html");
    let expected = |current: &str| -> Vec<(String, String, Option<String>)> {
        [
            ("<em>App</em> & \"1\"", "apprentice"),
            ("Practitioner", "practitioner"),
            ("Expert", "expert"),
            ("Maître", "maitre"),
        ]
        .iter()
        .map(|(short, id)| {
            (
                short.to_string(),
                format!("../../levels/{id}/"),
                (*id == current).then(|| "page".to_string()),
            )
        })
        .collect()
    };
    assert_eq!(links(&level), expected("expert"));
    assert_eq!(
        links(&site.page("levels/apprentice/index.html")),
        expected("apprentice")
    );
    // On a page that is no level's, no level is current; the links start at the root.
    let home = links(&site.page("index.html"));
    assert!(home.iter().all(|l| l.2.is_none()), "{home:?}");
    assert!(
        home.iter().all(|l| l.1.starts_with("./levels/")),
        "{home:?}"
    );
    let area = links(&site.page("areas/testing/index.html"));
    assert!(
        area.iter()
            .all(|l| l.2.is_none() && l.1.starts_with("../../levels/")),
        "{area:?}"
    );
    // The hostile short name is text, not markup.
    assert!(level.select(&sel(".site-nav em")).next().is_none());
}

#[test]
fn the_search_form_toggle_and_credit_carry_the_site_words_escaped() {
    let site = hostile();
    site.build_ok();
    for (path, root) in [
        ("levels/expert/index.html", "../../"),
        ("index.html", "./"),
        ("compare/index.html", "../"),
    ] {
        let page = site.page(path);
        let form = page.select(&sel("form[data-search]")).next().expect(path);
        let attr = |name: &str| form.value().attr(name).map(str::to_string);
        assert_eq!(attr("data-root").as_deref(), Some(root), "{path}");
        assert_eq!(
            attr("data-index"),
            Some(format!("{root}search-index.json")),
            "{path}"
        );
        assert_eq!(
            attr("data-no-results").as_deref(),
            Some("None \"here\" <hr>"),
            "{path}"
        );
        let input = page.select(&sel("#site-search-input")).next().expect(path);
        assert_eq!(input.value().attr("placeholder"), Some("Find <x> & 'y'"));
        assert_eq!(
            texts(&page, "label[for=site-search-input]"),
            ["Find <x> & 'y'"]
        );
        let toggle = page
            .select(&sel("button[data-theme-toggle]"))
            .next()
            .expect(path);
        assert_eq!(toggle.value().attr("title"), Some("Dark <i>\"mode\"</i>"));
        assert_eq!(
            texts(&page, ".theme-toggle__label"),
            ["Dark <i>\"mode\"</i>"]
        );
        // The credit: the label's text escaped, the site title escaped, the link to rungs.
        let credit = page.select(&sel(".site-footer > p")).next().expect(path);
        assert_eq!(
            text(credit),
            "<b>Ladder <b>\"T\"</b> & 'Co'</b> made & published with rungs"
        );
        let link: Vec<_> = credit.select(&sel("a")).collect();
        assert_eq!(link.len(), 1, "{path}");
        assert_eq!(
            link[0].value().attr("href"),
            Some("https://crates.io/crates/rungs")
        );
        for tag in ["header b", "header i", "header hr", "footer b", "header em"] {
            assert!(page.select(&sel(tag)).next().is_none(), "{path}: {tag}");
        }
    }
}

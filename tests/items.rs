//! The items fixture: structured competency items (examples, threads), list expectations of
//! growth areas, level aliases, a draft level, free pages, and empty sections left out.
//! Asserted on parsed HTML, on the exports and on exact messages.

use crate::publish::{ladder_json, validate_against_schema};
use crate::support::serve::ServeProcess;
use crate::support::*;
use scraper::Html;

fn built() -> Site {
    let site = Site::fixture("items");
    site.build_ok();
    site
}

/// All texts of elements matching `selector` under `el`.
fn texts_in(el: scraper::ElementRef, selector: &str) -> Vec<String> {
    el.select(&sel(selector)).map(text).collect()
}

/// The `<summary>` texts of the examples under the elements matching `scope`.
fn example_summaries(doc: &Html, scope: &str) -> Vec<String> {
    texts(doc, &format!("{scope} details.examples > summary"))
}

/// The run's messages, one per line, without their source excerpts.
fn stderr_lines(run: &Run) -> Vec<String> {
    without_excerpts(&run.stderr)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn examples_render_collapsed_under_their_item_wherever_items_show() {
    let site = built();
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(
        example_summaries(&apprentice, "section.category li"),
        ["Examples (2)", "Examples (1)"]
    );
    // Collapsed: no `open` attribute; the examples are inside the <details>.
    assert_eq!(apprentice.select(&sel("details[open]")).count(), 0);
    assert_eq!(
        texts(&apprentice, "#craft ~ ul > li:first-child details li"),
        [
            "Fixes a reported bug with a regression test",
            "Adds a missing test before refactoring"
        ]
    );
    // The item's own text comes first, then its examples (a block, so no space between).
    let first = apprentice
        .select(&sel("#craft ~ ul > li"))
        .next()
        .expect("an item");
    assert!(text(first).starts_with("Writes small changes with testsExamples (2)Fixes"));
    // Items without examples have no <details>.
    assert_eq!(
        apprentice
            .select(&sel("section.category li details"))
            .count(),
        2
    );

    let pair = site.page("compare/apprentice-vs-practitioner/index.html");
    assert_eq!(
        example_summaries(&pair, "#craft + .pair-rows .lo"),
        ["Examples (2)"]
    );
    let pair = site.page("compare/practitioner-vs-expert/index.html");
    assert_eq!(
        example_summaries(&pair, "#leadership + .pair-rows .pair-row--new .up"),
        ["Examples (1)"]
    );
    let compare = site.page("compare/index.html");
    assert_eq!(
        example_summaries(&compare, "#ladder-matrix ~ div td .item"),
        ["Examples (2)", "Examples (1)", "Examples (1)"]
    );
}

#[test]
fn list_expectations_render_as_lists_on_area_level_compare_and_pair_pages() {
    let site = built();
    let list_in = |doc: &Html, scope: &str| -> Vec<String> {
        texts(doc, &format!("{scope} ul.expectation-list > li"))
    };
    let expected = [
        "Mentors practitioners toward expert",
        "Pairs with a mentee every weekExamples (2)Reviews a mentee's design documentShadows a mentee's on-call shift",
    ];
    let area = site.page("areas/mentoring/index.html");
    assert_eq!(list_in(&area, "tr#at-expert td"), expected);
    // A single string is shown as before, not as a list.
    assert_eq!(
        row_pairs(area.root_element(), "table.matrix tbody tr")[3],
        (
            "Maître d’œuvre".to_string(),
            "Builds mentoring programmes".to_string()
        )
    );
    assert_eq!(
        area.select(&sel("tr#at-maitre ul")).count(),
        0,
        "a string expectation is not a list"
    );
    let level = site.page("levels/expert/index.html");
    assert_eq!(list_in(&level, "#growth-areas ~ div td"), expected);
    let compare = site.page("compare/index.html");
    assert_eq!(list_in(&compare, "#area-matrix ~ div td"), expected);
    // On a pair page, the items of a list are rows: here new, since the one text below
    // shares no words with them.
    let pair = site.page("compare/practitioner-vs-expert/index.html");
    let mentoring: Vec<scraper::ElementRef> = pair
        .select(&sel(".pair-rows--areas > li[id^='area.mentoring']"))
        .collect();
    assert_eq!(texts_in(mentoring[0], ".pt"), ["Mentoring <people>"]);
    assert_eq!(
        mentoring
            .iter()
            .map(|r| texts_in(*r, ".up").concat())
            .collect::<Vec<_>>(),
        ["—", expected[0], expected[1]]
    );
    assert_eq!(
        mentoring
            .iter()
            .map(|r| texts_in(*r, ".badge").concat())
            .collect::<Vec<_>>(),
        ["No longer listed", "New", "New"]
    );
}

#[test]
fn growth_area_rows_keep_their_shape_one_text_one_item_lists_and_merged_cells() {
    let site = Site::fixture("items");
    // A list of one item is still a list; the same text at two neighbouring levels shares
    // one matrix cell.
    site.write(
        "content/areas/observability.yml",
        "title: Observability\nexpectations:\n  expert:\n    - Designs alerting\n  maitre: Designs alerting\n",
    );
    site.build_ok();
    let level = site.page("levels/expert/index.html");
    fn row<'d>(doc: &'d Html, area: &str) -> scraper::ElementRef<'d> {
        doc.select(&sel("#growth-areas ~ div tbody tr"))
            .find(|tr| texts_in(*tr, "th").concat() == area)
            .unwrap_or_else(|| panic!("a row for {area}"))
    }
    // One text: the cell is the item (id, text, permalink).
    let testing = row(&level, "Testing & Quality");
    let cell = testing.select(&sel("td")).next().unwrap();
    assert_eq!(cell.value().id(), Some("area.testing"));
    assert!(cell.value().classes().any(|c| c == "item"));
    assert_eq!(
        texts_in(testing, "td > a.permalink"),
        ["#"],
        "the cell itself holds the permalink"
    );
    // A list of one item: a list in the cell, the item with its own id.
    let observability = row(&level, "Observability");
    let items: Vec<_> = observability
        .select(&sel("td > ul.expectation-list > li.item"))
        .collect();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].value().id(),
        Some("area.observability.designs-alerting")
    );
    assert!(observability.select(&sel("td.item")).next().is_none());
    // The matrix: merged cells name their levels; single cells have no colspan.
    let compare = site.page("compare/index.html");
    let matrix_row = compare
        .select(&sel("#area-matrix ~ div tbody tr"))
        .find(|tr| texts_in(*tr, "th").concat() == "Testing & Quality")
        .expect("the testing row");
    let cells: Vec<(Option<&str>, bool, String)> = matrix_row
        .select(&sel("td"))
        .map(|td| {
            (
                td.value().attr("colspan"),
                td.value().classes().any(|c| c == "merged"),
                text(td),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            (
                None,
                false,
                "Writes unit tests for their changes".to_string()
            ),
            (None, false, "Designs test suites for features".to_string()),
            (
                Some("2"),
                true,
                "Sets the testing strategy of a system (Expert, Maître)".to_string()
            ),
        ]
    );
    let empty: Vec<String> = compare
        .select(&sel("#area-matrix ~ div tbody tr"))
        .find(|tr| texts_in(*tr, "th").concat() == "Observability")
        .expect("the observability row")
        .select(&sel("td"))
        .map(text)
        .collect();
    assert_eq!(
        empty,
        [
            "— no expectation",
            "— no expectation",
            "Designs alerting",
            "Designs alerting"
        ]
    );
}

#[test]
fn empty_categories_and_areas_are_left_out_of_level_and_pair_pages() {
    let site = built();
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(
        texts(&apprentice, "section.category h3"),
        ["Craft & Code", "Collaboration"]
    );
    assert_eq!(
        texts(&apprentice, "#growth-areas ~ div tbody th"),
        ["Testing & Quality"]
    );
    assert!(texts(&apprentice, ".empty").is_empty());
    let maitre = site.page("levels/maitre/index.html");
    assert_eq!(
        texts(&maitre, "section.category h3"),
        [
            "Craft & Code",
            "Collaboration",
            "Leadership <of people>",
            "Strategy"
        ]
    );
    // A row empty on both sides is left out; one empty on one side stays, marked.
    let pair = site.page("compare/apprentice-vs-practitioner/index.html");
    assert_eq!(
        texts(&pair, "section.pair-category h3"),
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    assert_eq!(texts(&pair, "#leadership + .pair-rows .lo .empty"), ["—"]);
    assert_eq!(
        texts(&pair, ".pair-row > .pt"),
        ["Testing & Quality", "Mentoring <people>"]
    );
    let pair = site.page("compare/expert-vs-maitre/index.html");
    assert!(texts(&pair, "section.pair-category h3").contains(&"Strategy".to_string()));
    // The matrix keeps every category and level: a table needs its cells.
    let compare = site.page("compare/index.html");
    assert_eq!(texts(&compare, "#ladder-matrix ~ div tbody th").len(), 4);
}

#[test]
fn a_group_with_no_items_at_a_level_is_left_out_heading_and_all() {
    let site = Site::fixture("items");
    let config = site.read("content/site.yaml").replace(
        "categories:\n",
        "groups:\n  - id: delivery\n    title: Delivery\n  - id: direction\n    title: Direction\ncategories:\n",
    );
    let config = config
        .replace(
            "    title: \"Craft & Code\"\n",
            "    title: \"Craft & Code\"\n    group: delivery\n",
        )
        .replace(
            "    title: Collaboration\n",
            "    title: Collaboration\n    group: delivery\n",
        )
        .replace(
            "    title: \"Leadership <of people>\"\n",
            "    title: \"Leadership <of people>\"\n    group: direction\n",
        )
        .replace(
            "    title: Strategy\n",
            "    title: Strategy\n    group: direction\n",
        );
    site.write("content/site.yaml", &config);
    site.build_ok();
    // The apprentice has nothing in `direction`: neither the group nor its categories show.
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(
        texts(&apprentice, "section.category-group > h3"),
        ["Delivery"]
    );
    assert_eq!(
        texts(&apprentice, "section.category h4"),
        ["Craft & Code", "Collaboration"]
    );
    let expert = site.page("levels/expert/index.html");
    assert_eq!(
        texts(&expert, "section.category-group > h3"),
        ["Delivery", "Direction"]
    );
    assert_eq!(
        texts(&expert, "section.category h4"),
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    // On a pair page a group stays when either level has items in it, and keeps only the
    // categories that are not empty at both.
    let pair = site.page("compare/apprentice-vs-practitioner/index.html");
    assert_eq!(
        texts(&pair, "section.category-group > h3"),
        ["Delivery", "Direction"]
    );
    assert_eq!(
        texts(&pair, "section.pair-category h4"),
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn aliases_show_on_the_level_page_its_card_and_in_search() {
    let site = built();
    let apprentice = site.page("levels/apprentice/index.html");
    assert_eq!(
        texts(&apprentice, ".page-header .aliases .alias"),
        ["L1", "E1"]
    );
    let maitre = site.page("levels/maitre/index.html");
    assert_eq!(maitre.select(&sel(".aliases")).count(), 0);
    let home = site.page("index.html");
    let cards: Vec<Vec<String>> = home
        .select(&sel(".level-card"))
        .map(|card| {
            card.select(&sel(".alias"))
                .map(text)
                .collect::<Vec<String>>()
        })
        .collect();
    assert_eq!(
        cards,
        [
            vec!["L1", "E1"],
            vec!["L2"],
            vec!["L3", "Staff-ish"],
            Vec::<&str>::new()
        ]
    );
    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/search-index.json")).unwrap();
    let pages = index["pages"].as_array().unwrap();
    let hits: Vec<&str> = index["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[3].as_str().unwrap().split(" · ").any(|a| a == "L3"))
        .map(|e| {
            pages[e[0].as_u64().unwrap() as usize]["url"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(hits, ["levels/expert/"]);
}

#[test]
fn search_finds_examples_and_free_pages() {
    let site = built();
    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/search-index.json")).unwrap();
    let pages = index["pages"].as_array().unwrap();
    let entries = index["entries"].as_array().unwrap();
    let example = entries
        .iter()
        .find(|e| e[3] == "Shadows a mentee's on-call shift")
        .expect("an area example is indexed");
    assert_eq!(
        pages[example[0].as_u64().unwrap() as usize]["url"],
        "areas/mentoring/"
    );
    // An item of a list links to itself in its level's row.
    assert_eq!(example[2], "at-expert.pairs-with-a-mentee-every");
    let example = entries
        .iter()
        .find(|e| e[3] == "Posts a question within an hour of being stuck")
        .expect("a competency example is indexed");
    assert_eq!(example[1], "Collaboration");
    assert_eq!(example[2], "collaboration.asks-for-help-early");
    let urls: Vec<&str> = pages.iter().map(|p| p["url"].as_str().unwrap()).collect();
    for url in ["promotion/", "glossary/", "about/", "faq/"] {
        assert!(urls.contains(&url), "{url} in {urls:?}");
    }
    let calendar = entries
        .iter()
        .find(|e| e[3] == "Calendar")
        .expect("a page heading");
    assert_eq!(
        pages[calendar[0].as_u64().unwrap() as usize]["url"],
        "promotion/"
    );
}

#[test]
fn free_pages_render_at_their_id_in_the_nav_the_sitemap_and_links() {
    let site = built();
    let page = site.page("promotion/index.html");
    assert_eq!(texts(&page, "main h1"), ["Promotion process"]);
    assert_eq!(texts(&page, "#details h2"), ["Calendar"]);
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        ["Home", "Promotion process"]
    );
    let hrefs: Vec<&str> = page
        .select(&sel("#details a:not(.heading-anchor)"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["../levels/expert/#craft"]);
    // Header: the pages with `nav: true`, by weight then id, after the ladder's own links.
    let nav = texts(&page, ".site-nav li");
    assert_eq!(
        nav[nav.len() - 5..],
        [
            "Compare",
            "Growth areas",
            "Promotion process",
            "About this ladder",
            "Glossary"
        ]
    );
    assert_eq!(
        texts(&page, ".site-nav a[aria-current=page]"),
        ["Promotion process"]
    );
    assert_eq!(
        texts(&site.page("faq/index.html"), "main h1"),
        ["FAQ & <answers>"]
    );
    assert!(!texts(&page, ".site-nav li").contains(&"FAQ & <answers>".to_string()));
    assert_eq!(
        texts(&site.page("about/index.html"), "#details a"),
        ["promotion process"]
    );
    // Links from other sources reach the pages by relative path.
    let home = site.page("index.html");
    assert!(
        home.select(&sel("#introduction a"))
            .any(|a| a.value().attr("href") == Some("./promotion/"))
    );
    let apprentice = site.page("levels/apprentice/index.html");
    assert!(
        apprentice
            .select(&sel("#details a"))
            .any(|a| a.value().attr("href") == Some("../../glossary/"))
    );
    let sitemap = site.read("public/sitemap.xml");
    for url in ["about/", "faq/", "glossary/", "promotion/"] {
        assert!(sitemap.contains(&format!("<loc>/{url}</loc>")), "{url}");
    }
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn drafts_are_left_out_of_build_and_check_unless_asked_for() {
    let site = built();
    assert!(!site.public().join("levels/fellow").exists());
    assert!(!site.read("public/sitemap.xml").contains("fellow"));
    assert!(!site.read("public/ladder.json").contains("fellow"));
    assert!(!site.read("public/search-index.json").contains("Fellow"));
    let home = site.page("index.html");
    assert_eq!(texts(&home, ".level-card__title").len(), 4);
    assert_eq!(home.select(&sel(".badge--draft")).count(), 0);
    let check = site.rungs(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        stderr_lines(&check),
        ["ok: 4 levels, 3 growth areas, 4 categories"]
    );
    let check = site.rungs(&["check", "--drafts"]);
    assert_eq!(
        stderr_lines(&check),
        ["ok: 5 levels, 3 growth areas, 4 categories"]
    );

    let r = site.rungs(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fellow = site.page("levels/fellow/index.html");
    assert_eq!(texts(&fellow, ".page-header .badge--draft"), ["Draft"]);
    assert_eq!(texts(&fellow, ".page-header .alias"), ["L5"]);
    let home = site.page("index.html");
    let drafts: Vec<String> = home
        .select(&sel(".level-card"))
        .filter(|c| c.select(&sel(".badge--draft")).next().is_some())
        .map(|c| text(c.select(&sel(".level-card__title")).next().unwrap()))
        .collect();
    assert_eq!(drafts, ["Fellow"]);
    // Its expectations show where a published level's would.
    assert_eq!(
        texts(&site.page("areas/mentoring/index.html"), "tr#at-fellow td"),
        ["Mentors the maîtres"]
    );
    validate_against_schema(&site);
    assert_eq!(ladder_json(&site)["levels"][4]["draft"], true);
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn build_and_check_help_document_drafts() {
    for command in ["build", "check"] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"));
        cmd.args([command, "--help"]);
        let help = run(cmd);
        assert_eq!(help.code, 0);
        // The flag, then its description (on the same line or the next).
        let at = help
            .stdout
            .find("--drafts")
            .unwrap_or_else(|| panic!("`{command} --help` lists --drafts:\n{}", help.stdout));
        let described: String = help.stdout[at..].lines().take(2).collect();
        assert!(described.contains("draft levels"), "{described}");
    }
    let readme = include_str!("../README.md");
    assert!(readme.contains("rungs build [-r DIR] [-o DIR] [-u URL] [--drafts]"));
    assert!(readme.contains("rungs check [-r DIR] [--drafts]"));
}

#[test]
fn serve_shows_drafts_marked_as_drafts() {
    let site = Site::fixture("items");
    let server = ServeProcess::start(site.root());
    let page = server.get("/levels/fellow/");
    assert_eq!(page.status, 200);
    let doc = Html::parse_document(&page.body);
    assert_eq!(texts(&doc, ".page-header .badge--draft"), ["Draft"]);
    let home = Html::parse_document(&server.get("/").body);
    assert_eq!(texts(&home, ".level-card .badge--draft"), ["Draft"]);
    let published = Html::parse_document(&server.get("/levels/maitre/").body);
    assert_eq!(published.select(&sel(".badge--draft")).count(), 0);
}

#[test]
fn a_link_from_a_published_page_to_a_draft_is_an_error_unless_drafts_are_built() {
    let site = Site::fixture("items");
    let maitre = site.read("content/levels/maitre.md").replace(
        "transition: >-\n",
        "summary: Followed by [the fellow](fellow.md).\ntransition: >-\n",
    );
    site.write("content/levels/maitre.md", &maitre);
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        stderr_lines(&r),
        [
            "content/levels/maitre.md:14:10: error: link to `fellow.md`, a draft level left out of this build",
            "  = expected a link to a page of this build: publish the level (remove `draft: true`), link to it from drafts only, or build with `--drafts`",
            "1 error",
            "build failed; the output directory was left untouched",
        ]
    );
    let r = site.rungs(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn threads_and_items_are_validated_with_exact_messages() {
    let site = Site::fixture("items");
    let practitioner = site.read("content/levels/practitioner.yaml").replace(
        "    - Keeps complexity down\n",
        "    - text: Keeps complexity down\n      thread: small-changes\n    - text: Names things well\n      thread: Naming Things\n    - text: Reviews designs\n      exmaples: [x]\n",
    );
    site.write("content/levels/practitioner.yaml", &practitioner);
    let r = site.rungs(&["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        stderr_lines(&r),
        [
            "content/levels/practitioner.yaml:10:15: error: duplicate thread `small-changes`",
            "  = competencies.craft[0] (line 8) continues `small-changes` already: expected each item of a list to continue its own thread",
            "content/levels/practitioner.yaml:12:15: error: `Naming Things` is not a valid thread id",
            "  = expected lowercase letters, digits and `-`, such as `code-review`",
            "content/levels/practitioner.yaml:14:7: warning: unknown key `competencies.craft[3].exmaples` is ignored",
            "  = did you mean `examples`?",
            "2 errors, 1 warning",
            "build failed; the output directory was left untouched",
        ]
    );
    // The same thread in another category, or at another level, is fine.
    let site = Site::fixture("items");
    let expert = site.read("content/levels/expert.yml").replace(
        "    - text: Mentors practitioners\n",
        "    - text: Mentors practitioners\n      thread: small-changes\n",
    );
    site.write("content/levels/expert.yml", &expert);
    site.build_ok();

    let site = Site::fixture("items");
    let mentoring = site.read("content/areas/mentoring.yaml").replace(
        "    - Mentors practitioners toward expert\n",
        "    - Mentors practitioners toward expert\n    - examples: [A mapping without its text]\n",
    );
    site.write("content/areas/mentoring.yaml", &mentoring);
    let r = site.rungs(&["build"]);
    assert_eq!(
        stderr_lines(&r)[0],
        "content/areas/mentoring.yaml:7:7: error: expectations.expert[1]: missing field `text`, expected `text:` with the item's expectation (Markdown)"
    );
    let site = Site::fixture("items");
    let mentoring = site.read("content/areas/mentoring.yaml").replace(
        "  maitre: Builds mentoring programmes\n",
        "  maitre: {text: Builds mentoring programmes}\n",
    );
    site.write("content/areas/mentoring.yaml", &mentoring);
    let r = site.rungs(&["build"]);
    assert_eq!(
        stderr_lines(&r)[0],
        "content/areas/mentoring.yaml:11:11: error: expectations.maitre: invalid type: a mapping (`key: value` lines), expected text, or a list of items"
    );
}

#[test]
fn alias_clashes_are_errors_naming_the_other_level() {
    let site = Site::fixture("items");
    let practitioner = site
        .read("content/levels/practitioner.yaml")
        .replace("aliases: [L2]", "aliases: [L2, l1, expert, app, \"\"]");
    site.write("content/levels/practitioner.yaml", &practitioner);
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        stderr_lines(&r),
        [
            "content/levels/practitioner.yaml:3:15: error: duplicate alias `l1`",
            "  = content/levels/apprentice.md has it as its alias: expected each alias to name one level",
            "content/levels/practitioner.yaml:3:19: error: duplicate alias `expert`",
            "  = content/levels/expert.yml has it as its id: expected each alias to name one level",
            "content/levels/practitioner.yaml:3:27: error: duplicate alias `app`",
            "  = content/levels/apprentice.md has it as its short name: expected each alias to name one level",
            "content/levels/practitioner.yaml:3:32: error: empty alias",
            "  = expected another name of the level, such as `L4`",
            "4 errors",
        ]
    );
}

#[test]
fn a_page_id_taken_by_the_site_is_an_error_naming_it() {
    let site = Site::fixture("items");
    site.write("content/pages/compare.md", "---\ntitle: Compare\n---\nx\n");
    site.write("content/pages/Bad Name.md", "---\ntitle: Bad\n---\nx\n");
    site.write("content/pages/untitled.md", "---\nnav: true\n---\nx\n");
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        stderr_lines(&r),
        [
            "content/pages/Bad Name.md:1:1: error: `Bad Name` is not a valid id",
            "  = expected a file name of lowercase letters, digits and `-`, such as `senior-engineer.md`",
            "content/pages/compare.md:1:1: error: page id `compare` clashes with the site's own `compare/`",
            "  = pages are published at the site's top level, where rungs keeps `compare` for its own pages: rename the file (taken: levels, areas, compare, assess, print, changes, pages, tracks, static)",
            "content/pages/untitled.md:2:1: error: missing field `title`",
            "  = expected a display title: `title: …`",
            "3 errors",
        ]
    );
}

#[test]
fn exports_carry_items_examples_threads_aliases_and_pages() {
    let site = built();
    validate_against_schema(&site);
    let json = ladder_json(&site);
    let apprentice = &json["levels"][0];
    assert_eq!(apprentice["aliases"], serde_json::json!(["L1", "E1"]));
    assert_eq!(apprentice["draft"], false);
    let craft = &apprentice["competencies"][0];
    assert_eq!(
        craft["expectations"],
        serde_json::json!([
            "Writes small changes with `tests`",
            "Reads code before changing it"
        ])
    );
    assert_eq!(
        craft["items"][0],
        serde_json::json!({
            "text": "Writes small changes with `tests`",
            "examples": [
                "Fixes a reported bug with a regression test",
                "Adds a *missing* test before refactoring"
            ],
            "thread": "small-changes",
            "id": "small-changes",
            "status": null,
            "was": null
        })
    );
    // The next level says what became of each item: the thread continues, the rest is new
    // or no longer listed.
    let craft = &json["levels"][1]["competencies"][0];
    let summary: Vec<(&str, &str, Option<&str>)> = craft["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap(),
                i["status"].as_str().unwrap(),
                i["was"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("small-changes", "grown", Some("small-changes")),
            ("keeps-complexity-down", "new", None)
        ]
    );
    assert_eq!(
        craft["dropped"],
        serde_json::json!(["reads-code-before-changing-it"])
    );
    let mentoring = &json["areas"][1];
    assert_eq!(mentoring["id"], "mentoring");
    let at_expert = &mentoring["expectations"][1];
    assert_eq!(at_expert["level"], "expert");
    assert_eq!(at_expert["list"], true);
    assert_eq!(
        at_expert["text"],
        "- Mentors practitioners toward expert\n- Pairs with a mentee every week"
    );
    assert_eq!(
        at_expert["items"][1]["examples"].as_array().unwrap().len(),
        2
    );
    assert_eq!(mentoring["expectations"][0]["list"], false);
    let pages: Vec<(&str, &str, bool)> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["url"].as_str().unwrap(),
                p["nav"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pages,
        [
            ("promotion", "promotion/", true),
            ("faq", "faq/", false),
            ("about", "about/", true),
            ("glossary", "glossary/", true),
        ]
    );

    let csv = site.read("public/ladder.csv");
    let mentoring_rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("area,expert,") && l.contains(",mentoring,"))
        .collect();
    assert_eq!(
        mentoring_rows,
        [
            "area,expert,Expert <Senior> & Mentor,30,mentoring,Mentoring <people>,1,Mentors practitioners toward expert",
            "area,expert,Expert <Senior> & Mentor,30,mentoring,Mentoring <people>,2,Pairs with a mentee every week",
        ]
    );
}

#[test]
fn items_aliases_drafts_and_pages_work_in_a_ladder_with_tracks() {
    let site = Site::fixture("tracks");
    let edit = |path: &str, from: &str, to: &str| {
        let text = site.read(path);
        assert!(text.contains(from), "{path} has `{from}`");
        site.write(path, &text.replacen(from, to, 1));
    };
    let ic = "content/tracks/ic";
    edit(
        &format!("{ic}/levels/ic4.md"),
        "rank: 4\n",
        "rank: 4\ndraft: true\n",
    );
    edit(
        &format!("{ic}/levels/ic1.md"),
        "rank: 1\n",
        "rank: 1\naliases: [L1]\n",
    );
    // The same alias in another track: peers may share a grade's name.
    edit(
        "content/tracks/sre/levels/sre1.md",
        "rank: 1\n",
        "rank: 1\naliases: [L1]\n",
    );
    edit(
        &format!("{ic}/levels/ic1.md"),
        "    - \"Écrit de petits changements testés\"\n",
        "    - text: \"Écrit de petits changements testés\"\n      thread: changements\n      examples: [\"Corrige un bogue avec un test\"]\n",
    );
    edit(
        &format!("{ic}/areas/qualite.md"),
        "  ic2: \"Écrit des tests d'intégration\"\n",
        "  ic2:\n    - \"Écrit des tests d'intégration\"\n    - text: \"Répare les tests instables\"\n      examples: [\"Isole un test qui dépend de l'heure\"]\n",
    );
    site.write(
        "content/pages/promotion.md",
        "---\ntitle: Promotion\nnav: true\n---\nVoir [IC3](../tracks/ic/levels/ic3.md).\n",
    );
    site.build_ok();

    // Drafts: left out of their track, of the peers and of the grades view.
    assert!(!site.public().join("ic/levels/ic4").exists());
    assert!(
        !site
            .public()
            .join("compare/ic.ic4-vs-management.m2")
            .exists()
    );
    assert!(!site.read("public/compare/index.html").contains("IC4"));
    // Items, list expectations and aliases inside a track.
    let ic1 = site.page("ic/levels/ic1/index.html");
    assert_eq!(texts(&ic1, ".page-header .alias"), ["L1"]);
    assert_eq!(
        texts(&ic1, "section.category details.examples li"),
        ["Corrige un bogue avec un test"]
    );
    let area = site.page("ic/areas/qualite/index.html");
    assert_eq!(texts(&area, "tr#at-ic2 ul.expectation-list > li").len(), 2);
    let track_home = site.page("ic/index.html");
    assert!(texts(&track_home, ".level-card .alias").contains(&"L1".to_string()));
    // The free page: at the top level, in the header of every page, linking into a track.
    let page = site.page("promotion/index.html");
    assert_eq!(
        page.select(&sel("#details a"))
            .filter_map(|a| a.value().attr("href"))
            .collect::<Vec<_>>(),
        ["../ic/levels/ic3/"]
    );
    for path in [
        "index.html",
        "ic/levels/ic1/index.html",
        "compare/index.html",
    ] {
        assert!(
            texts(&site.page(path), ".site-nav li").contains(&"Promotion".to_string()),
            "{path}"
        );
    }
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>/promotion/</loc>")
    );
    let json = ladder_json(&site);
    assert_eq!(json["version"], 2);
    assert_eq!(json["pages"][0]["url"], "promotion/");
    validate_against_schema(&site);
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());

    // With --drafts: the draft, marked, and its peer pair.
    let r = site.rungs(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ic4 = site.page("ic/levels/ic4/index.html");
    assert_eq!(texts(&ic4, ".page-header .badge--draft"), ["Draft"]);
    assert!(
        site.public()
            .join("compare/ic.ic4-vs-management.m2")
            .exists()
    );
    validate_against_schema(&site);
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn a_track_may_not_take_a_free_pages_id() {
    let site = Site::fixture("tracks");
    site.write("content/pages/ic.md", "---\ntitle: IC\n---\n");
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        stderr_lines(&r),
        [
            "content/tracks/ic:1:1: error: track id `ic` clashes with the page content/pages/ic.md, also published at `ic/`",
            "  = expected tracks and pages to have different ids: rename one",
            "1 error",
        ]
    );
}

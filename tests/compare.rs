//! Comparison pages: the ladder matrix, the growth-area matrix with merged cells, the pair
//! picker, and a page for every pair of levels.

use crate::support::*;
use scraper::Html;

fn built() -> Site {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    site
}

const LEVELS: [&str; 4] = ["apprentice", "practitioner", "expert", "maitre"];

#[test]
fn there_is_a_page_for_every_pair_of_levels_lower_first() {
    let site = built();
    let mut pairs: Vec<String> = std::fs::read_dir(site.public().join("compare"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    pairs.sort();
    let n = LEVELS.len();
    assert_eq!(pairs.len(), n * (n - 1) / 2);
    for (i, lower) in LEVELS.iter().enumerate() {
        for upper in &LEVELS[i + 1..] {
            assert!(
                pairs.contains(&format!("{lower}-vs-{upper}")),
                "{lower} vs {upper} missing: {pairs:?}"
            );
        }
    }
}

#[test]
fn ladder_matrix_has_a_column_per_level_and_a_row_per_category() {
    let site = built();
    let page = site.page("compare/index.html");
    let table = page
        .select(&sel("section[aria-labelledby=ladder-matrix] table"))
        .next()
        .unwrap();
    let headers: Vec<String> = table.select(&sel("thead th a")).map(text).collect();
    assert_eq!(headers, ["App", "Practitioner", "Expert", "Maître"]);
    let hrefs: Vec<&str> = table
        .select(&sel("thead th a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs[0], "../levels/apprentice/");
    let rows: Vec<String> = table
        .select(&sel("tbody th[scope=row]"))
        .map(text)
        .collect();
    assert_eq!(
        rows,
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    // Expert's craft items, by their ids on the comparison page.
    assert_eq!(
        texts(&page, "td .item[id^='expert.craft.']"),
        [
            "Keeps complexity down",
            "Designs systems & APIs for <10 ms latency"
        ]
    );
    // A row per skill: "Keeps complexity down" continues from Practitioner to Expert in one
    // row; the new Expert item starts its own row, empty before Expert.
    let row_of = |id: &str| -> Vec<String> {
        let item = page.select(&sel(&format!("[id='{id}']"))).next().unwrap();
        let tr = item
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "tr")
            .unwrap();
        tr.select(&sel("td")).map(text).collect()
    };
    assert_eq!(
        row_of("expert.craft.keeps-complexity-down"),
        ["—", "Keeps complexity down", "Keeps complexity down", "—"]
    );
    assert_eq!(
        row_of("expert.craft.designs-systems-apis-for-10"),
        ["—", "—", "Designs systems & APIs for <10 ms latency", "—"]
    );
    // The category header spans its rows.
    let craft_th = table.select(&sel("tbody th[scope=row]")).next().unwrap();
    let craft_rows = table
        .select(&sel("tbody tr"))
        .take_while(|tr| {
            tr.select(&sel("th"))
                .next()
                .is_none_or(|th| th.id() == craft_th.id())
        })
        .count();
    assert_eq!(
        craft_th.value().attr("rowspan"),
        Some(craft_rows.to_string().as_str())
    );
    // Apprentice lists no leadership expectations: an explicit marker, not an empty cell.
    let leadership = table
        .select(&sel("tbody tr"))
        .find(|tr| {
            tr.select(&sel("th")).next().map(text).as_deref() == Some("Leadership <of people>")
        })
        .unwrap();
    assert_eq!(text(leadership.select(&sel("td")).next().unwrap()), "—");
}

fn area_row_cells(page: &Html, area: &str) -> Vec<(usize, String)> {
    let table = page
        .select(&sel("section[aria-labelledby=area-matrix] table"))
        .next()
        .unwrap();
    let row = table
        .select(&sel("tbody tr"))
        .find(|r| text(r.select(&sel("th")).next().unwrap()) == area)
        .unwrap_or_else(|| panic!("no row {area}"));
    row.select(&sel("td"))
        .map(|td| {
            (
                td.value().attr("colspan").map_or(1, |c| c.parse().unwrap()),
                text(td),
            )
        })
        .collect()
}

#[test]
fn growth_area_matrix_merges_neighbours_with_the_same_expectation() {
    let site = built();
    let page = site.page("compare/index.html");
    assert_eq!(
        area_row_cells(&page, "Testing & Quality"),
        [
            (1, "Writes unit tests for their changes".to_string()),
            (1, "Designs test suites for features".to_string()),
            (
                2,
                "Sets the testing strategy of a system (Expert, Maître)".to_string()
            ),
        ]
    );
    assert_eq!(
        area_row_cells(&page, "Mentoring <people>"),
        [
            (1, "— no expectation".to_string()),
            (1, "Helps apprentices with reviews".to_string()),
            (1, "Mentors practitioners toward expert".to_string()),
            (1, "Builds mentoring programmes".to_string()),
        ]
    );
    // Every row covers every level exactly once.
    let table = page
        .select(&sel("section[aria-labelledby=area-matrix] tbody"))
        .next()
        .unwrap();
    for row in table.select(&sel("tr")) {
        let span: usize = row
            .select(&sel("td"))
            .map(|td| td.value().attr("colspan").map_or(1, |c| c.parse().unwrap()))
            .sum();
        assert_eq!(span, LEVELS.len());
    }
}

#[test]
fn picker_links_every_pair_without_javascript() {
    let site = built();
    let page = site.page("compare/index.html");
    let links: Vec<(String, String)> = page
        .select(&sel("table.picker a"))
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(links.len(), 6);
    assert!(
        links.contains(&(
            "App vs Maître".to_string(),
            "../compare/apprentice-vs-maitre/".to_string()
        )),
        "{links:?}"
    );
    assert!(
        page.select(&sel("form[data-pair-picker][hidden]"))
            .next()
            .is_some(),
        "JS-only form starts hidden"
    );
}

#[test]
fn pair_page_shows_both_levels_side_by_side_and_flags_what_is_new() {
    let site = built();
    let page = site.page("compare/practitioner-vs-expert/index.html");
    // Craft: the unchanged item keeps its row, the dropped one comes first (it had no
    // predecessor), the new one has nothing below it.
    assert_eq!(
        pair_rows(&page, "#craft + .pair-rows"),
        [
            row("dropped", "Ships features end to end", "—"),
            row("new", "—", "Designs systems & APIs for <10 ms latency"),
            row(
                "unchanged",
                "Keeps complexity down",
                "Keeps complexity down"
            ),
        ]
    );
    // Row ids: the upper item's id on its level page, the lower's when dropped.
    let ids: Vec<&str> = page
        .select(&sel("#craft + .pair-rows > li"))
        .map(|li| li.value().id().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "craft.ships-features-end-to-end",
            "craft.designs-systems-apis-for-10",
            "craft.keeps-complexity-down"
        ]
    );
    // Status badges are words, not colour alone.
    assert_eq!(
        texts(&page, "#craft + .pair-rows .badge"),
        ["No longer listed", "New", "Unchanged"]
    );
    // The summary counts each status per category, the growth areas and all.
    let summary: Vec<Vec<String>> = page
        .select(&sel(".pair-summary tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(
        summary,
        [
            vec!["Category", "New", "Grown", "Unchanged", "No longer listed"],
            vec!["Craft & Code", "1", "0", "1", "1"],
            vec!["Collaboration", "1", "0", "0", "1"],
            vec!["Leadership <of people>", "1", "0", "0", "1"],
            vec!["Growth areas", "0", "3", "0", "0"],
            vec!["In all", "3", "3", "1", "3"],
        ]
    );
    assert_eq!(
        texts(&page, ".page-header .lead"),
        ["New at Expert: 3 expectations, marked New in the Expert column."]
    );
    // Neighbours: the higher level's transition is shown.
    assert_eq!(
        texts(&page, "section.transition .prose"),
        ["Moves from delivering features to designing systems."]
    );
    // Growth areas: a growth area continues itself, so a reworded expectation has grown.
    assert_eq!(
        pair_rows(
            &page,
            "section[aria-labelledby=growth-areas] .pair-rows > li[id^='area.testing']"
        ),
        [row(
            "grown",
            "Designs test suites for features",
            "Sets the testing strategy of a system"
        )]
    );
}

/// A pair page row as `(status, lower text, upper text)`.
fn row(status: &str, lower: &str, upper: &str) -> (String, String, String) {
    (status.into(), lower.into(), upper.into())
}

/// The pair rows matching `rows` (`#craft + .pair-rows > li`): status (from the row's
/// class) and the text of each side.
fn pair_rows(page: &Html, rows: &str) -> Vec<(String, String, String)> {
    let rows = if rows.contains("> li") {
        rows.to_string()
    } else {
        format!("{rows} > li")
    };
    page.select(&sel(&rows))
        .map(|li| {
            let status = li
                .value()
                .classes()
                .find_map(|c| c.strip_prefix("pair-row--"))
                .unwrap()
                .to_string();
            let side = |s: &str| text(li.select(&sel(s)).next().unwrap());
            (status, side(".lo"), side(".up"))
        })
        .collect()
}

#[test]
fn pair_page_for_levels_further_apart_links_each_step_and_same_expectations_merge() {
    let site = built();
    let page = site.page("compare/practitioner-vs-maitre/index.html");
    assert!(page.select(&sel("section.transition")).next().is_none());
    let steps: Vec<&str> = page
        .select(&sel(".steps a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "../../compare/practitioner-vs-expert/",
            "../../compare/expert-vs-maitre/"
        ]
    );
    let expert_maitre = site.page("compare/expert-vs-maitre/index.html");
    // What is the same at both levels is one unchanged row.
    assert_eq!(
        pair_rows(&expert_maitre, ".pair-rows > li[id^='area.testing']"),
        [row(
            "unchanged",
            "Sets the testing strategy of a system",
            "Sets the testing strategy of a system"
        )]
    );
    assert_eq!(
        texts(&expert_maitre, ".pair-row > .pt"),
        ["Testing & Quality", "Mentoring <people>", "Observability"]
    );
    let pager: Vec<&str> = page
        .select(&sel(".pager a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(pager, ["../../compare/apprentice-vs-expert/"]);
}

#[test]
fn level_pages_link_to_comparisons_with_their_neighbours() {
    let site = built();
    let page = site.page("levels/practitioner/index.html");
    let links: Vec<(String, String)> = page
        .select(&sel(".toc a[href*=compare]"))
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Compare with App".to_string(),
                "../../compare/apprentice-vs-practitioner/".to_string()
            ),
            (
                "Compare with Expert".to_string(),
                "../../compare/practitioner-vs-expert/".to_string()
            ),
        ]
    );
}

#[test]
fn every_page_has_breadcrumbs_except_home_and_tables_have_captions_and_scopes() {
    let site = built();
    for (path, _) in site
        .snapshot()
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
    {
        let rel = path.to_str().unwrap();
        let page = site.page(rel);
        let crumbs = page.select(&sel("nav.breadcrumbs li")).count();
        if rel == "index.html" {
            assert_eq!(crumbs, 0);
        } else {
            assert!(crumbs >= 2, "{rel} has no breadcrumbs");
        }
        for table in page.select(&sel("table")) {
            assert!(
                table.select(&sel("caption")).next().is_some(),
                "{rel}: table without caption"
            );
            assert!(
                table.select(&sel("th:not([scope])")).next().is_none(),
                "{rel}: th without scope"
            );
        }
        for h in page.select(&sel("main h2, main h3")) {
            assert!(
                h.value().attr("id").is_some(),
                "{rel}: heading without id: {}",
                text(h)
            );
        }
    }
}

#[test]
fn shipped_ladder_merges_staff_and_principal_growth_areas() {
    let site = Site::shipped();
    site.build_ok();
    let page = site.page("compare/index.html");
    let merged: Vec<String> = page
        .select(&sel("section[aria-labelledby=area-matrix] td[colspan='2']"))
        .map(text)
        .collect();
    assert_eq!(merged.len(), 5, "{merged:?}");
    assert_eq!(
        merged[0],
        "Develops company-wide data strategies and governance frameworks (Staff, Principal)"
    );
    let pair_pages = std::fs::read_dir(site.public().join("compare"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(pair_pages, 10);
}

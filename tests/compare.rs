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
    let craft = table.select(&sel("tbody tr")).next().unwrap();
    let cells: Vec<Vec<String>> = craft
        .select(&sel("td"))
        .map(|td| td.select(&sel("li")).map(text).collect())
        .collect();
    assert_eq!(
        cells[2],
        [
            "Designs systems & APIs for <10 ms latency",
            "Keeps complexity down"
        ]
    );
    // Apprentice lists no leadership expectations: an explicit marker, not an empty cell.
    let leadership = table.select(&sel("tbody tr")).nth(2).unwrap();
    assert_eq!(
        text(leadership.select(&sel("td")).next().unwrap()),
        "None listed"
    );
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
    let table = page
        .select(&sel("section[aria-labelledby=competencies] table"))
        .next()
        .unwrap();
    let craft = table.select(&sel("tbody tr")).next().unwrap();
    let tds: Vec<_> = craft.select(&sel("td")).collect();
    let lower: Vec<String> = tds[0].select(&sel("li")).map(text).collect();
    assert_eq!(
        lower,
        ["Ships features end to end", "Keeps complexity down"]
    );
    let upper: Vec<(String, bool)> = tds[1]
        .select(&sel("li"))
        .map(|li| (text(li), li.value().classes().any(|c| c == "is-new")))
        .collect();
    assert_eq!(
        upper,
        [
            (
                "New: Designs systems & APIs for <10 ms latency".to_string(),
                true
            ),
            ("Keeps complexity down".to_string(), false),
        ]
    );
    // Neighbours: the higher level's transition is shown.
    assert_eq!(
        texts(&page, "section.transition .prose"),
        ["Moves from delivering features to designing systems."]
    );
    // Growth areas: both expectations, or one merged cell when they are the same.
    let areas = page
        .select(&sel("section[aria-labelledby=growth-areas] tbody"))
        .next()
        .unwrap();
    let first: Vec<String> = areas
        .select(&sel("tr"))
        .next()
        .unwrap()
        .select(&sel("td"))
        .map(text)
        .collect();
    assert_eq!(
        first,
        [
            "Designs test suites for features",
            "New: Sets the testing strategy of a system"
        ]
    );
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
    let merged: Vec<(String, String)> = expert_maitre
        .select(&sel("section[aria-labelledby=growth-areas] td.merged"))
        .map(|td| (td.value().attr("colspan").unwrap().to_string(), text(td)))
        .collect();
    assert_eq!(
        merged,
        [
            (
                "2".to_string(),
                "Sets the testing strategy of a system (same at both levels)".to_string()
            ),
            (
                "2".to_string(),
                "Designs alerting (same at both levels)".to_string()
            ),
        ]
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

//! The shipped backend ladder: every expectation of the source text is published, word for
//! word, on the page and in the section where it belongs.

use crate::support::*;

const SOURCE: &str = include_str!("fixtures/backend-career-ladder.txt");

/// Levels as the source text names them, with the short name their page uses.
const LEVELS: &[(&str, &str)] = &[
    ("Junior Backend Engineer (Engineer I)", "junior"),
    ("Mid-Level Backend Engineer (Engineer II)", "mid-level"),
    ("Senior Backend Engineer", "senior"),
    ("Staff Backend Engineer", "staff"),
    ("Principal Backend Engineer", "principal"),
];

fn lines_between<'a>(start: &str, end: &str) -> Vec<&'a str>
where
    'static: 'a,
{
    let lines: Vec<&str> = SOURCE.lines().collect();
    let s = lines
        .iter()
        .position(|l| *l == start)
        .expect("start heading");
    let e = lines.iter().position(|l| *l == end).expect("end heading");
    lines[s + 1..e].to_vec()
}

#[test]
fn builds_home_level_area_and_comparison_pages() {
    let site = Site::shipped();
    site.build_ok();
    let files = site.snapshot();
    let pages: Vec<_> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    // home + 5 levels + 5 areas + the comparison page + 5·4/2 pair pages + 404 + print, and
    // the self-assessment chooser + a checklist per level
    assert_eq!(pages.len(), 1 + 5 + 5 + 1 + 10 + 1 + 1 + 1 + 5, "{pages:?}");
    let home = site.page("index.html");
    assert_eq!(
        texts(&home, ".level-card__title"),
        LEVELS
            .iter()
            .map(|(t, _)| t.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        texts(&home, ".area-list a"),
        [
            "Data Architecture & Management",
            "System Design & Scalability",
            "Security & Compliance",
            "API Design & Integration",
            "Infrastructure & DevOps"
        ]
    );
}

#[test]
fn every_competency_appears_under_its_level_and_category() {
    let site = Site::shipped();
    site.build_ok();
    let section = lines_between(
        "Backend Engineer Career Progression",
        "Key Transitions Between Levels",
    );
    let mut level: Option<scraper::Html> = None;
    let mut category = String::new();
    let mut checked = 0;
    for line in section.iter().skip(1) {
        if let Some((_, id)) = LEVELS.iter().find(|(t, _)| t == line) {
            level = Some(site.page(&format!("levels/{id}/index.html")));
        } else if let Some(cat) = line.strip_suffix(':') {
            category = cat.to_string();
        } else if let Some(item) = line.strip_prefix("- ") {
            let page = level.as_ref().expect("a level heading came first");
            let section = page
                .select(&sel("section.category"))
                .find(|s| {
                    s.select(&sel("h3")).next().map(text).as_deref() == Some(category.as_str())
                })
                .unwrap_or_else(|| panic!("no section for category {category}"));
            let items: Vec<String> = section.select(&sel("li")).map(text).collect();
            assert!(
                items.contains(&item.to_string()),
                "`{item}` missing under {category}: {items:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 120, "every bullet of the five levels was checked");
}

#[test]
fn each_transition_is_on_the_upper_levels_page() {
    let site = Site::shipped();
    site.build_ok();
    let section = lines_between(
        "Key Transitions Between Levels",
        "Backend-Specific Growth Areas Across Levels",
    );
    let uppers = ["mid-level", "senior", "staff", "principal"];
    assert_eq!(section.len(), 8);
    for (pair, upper) in section.chunks(2).zip(uppers) {
        let page = site.page(&format!("levels/{upper}/index.html"));
        let transition = page
            .select(&sel("section.transition .prose"))
            .next()
            .expect("transition section");
        assert_eq!(text(transition), pair[1], "transition `{}`", pair[0]);
    }
    let junior = site.page("levels/junior/index.html");
    assert!(junior.select(&sel("section.transition")).next().is_none());
}

#[test]
fn each_growth_area_expectation_is_in_the_right_level_row() {
    let site = Site::shipped();
    site.build_ok();
    let section = lines_between("Backend-Specific Growth Areas Across Levels", "Conclusion");
    let ids = [
        "data-architecture",
        "system-design",
        "security",
        "api-design",
        "infrastructure",
    ];
    let mut checked = 0;
    for (chunk, id) in section[1..].chunks(5).zip(ids) {
        let page = site.page(&format!("areas/{id}/index.html"));
        assert_eq!(texts(&page, "h1"), [chunk[0]]);
        let rows = row_pairs(page.root_element(), "table.matrix tbody tr");
        assert_eq!(rows.len(), 5);
        for line in &chunk[1..] {
            let (labels, expectation) = line.strip_prefix("- ").unwrap().split_once(": ").unwrap();
            for label in labels.split('/') {
                let row = rows
                    .iter()
                    .find(|(level, _)| level.to_lowercase().starts_with(&label.to_lowercase()))
                    .unwrap_or_else(|| panic!("no row for {label}"));
                assert_eq!(row.1, expectation, "{id} at {label}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 25);
}

#[test]
fn introduction_core_responsibilities_and_conclusion_are_on_the_home_page() {
    let site = Site::shipped();
    site.build_ok();
    let home = site.page("index.html");
    let home_text = normalize(&home.root_element().text().collect::<String>());
    let lines: Vec<&str> = SOURCE.lines().collect();
    let conclusion = lines.iter().position(|l| *l == "Conclusion").unwrap();
    let mut wanted: Vec<&str> = lines[..15].to_vec();
    wanted.push(
        lines[lines
            .iter()
            .position(|l| *l == "Backend-Specific Growth Areas Across Levels")
            .unwrap()
            + 1],
    );
    wanted.extend(&lines[conclusion..]);
    for line in wanted {
        let line = line.strip_prefix("- ").unwrap_or(line);
        assert!(home_text.contains(line), "home page lacks: {line}");
    }
}

#[test]
fn every_internal_link_resolves() {
    let site = Site::shipped();
    site.build_ok();
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

#[test]
fn level_pages_list_every_area_expectation_linked_to_the_area() {
    let site = Site::shipped();
    site.build_ok();
    let senior = site.page("levels/senior/index.html");
    let rows: Vec<(String, String, String)> = senior
        .select(&sel("#growth-areas ~ .table-scroll tbody tr"))
        .map(|r| {
            let a = r.select(&sel("th a")).next().unwrap();
            (
                text(a),
                a.value().attr("href").unwrap().to_string(),
                text(r.select(&sel("td")).next().unwrap()),
            )
        })
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[2],
        (
            "Security & Compliance".to_string(),
            "../../areas/security/".to_string(),
            "Designs secure systems and leads security reviews".to_string()
        )
    );
    let pager: Vec<_> = senior
        .select(&sel(".pager a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(pager, ["../../levels/mid-level/", "../../levels/staff/"]);
}

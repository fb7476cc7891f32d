//! The site's own words and category groups: a ladder with every label in French
//! (tests/fixtures/labels-fr) shows no English word of the theme on any page, shows its
//! groups as headings in order, and bad `labels`/`groups` entries are exact errors.

use crate::support::*;
use rungs::labels::LABELS;
use scraper::{ElementRef, Html};
use std::path::Path;

/// The literal words of a label's text: the parts between placeholders that have a letter.
pub(crate) fn fragments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push(rest[..open].to_string());
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push(rest.to_string());
    out.into_iter()
        .map(|f| f.trim().to_string())
        .filter(|f| f.chars().any(char::is_alphabetic))
        .collect()
}

/// Whether `needle` occurs in `hay` as whole words (not inside a longer word).
pub(crate) fn contains_words(hay: &str, needle: &str) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(at, _)| {
        !is_word(hay[..at].chars().next_back()) && !is_word(hay[at + needle.len()..].chars().next())
    })
}

/// Every text node and every attribute a reader can meet (aria-label, placeholder, title,
/// alt, data-*) of a page.
pub(crate) fn visible_strings(doc: &Html) -> Vec<String> {
    let mut out: Vec<String> = doc
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            if matches!(name, "aria-label" | "placeholder" | "title" | "alt")
                || name.starts_with("data-")
            {
                out.push(value.to_string());
            }
        }
    }
    out
}

pub(crate) fn html_pages(out: &Path) -> Vec<(String, Html)> {
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, bytes)| {
            (
                p.display().to_string(),
                Html::parse_document(&String::from_utf8_lossy(&bytes)),
            )
        })
        .collect()
}

/// The French text of each label key, as site.yaml of the fixture sets it.
pub(crate) fn french_labels(site: &Site) -> std::collections::BTreeMap<String, String> {
    let yaml: serde_json::Value =
        serde_yaml::from_str(&site.read("content/site.yaml")).expect("site.yaml parses");
    yaml["labels"]
        .as_object()
        .expect("labels")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_string()))
        .collect()
}

#[test]
fn the_french_fixture_sets_every_label() {
    let site = Site::fixture("labels-fr");
    let fr = french_labels(&site);
    let keys: Vec<&str> = LABELS.iter().map(|l| l.key).collect();
    assert_eq!(fr.keys().map(String::as_str).collect::<Vec<_>>(), {
        let mut k = keys.clone();
        k.sort_unstable();
        k
    });
}

#[test]
fn no_english_word_of_the_theme_is_left_on_any_page_of_a_french_ladder() {
    let site = Site::fixture("labels-fr");
    site.build_ok();
    let fr = french_labels(&site);
    // Labels whose French text is the English one (none today) cannot be told apart.
    let english: Vec<(&str, String)> = LABELS
        .iter()
        .filter(|l| fr.get(l.key) != Some(&l.default.to_string()))
        .flat_map(|l| fragments(l.default).into_iter().map(move |f| (l.key, f)))
        .collect();
    assert!(english.len() > LABELS.len(), "{english:?}");
    let pages = html_pages(&site.public());
    assert_eq!(
        pages.len(),
        22,
        "16 pages, print, the self-assessment chooser and 4 levels"
    );
    let mut left = Vec::new();
    for (path, doc) in &pages {
        assert_eq!(
            doc.select(&sel("html"))
                .next()
                .and_then(|h| h.value().attr("lang")),
            Some("fr"),
            "{path}"
        );
        for s in visible_strings(doc) {
            for (key, fragment) in &english {
                if contains_words(&s, fragment) {
                    left.push(format!("{path}: `{key}` “{fragment}” in “{}”", s.trim()));
                }
            }
        }
    }
    let index = site.read("public/search-index.json");
    for (key, fragment) in &english {
        if contains_words(&index, fragment) {
            left.push(format!("search-index.json: `{key}` “{fragment}”"));
        }
    }
    assert!(left.is_empty(), "English left:\n{}", left.join("\n"));
}

#[test]
fn french_phrases_are_filled_in_their_own_word_order() {
    let site = Site::fixture("labels-fr");
    site.build_ok();
    let level = site.page("levels/praticien/index.html");
    assert_eq!(texts(&level, ".eyebrow"), ["Niveau 2 sur 4"]);
    assert_eq!(
        texts(&level, ".transition__from"),
        ["De Apprenti à Praticien"]
    );
    assert_eq!(
        texts(&level, ".transition__from a")[0],
        "Apprenti",
        "the previous level stays a link inside the phrase"
    );
    assert_eq!(
        texts(&level, "#growth-areas ~ .table-scroll caption"),
        ["Ce que chaque axe de progression attend au niveau Praticien"]
    );
    assert_eq!(
        texts(&level, "footer p"),
        [
            "Échelle <Test> & Cie — Ünïcödé · fabriqué avec rungs",
            "Haut de page · Imprimer l’échelle"
        ]
    );
    let pair = site.page("compare/apprenti-vs-expert/index.html");
    assert_eq!(
        texts(&pair, "title"),
        ["App contre Experte · Échelle <Test> & Cie — Ünïcödé"]
    );
    let lead = texts(&pair, ".lead").join("");
    assert!(
        lead.starts_with("Nouveau au niveau Experte : ")
            && lead.ends_with("dans la colonne Experte."),
        "{lead}"
    );
    let form = level.select(&sel("form[data-search]")).next().unwrap();
    assert_eq!(
        form.value().attr("data-no-results-for"),
        Some("Aucun résultat pour « {query} »")
    );
    let not_found = site.page("404.html");
    assert_eq!(texts(&not_found, "h1"), ["Page introuvable"]);
    // Labels are plain text: escaped, never markup.
    assert_eq!(
        texts(&not_found, "h2#where-next"),
        ["Où aller <à la place> & ailleurs"]
    );
    assert_eq!(
        texts(&not_found, ".breadcrumbs li"),
        ["Accueil", "Page introuvable"]
    );
}

/// The display order of the fixture: the category of no group first, then group `humain`
/// (declared first), then `technique`, each group's categories in the order written.
const ORDER: [&str; 5] = [
    "Valeurs",
    "Coopération",
    "Encadrement <des personnes>",
    "Métier & code",
    "Outillage",
];
const GROUPS: [&str; 2] = ["Humain & équipe", "Technique"];

#[test]
fn groups_head_their_categories_on_level_pages() {
    let site = Site::fixture("labels-fr");
    site.build_ok();
    let level = site.page("levels/praticien/index.html");
    let headings: Vec<(String, String)> = level
        .select(&sel("section[aria-labelledby=competencies] :is(h3, h4)"))
        .map(|h| (h.value().name().to_string(), text(h)))
        .collect();
    let expected = [
        ("h3", ORDER[0]),
        ("h3", GROUPS[0]),
        ("h4", ORDER[1]),
        ("h4", ORDER[2]),
        ("h3", GROUPS[1]),
        ("h4", ORDER[3]),
        ("h4", ORDER[4]),
    ]
    .map(|(h, t)| (h.to_string(), t.to_string()));
    assert_eq!(headings, expected);
    assert_eq!(
        texts(
            &level,
            "section.category-group > .category-group__description"
        ),
        ["Comment vous travaillez avec les autres."]
    );
    // Each group's categories are inside its section.
    assert_eq!(
        texts(
            &level,
            "section.category-group[aria-labelledby=technique] h4"
        ),
        [ORDER[3], ORDER[4]]
    );
}

/// Asserts a matrix of `table` in `doc`: a `tbody` for the ungrouped categories, then one
/// per group headed by a full-width `th scope=rowgroup`, rows in display order.
fn assert_grouped_matrix(doc: &Html, table: &str, columns: usize) {
    let table = doc.select(&sel(table)).next().expect("table");
    assert!(table.select(&sel("caption")).next().is_some());
    let bodies: Vec<ElementRef> = table.select(&sel("tbody")).collect();
    assert_eq!(bodies.len(), 3);
    assert!(
        bodies[0]
            .select(&sel("th[scope=rowgroup]"))
            .next()
            .is_none()
    );
    let group_headers: Vec<String> = bodies[1..]
        .iter()
        .map(|b| {
            let first = b.select(&sel("tr")).next().expect("a row");
            let th = first.select(&sel("th")).next().expect("a header");
            assert_eq!(th.value().attr("scope"), Some("rowgroup"));
            assert_eq!(
                th.value().attr("colspan"),
                Some(columns.to_string().as_str())
            );
            text(th)
        })
        .collect();
    assert_eq!(group_headers, GROUPS);
    let rows: Vec<String> = table
        .select(&sel("tbody th[scope=row]"))
        .map(text)
        .collect();
    assert_eq!(rows, ORDER);
}

#[test]
fn groups_head_their_rows_in_the_pair_and_compare_matrices() {
    let site = Site::fixture("labels-fr");
    site.build_ok();
    let compare = site.page("compare/index.html");
    assert_grouped_matrix(&compare, "#ladder-matrix ~ .table-scroll table", 5);
    // A pair page heads its groups of categories as a level page does.
    let pair = site.page("compare/praticien-vs-maitre/index.html");
    let headings: Vec<(String, String)> = pair
        .select(&sel("section[aria-labelledby=competencies] :is(h3, h4)"))
        .map(|h| (h.value().name().to_string(), text(h)))
        .collect();
    let expected = [
        ("h3", ORDER[0]),
        ("h3", GROUPS[0]),
        ("h4", ORDER[1]),
        ("h4", ORDER[2]),
        ("h3", GROUPS[1]),
        ("h4", ORDER[3]),
        ("h4", ORDER[4]),
    ]
    .map(|(h, t)| (h.to_string(), t.to_string()));
    assert_eq!(headings, expected);
    // Its summary counts every category in display order, then the growth areas.
    let summary: Vec<String> = texts(&pair, ".pair-summary tbody th");
    assert_eq!(&summary[..5], ORDER);
    assert_eq!(summary.len(), 6);
    assert!(
        broken_links(&site.public()).is_empty(),
        "{:?}",
        broken_links(&site.public())
    );
}

#[test]
fn ladder_json_lists_groups_and_each_category_group() {
    let site = Site::fixture("labels-fr");
    site.build_ok();
    crate::publish::validate_against_schema(&site);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/ladder.json")).unwrap();
    let ids = |v: &serde_json::Value, field: &str| -> Vec<serde_json::Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].clone())
            .collect()
    };
    assert_eq!(ids(&json["groups"], "id"), ["humain", "technique"]);
    assert_eq!(
        ids(&json["categories"], "id"),
        [
            "valeurs",
            "collaboration",
            "encadrement",
            "metier",
            "outillage"
        ]
    );
    assert_eq!(
        ids(&json["categories"], "group"),
        [
            serde_json::Value::Null,
            "humain".into(),
            "humain".into(),
            "technique".into(),
            "technique".into()
        ]
    );
    // Without groups, ladder.json has neither key (as before groups existed).
    let plain = Site::fixture("small-ladder");
    plain.build_ok();
    let json = plain.read("public/ladder.json");
    assert!(!json.contains("\"groups\"") && !json.contains("\"group\""));
}

/// `rungs check` on the small ladder with `site.yaml` replaced: its stderr lines.
fn errors_of(site_yaml: &str) -> Vec<String> {
    let site = Site::fixture("small-ladder");
    site.write("content/site.yaml", site_yaml);
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.stderr
        .lines()
        .filter(|l| l.starts_with("content/site.yaml:") || l.starts_with("  = "))
        .map(str::to_string)
        .collect()
}

const CATEGORIES: &str = "categories:\n  - id: craft\n    title: Craft\n  - id: collaboration\n    title: Collaboration\n  - id: leadership\n    title: Leadership\n";

#[test]
fn an_unknown_label_key_is_an_error_at_its_key() {
    assert_eq!(
        errors_of(&format!(
            "title: T\n{CATEGORIES}labels:\n  home: Accueil\n  skip_to_contnet: Aller au contenu\n"
        )),
        [
            "content/site.yaml:11:3: error: unknown label `skip_to_contnet`",
            "  = did you mean `skip_to_content`?"
        ]
    );
}

#[test]
fn a_placeholder_the_label_does_not_have_is_an_error_naming_the_allowed_ones() {
    assert_eq!(
        errors_of(&format!(
            "title: T\n{CATEGORIES}labels:\n  level_position: \"Niveau {{rang}} sur {{count}}\"\n  home: \"\"\n"
        )),
        [
            "content/site.yaml:10:19: error: label `level_position` uses the placeholder `{rang}`, which it does not have",
            "  = expected only the placeholders `{position}`, `{count}` (default “Level {position} of {count}”)",
            "content/site.yaml:11:9: error: label `home` is empty",
            "  = expected the text to show, or no `home` entry to keep the default “Home”"
        ]
    );
}

#[test]
fn an_unknown_group_is_an_error_at_the_category() {
    assert_eq!(
        errors_of(
            "title: T\ngroups:\n  - id: people\n    title: People\n  - id: people\n    title: Again\n  - id: Bad Id\n    title: Bad\ncategories:\n  - id: craft\n    title: Craft\n    group: peple\n  - id: collaboration\n    title: Collaboration\n    group: people\n  - id: leadership\n    title: Leadership\n"
        ),
        [
            "content/site.yaml:5:9: error: duplicate group id `people`",
            "content/site.yaml:7:9: error: group id `Bad Id` is not a valid id",
            "  = expected lowercase letters, digits and `-`, such as `craft`",
            "content/site.yaml:12:12: error: unknown group `peple`",
            "  = did you mean `people`?"
        ]
    );
}

#[test]
fn the_search_box_speaks_the_site_language_in_a_real_browser() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::fixture("labels-fr");
    site.build_ok();
    let server = crate::support::static_server::StaticServer::start(&site.public(), "/");
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("http://{}/levels/apprenti/", server.addr))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("#site-search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("zzzq").unwrap();
    let none = tab
        .wait_for_element(".site-search__none")
        .expect("the no-results line appears");
    assert_eq!(
        none.get_inner_text().unwrap(),
        "Aucun résultat pour « zzzq »"
    );
    let status = tab
        .evaluate(
            "document.getElementById('site-search-status').textContent",
            false,
        )
        .unwrap();
    assert_eq!(
        status.value.and_then(|v| v.as_str().map(str::to_string)),
        Some("Aucun résultat".to_string())
    );
    // A search with hits: the count comes from `search_results` / `search_one_result`.
    tab.navigate_to(&format!(
        "http://{}/levels/apprenti/?search=alertes",
        server.addr
    ))
    .unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("#site-search-results a")
        .expect("results appear");
    let status = tab
        .evaluate(
            "document.getElementById('site-search-status').textContent",
            false,
        )
        .unwrap()
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    assert!(
        status == "1 résultat"
            || status
                .strip_suffix(" résultats")
                .is_some_and(|n| n.parse::<usize>().is_ok()),
        "{status}"
    );
}

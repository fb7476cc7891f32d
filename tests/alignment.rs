//! Threads, alignment and permalinks: what each item became at the next level (exact
//! statuses on the `threads` fixture and on the shipped ladder), word-level differences,
//! item ids (stable, unique per page, the targets of search results and links), and the pair
//! page's phone layout in a real browser.

use crate::support::static_server::StaticServer;
use crate::support::*;
use scraper::Html;
use std::collections::{BTreeMap, BTreeSet};

fn built() -> Site {
    let site = Site::fixture("threads");
    site.build_ok();
    site
}

/// Each row of the pair-row list at `list` (or the rows `list` selects, with `> li`):
/// `(id, status, lower text, upper text)`, a word-level difference read as its new text.
fn rows(page: &Html, list: &str) -> Vec<(String, String, String, String)> {
    let rows = if list.contains("> li") {
        list.to_string()
    } else {
        format!("{list} > li.pair-row")
    };
    page.select(&sel(&rows))
        .map(|li| {
            let status = li
                .value()
                .classes()
                .find_map(|c| c.strip_prefix("pair-row--"))
                .unwrap()
                .to_string();
            // What a side reads as: without its level label, and a difference without its
            // deleted words (the new text).
            fn read(el: scraper::ElementRef, out: &mut String) {
                for child in el.children() {
                    if let Some(t) = child.value().as_text() {
                        out.push_str(t);
                    } else if let Some(e) = scraper::ElementRef::wrap(child) {
                        let skip = e.value().name() == "del"
                            || e.value().classes().any(|c| c == "pt" || c == "permalink");
                        if !skip {
                            read(e, out);
                        }
                    }
                }
            }
            let side = |s: &str| {
                let mut out = String::new();
                read(li.select(&sel(s)).next().unwrap(), &mut out);
                normalize(&out)
            };
            (
                li.value().id().unwrap().to_string(),
                status,
                side(".lo"),
                side(".up"),
            )
        })
        .collect()
}

fn r(id: &str, status: &str, lower: &str, upper: &str) -> (String, String, String, String) {
    (id.into(), status.into(), lower.into(), upper.into())
}

#[test]
fn rewordings_grow_threads_win_and_the_rest_is_new_or_no_longer_listed() {
    let site = built();
    let pair = site.page("compare/junior-vs-mid/index.html");
    assert_eq!(
        rows(&pair, "#craft + .pair-rows"),
        [
            // Moved from third to first: the same text, the same id.
            r(
                "craft.reads-the-teams-code-before",
                "unchanged",
                "Reads the team's code before changing it",
                "Reads the team's code before changing it"
            ),
            // Reworded: aligned by its words.
            r(
                "craft.writes-small-tested-changes-with",
                "grown",
                "Writes small, tested changes",
                "Writes small, tested changes with clear descriptions"
            ),
            // No word in common, but the same thread.
            r(
                "craft.debugging",
                "grown",
                "Fixes bugs in one service",
                "Traces production incidents across services"
            ),
            r(
                "craft.designs-a-features-data-model",
                "new",
                "—",
                "Designs a feature's data model"
            ),
        ]
    );
    assert_eq!(
        rows(&pair, "#people + .pair-rows"),
        [
            r(
                "people.mentors-senior-engineers-on-their",
                "grown",
                "Mentors junior engineers on their first tasks",
                "Mentors senior engineers on their first tasks"
            ),
            r(
                "people.asks-for-reviews-early",
                "dropped",
                "Asks for reviews early",
                "—"
            ),
            // The same text, but explicit threads that differ: never paired.
            r("people.retro", "dropped", "Runs the team's retro", "—"),
            r("people.facilitation", "new", "—", "Runs the team's retro"),
        ]
    );
    // The counts per category, for the growth areas, and in all.
    let summary: Vec<Vec<String>> = pair
        .select(&sel(".pair-summary tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(
        summary,
        [
            vec!["Category", "New", "Grown", "Unchanged", "No longer listed"],
            vec!["Craft", "1", "2", "1", "0"],
            vec!["People", "1", "1", "0", "2"],
            vec!["Growth areas", "1", "1", "1", "0"],
            vec!["In all", "3", "4", "2", "2"],
        ]
    );
}

#[test]
fn a_reworded_item_shows_the_deleted_and_inserted_words() {
    let site = built();
    let pair = site.page("compare/junior-vs-mid/index.html");
    let diff = pair
        .select(&sel(
            "[id='people.mentors-senior-engineers-on-their'] .diff",
        ))
        .next()
        .expect("a word-level difference");
    assert_eq!(texts_of(diff, "del"), ["junior"]);
    assert_eq!(texts_of(diff, "ins"), ["senior"]);
    assert_eq!(
        text(diff),
        "Mentors junior senior engineers on their first tasks"
    );
    let longer = pair
        .select(&sel("[id='craft.writes-small-tested-changes-with'] .diff"))
        .next()
        .unwrap();
    assert!(texts_of(longer, "del").is_empty());
    assert_eq!(texts_of(longer, "ins"), ["with clear descriptions"]);
    // A thread whose texts share no word has no difference to show: both texts as written.
    assert!(
        pair.select(&sel("[id='craft.debugging'] .diff"))
            .next()
            .is_none()
    );
    // Growth areas: one text continues the area's one text; a list's items align.
    assert_eq!(
        rows(&pair, ".pair-rows > li[id^='area.reviews']"),
        [r(
            "area.reviews",
            "grown",
            "Reviews small changes",
            "Reviews changes across the team"
        ),]
    );
    assert_eq!(
        texts_of(
            pair.select(&sel("[id='area.reviews'] .diff"))
                .next()
                .unwrap(),
            "del"
        ),
        ["small"]
    );
    assert_eq!(
        texts_of(
            pair.select(&sel("[id='area.reviews'] .diff"))
                .next()
                .unwrap(),
            "ins"
        ),
        ["across the team"]
    );
    assert_eq!(
        rows(&pair, ".pair-rows > li[id^='area.on-call']"),
        [
            r(
                "area.on-call.joins-the-oncall-rotation",
                "unchanged",
                "Joins the on-call rotation",
                "Joins the on-call rotation"
            ),
            r(
                "area.on-call.writes-runbooks-for-the-teams",
                "new",
                "—",
                "Writes runbooks for the team's services"
            ),
        ]
    );
}

fn texts_of(el: scraper::ElementRef, selector: &str) -> Vec<String> {
    el.select(&sel(selector)).map(text).collect()
}

#[test]
fn level_pages_say_what_each_item_grew_from_and_what_is_new() {
    let site = built();
    let mid = site.page("levels/mid/index.html");
    let marks = |id: &str| -> (Vec<String>, Vec<String>) {
        let li = mid
            .select(&sel(&format!("[id='{id}']")))
            .next()
            .unwrap_or_else(|| panic!("no item {id}"));
        (
            texts_of(li, ".badge--new"),
            li.select(&sel("details.was"))
                .map(|d| {
                    format!(
                        "{} | {}",
                        text(d.select(&sel("summary")).next().unwrap()),
                        text(d.select(&sel("div")).next().unwrap())
                    )
                })
                .collect(),
        )
    };
    let none: Vec<String> = Vec::new();
    assert_eq!(
        marks("craft.debugging"),
        (
            none.clone(),
            vec!["Was at Junior | Fixes bugs in one service".to_string()]
        )
    );
    assert_eq!(
        marks("craft.designs-a-features-data-model"),
        (vec!["New at this level".to_string()], none.clone())
    );
    assert_eq!(
        marks("craft.reads-the-teams-code-before"),
        (none.clone(), none.clone())
    );
    // A growth area's expectation continues the area's: its page shows the progression, so
    // the level page's table (thousands of rows in a big ladder) marks only what is new.
    assert_eq!(marks("area.reviews"), (none.clone(), none.clone()));
    assert_eq!(
        marks("area.on-call.writes-runbooks-for-the-teams"),
        (vec!["New at this level".to_string()], none.clone())
    );
    // The lowest level compares with nothing.
    let junior = site.page("levels/junior/index.html");
    assert_eq!(junior.select(&sel(".badge--new, details.was")).count(), 0);
    // Each item links to itself (a plain link: works without JavaScript).
    let links: Vec<(String, String)> = mid
        .select(&sel("section.category li.item"))
        .map(|li| {
            let a = li.select(&sel("a.permalink")).next().expect("a permalink");
            (
                li.value().id().unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(links.len(), 6);
    for (id, href) in &links {
        assert_eq!(href, &format!("#{id}"));
    }
    assert!(
        mid.select(&sel("a.permalink[aria-label='Link to this expectation']"))
            .count()
            >= 6
    );
    // So does every growth-area expectation in the level's table, written as one text or
    // as a list.
    let area_links: Vec<(String, String)> = mid
        .select(&sel("#growth-areas ~ div tbody .item"))
        .map(|item| {
            let a = item
                .select(&sel("a.permalink[aria-label='Link to this expectation']"))
                .next()
                .expect("a permalink");
            (
                item.value().id().unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        area_links.iter().any(|(id, _)| id == "area.reviews")
            && area_links
                .iter()
                .any(|(id, _)| id.starts_with("area.on-call.")),
        "{area_links:?}"
    );
    for (id, href) in &area_links {
        assert_eq!(href, &format!("#{id}"));
    }
}

#[test]
fn the_ladder_matrix_gives_each_skill_a_row() {
    let site = built();
    let compare = site.page("compare/index.html");
    let craft: Vec<Vec<String>> = compare
        .select(&sel("#ladder-matrix ~ div tbody tr"))
        .take(5)
        .map(|tr| tr.select(&sel("td")).map(text).collect())
        .collect();
    assert_eq!(
        craft,
        [
            vec![
                "Writes small, tested changes",
                "Writes small, tested changes with clear descriptions",
                "—"
            ],
            vec![
                "Fixes bugs in one service",
                "Traces production incidents across services",
                "Leads incident reviews for the organisation"
            ],
            vec![
                "Reads the team's code before changing it",
                "Reads the team's code before changing it",
                "Reads the team's code before changing it"
            ],
            vec!["—", "Designs a feature's data model", "—"],
            // The next category starts its own rows.
            vec![
                "Mentors junior engineers on their first tasks",
                "Mentors senior engineers on their first tasks",
                "Mentors senior engineers on their first tasks"
            ],
        ]
    );
    assert_eq!(
        compare
            .select(&sel("#matrix-craft"))
            .next()
            .unwrap()
            .value()
            .attr("rowspan"),
        Some("4")
    );
}

/// Every `id` of every page, by page, checked unique on its page.
fn ids_by_page(site: &Site) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for entry in walkdir(&site.public()) {
        let rel = entry
            .strip_prefix(site.public())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(&entry).unwrap());
        let mut ids = BTreeSet::new();
        for el in doc.select(&sel("[id]")) {
            let id = el.value().id().unwrap().to_string();
            assert!(ids.insert(id.clone()), "{rel}: id `{id}` twice");
        }
        out.insert(rel, ids);
    }
    out
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn ids_are_unique_per_page_and_the_same_in_every_build() {
    for fixture in ["threads", "items", "small-ladder"] {
        let site = Site::fixture(fixture);
        site.build_ok();
        let first = ids_by_page(&site);
        site.build_ok();
        assert_eq!(ids_by_page(&site), first, "{fixture}");
    }
    let site = Site::shipped();
    site.build_ok();
    let ids = ids_by_page(&site);
    assert!(ids["levels/staff/index.html"].contains("impact.mentors-senior-engineers-effectively"));
}

#[test]
fn a_heading_never_takes_a_captions_id() {
    let site = built();
    let body = site.read("content/levels/mid.md") + "\n## Growth areas caption\n\nText.\n";
    site.write("content/levels/mid.md", &body);
    site.build_ok();
    // Unique ids (asserted while reading), the caption's among them.
    let ids = ids_by_page(&site);
    let mid = &ids["levels/mid/index.html"];
    assert!(mid.contains("growth-areas-caption"));
    assert!(
        mid.iter().any(|id| id.starts_with("growth-areas-caption-")),
        "{mid:?}"
    );
}

#[test]
fn moving_an_item_within_its_list_keeps_its_id() {
    let site = built();
    let before = site.page("levels/junior/index.html");
    let id_of = |doc: &Html, text_wanted: &str| -> String {
        doc.select(&sel("section.category li.item"))
            .find(|li| text(*li) == text_wanted)
            .and_then(|li| li.value().id().map(str::to_string))
            .unwrap()
    };
    let was = id_of(&before, "Reads the team's code before changing it");
    let moved = site
        .read("content/levels/junior.md")
        .replace("    - Reads the team's code before changing it\n", "")
        .replace(
            "  craft:\n",
            "  craft:\n    - Reads the team's code before changing it\n",
        );
    site.write("content/levels/junior.md", &moved);
    site.build_ok();
    let after = site.page("levels/junior/index.html");
    assert_eq!(
        texts(&after, "#craft ~ ul > li")[0],
        "Reads the team's code before changing it"
    );
    assert_eq!(
        id_of(&after, "Reads the team's code before changing it"),
        was
    );
    assert_eq!(was, "craft.reads-the-teams-code-before");
}

#[test]
fn search_results_link_to_ids_their_pages_have() {
    for site in [
        Site::fixture("threads"),
        Site::fixture("items"),
        Site::shipped(),
    ] {
        site.build_ok();
        let ids = ids_by_page(&site);
        let index: serde_json::Value =
            serde_json::from_str(&site.read("public/search-index.json")).unwrap();
        let pages = index["pages"].as_array().unwrap();
        let mut items = 0;
        for e in index["entries"].as_array().unwrap() {
            let fragment = e[2].as_str().unwrap();
            if fragment.is_empty() {
                continue;
            }
            let url = pages[e[0].as_u64().unwrap() as usize]["url"]
                .as_str()
                .unwrap();
            let page = format!("{url}index.html");
            assert!(ids[&page].contains(fragment), "{page} has no id {fragment}");
            items += usize::from(fragment.contains('.'));
        }
        assert!(items > 5, "search links to items: {items}");
    }
}

#[test]
fn links_may_name_an_item_and_a_wrong_item_is_an_error() {
    let site = built();
    // The fixture's mid level links to `junior.md#craft.debugging` and `#craft.debugging`.
    let mid = site.page("levels/mid/index.html");
    let hrefs: Vec<&str> = mid
        .select(&sel("#details a, .prose a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"../../levels/junior/#craft.debugging"),
        "{hrefs:?}"
    );
    let body = site
        .read("content/levels/mid.md")
        .replace("junior.md#craft.debugging", "junior.md#craft.tracing");
    site.write("content/levels/mid.md", &body);
    let run = site.rungs(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "link to `junior.md#craft.tracing`: its target page has no id `craft.tracing`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn ladder_json_carries_ids_threads_and_the_alignment() {
    let site = built();
    crate::publish::validate_against_schema(&site);
    let json = crate::publish::ladder_json(&site);
    let mid = &json["levels"][1];
    let people = &mid["competencies"][1];
    let items: Vec<(String, String, Option<String>)> = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
                i["was"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "mentors-senior-engineers-on-their".to_string(),
                "grown".to_string(),
                Some("mentors-junior-engineers-on-their".to_string())
            ),
            ("facilitation".to_string(), "new".to_string(), None),
        ]
    );
    assert_eq!(
        people["dropped"],
        serde_json::json!(["asks-for-reviews-early", "retro"])
    );
    let reviews = &json["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "reviews")
        .unwrap()["expectations"];
    assert_eq!(reviews[0]["status"], serde_json::Value::Null);
    assert_eq!(reviews[1]["status"], "grown");
    assert_eq!(reviews[2]["status"], "unchanged");
    assert!(reviews[1].get("items").is_none());
    let on_call = &json["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "on-call")
        .unwrap()["expectations"];
    assert_eq!(on_call[1]["status"], serde_json::Value::Null);
    assert_eq!(on_call[1]["items"][1]["status"], "new");
    assert_eq!(on_call[1]["items"][0]["was"], "joins-the-oncall-rotation");
}

#[test]
fn the_shipped_ladder_aligns_reworded_expectations() {
    let site = Site::shipped();
    site.build_ok();
    let pair = site.page("compare/senior-vs-staff/index.html");
    let impact = rows(&pair, "#impact + .pair-rows");
    assert!(
        impact.contains(&r(
            "impact.mentors-senior-engineers-effectively",
            "grown",
            "Mentors junior and mid-level engineers",
            "Mentors senior engineers effectively"
        )),
        "{impact:#?}"
    );
    let staff_principal = site.page("compare/staff-vs-principal/index.html");
    let diff = staff_principal
        .select(&sel(
            "[id='autonomy.arbitrates-complex-technical-disagreements'] .diff",
        ))
        .next()
        .expect("a difference");
    assert_eq!(texts_of(diff, "del"), ["Resolves"]);
    assert_eq!(texts_of(diff, "ins"), ["Arbitrates"]);
}

#[test]
fn pair_pages_stack_on_a_phone_without_sideways_scrolling() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::shipped();
    site.build_ok();
    let server = StaticServer::start(&site.public(), "/");
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    // A phone's viewport: 375 CSS pixels wide.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
            width: 375,
            height: 800,
            device_scale_factor: 2.0,
            mobile: true,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        },
    )
    .unwrap();
    for path in [
        "compare/senior-vs-staff/",
        "compare/junior-vs-principal/",
        "levels/staff/",
    ] {
        tab.navigate_to(&format!("http://{}/{path}", server.addr))
            .unwrap();
        tab.wait_until_navigated().unwrap();
        let measure = tab
            .evaluate(
                "JSON.stringify([window.innerWidth, document.documentElement.scrollWidth, \
                 (function () { var r = document.querySelector('.pair-row--grown, .pair-row--unchanged'); \
                 if (!r) return false; \
                 var a = r.children[0].getBoundingClientRect(), b = r.children[1].getBoundingClientRect(); \
                 return b.top >= a.bottom - 1; })()])",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        let v: (u32, u32, bool) = serde_json::from_str(measure.as_str().unwrap()).unwrap();
        assert_eq!(v.0, 375, "{path}: the viewport is a phone's");
        assert!(v.1 <= v.0, "{path}: the page scrolls sideways: {v:?}");
        if path.starts_with("compare/") {
            assert!(v.2, "{path}: the lower level is above the upper one");
        }
    }
}

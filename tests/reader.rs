//! The reader's site in a real browser (headless Chromium): no page scrolls sideways on a
//! phone, matrix labels stay in view, the home page leads with the ladder, the printable
//! ladder prints whole, the theme toggle persists, search lands on its match, and the pages
//! have no accessibility violations (axe-core). Skipped locally without Chromium, failures
//! in CI.

use crate::support::static_server::StaticServer;
use crate::support::*;
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Sets the viewport of `tab` to `width` × `height` CSS pixels, as a phone or a desktop.
fn viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
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
    })
    .expect("set the viewport");
}

/// Loads `url` in `tab` and waits for the page's script to have run.
fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("loaded");
}

/// The value of a JavaScript expression.
fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .value
        .unwrap_or(serde_json::Value::Null)
}

fn number(tab: &Tab, js: &str) -> f64 {
    eval(tab, js)
        .as_f64()
        .unwrap_or_else(|| panic!("{js} is not a number"))
}

/// Every page of a built site, as URL paths under the server's root (`levels/a/`).
fn page_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = site
        .snapshot()
        .keys()
        .filter_map(|p| p.to_str())
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    paths.sort();
    paths
}

/// A browser and a tab, kept together (the tab dies with its browser).
struct Browser {
    _profile: tempfile::TempDir,
    _browser: headless_chrome::Browser,
    tab: Arc<Tab>,
}

fn browser() -> Option<Browser> {
    let chromium = chromium_or_skip()?;
    let profile = tempfile::tempdir().expect("profile");
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    Some(Browser {
        _profile: profile,
        _browser: browser,
        tab,
    })
}

fn built(site: Site) -> Site {
    site.build_ok();
    site
}

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 375, 800);
    let mut wide = Vec::new();
    for site in [
        built(Site::shipped()),
        built(Site::fixture("small-ladder")),
        built(Site::fixture("nine-levels")),
    ] {
        let server = StaticServer::start(&site.public(), "/");
        for path in page_paths(&site) {
            open(tab, &format!("http://{}/{path}", server.addr));
            let overflow = number(
                tab,
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            );
            if overflow > 0.0 {
                wide.push(format!("{path}: {overflow} px"));
            }
        }
    }
    assert!(wide.is_empty(), "pages wider than a 375 px phone: {wide:?}");
}

/// The bounding box of the first element matching `selector`: `[left, top, right, bottom]`.
fn rect(tab: &Tab, selector: &str) -> [f64; 4] {
    let v = eval(
        tab,
        &format!(
            "(function () {{ var r = document.querySelector({selector:?}).getBoundingClientRect(); return JSON.stringify([r.left, r.top, r.right, r.bottom]); }})()"
        ),
    );
    let n: Vec<f64> = serde_json::from_str(v.as_str().unwrap_or_else(|| panic!("{selector}: {v}")))
        .expect("four numbers");
    [n[0], n[1], n[2], n[3]]
}

#[test]
fn matrix_labels_stay_in_view_when_scrolled_both_ways() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    let site = built(Site::fixture("nine-levels"));
    let server = StaticServer::start(&site.public(), "/");
    // Heights small enough that the matrix (one row per skill) is taller than its box.
    for (width, height) in [(1440, 600), (375, 560)] {
        viewport(tab, width, height);
        open(tab, &format!("http://{}/compare/", server.addr));
        let boxed = "section[aria-labelledby=ladder-matrix] .table-scroll";
        // The matrix is taller and wider than its box: it scrolls inside it.
        let (sh, ch, sw, cw) = (
            number(
                tab,
                &format!("document.querySelector({boxed:?}).scrollHeight"),
            ),
            number(
                tab,
                &format!("document.querySelector({boxed:?}).clientHeight"),
            ),
            number(
                tab,
                &format!("document.querySelector({boxed:?}).scrollWidth"),
            ),
            number(
                tab,
                &format!("document.querySelector({boxed:?}).clientWidth"),
            ),
        );
        assert!(sh > ch && sw > cw, "{width}: {sh}/{ch} {sw}/{cw}");
        eval(
            tab,
            &format!(
                "(function () {{ var b = document.querySelector({boxed:?}); b.scrollIntoView(); b.scrollTop = b.scrollHeight / 2; b.scrollLeft = b.scrollWidth / 2; }})()"
            ),
        );
        let frame = rect(tab, boxed);
        // A level's column header, the corner and a category's row header stay at the
        // box's top and left edges (within its 1 px border).
        let corner = rect(tab, &format!("{boxed} thead th:first-child"));
        let senior = rect(tab, &format!("{boxed} thead th[data-level=l4]"));
        let row = rect(tab, &format!("{boxed} tbody th[scope=row]"));
        assert!(
            (corner[1] - frame[1]).abs() <= 2.0,
            "{width}: corner {corner:?} in {frame:?}"
        );
        assert!(
            (corner[0] - frame[0]).abs() <= 2.0,
            "{width}: corner {corner:?} in {frame:?}"
        );
        assert!(
            (senior[1] - frame[1]).abs() <= 2.0,
            "{width}: column header {senior:?} in {frame:?}"
        );
        assert!(
            (row[0] - frame[0]).abs() <= 2.0,
            "{width}: row header {row:?} in {frame:?}"
        );
        // Scrolled to the middle of a wide matrix, some level header is in the box.
        let visible = number(
            tab,
            &format!(
                "(function () {{ var f = document.querySelector({boxed:?}).getBoundingClientRect(); return Array.from(document.querySelectorAll({boxed:?} + ' thead th[data-level]')).filter(function (th) {{ var r = th.getBoundingClientRect(); return r.right > f.left + 100 && r.left < f.right && r.top >= f.top - 2 && r.bottom <= f.bottom; }}).length; }})()"
            ),
        );
        assert!(visible >= 1.0, "{width}: no column label in view");
        if width < 600 {
            // On a phone the row labels take at most a third of the box.
            assert!(
                row[2] - row[0] <= (frame[2] - frame[0]) / 3.0,
                "{width}: {row:?} of {frame:?}"
            );
        }
    }
}

#[test]
fn the_level_chooser_hides_columns_and_keeps_its_choice_in_the_url() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::fixture("small-ladder"));
    let server = StaticServer::start(&site.public(), "/");
    let shown = |tab: &Tab| -> Vec<String> {
        let v = eval(
            tab,
            "JSON.stringify(Array.from(document.querySelectorAll('#ladder-matrix ~ div thead th[data-level]')).filter(function (th) { return th.offsetParent !== null; }).map(function (th) { return th.dataset.level; }))",
        );
        serde_json::from_str(v.as_str().expect("json")).expect("list")
    };
    open(tab, &format!("http://{}/compare/", server.addr));
    assert_eq!(
        shown(tab),
        ["apprentice", "practitioner", "expert", "maitre"]
    );
    tab.find_element("form[data-level-chooser] summary")
        .expect("chooser")
        .click()
        .expect("open");
    tab.find_element("form[data-level-chooser] input[value=practitioner]")
        .expect("box")
        .click()
        .expect("uncheck");
    assert_eq!(shown(tab), ["apprentice", "expert", "maitre"]);
    let url = tab.get_url();
    assert!(
        url.ends_with("/compare/?levels=apprentice%2Cexpert%2Cmaitre"),
        "{url}"
    );
    // The growth-area matrix follows: a cell merged over practitioner and expert spans one
    // column less, and every row has as many columns as the header.
    let spans = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#area-matrix ~ div tbody tr')).map(function (tr) { return Array.from(tr.cells).filter(function (c) { return c.style.display !== 'none'; }).reduce(function (n, c) { return n + c.colSpan; }, 0); }))",
    );
    let spans: Vec<u32> = serde_json::from_str(spans.as_str().expect("json")).expect("list");
    assert!(
        !spans.is_empty() && spans.iter().all(|&n| n == 4),
        "{spans:?}"
    );
    // A reload, or a shared link, shows the same columns.
    open(tab, &url);
    assert_eq!(shown(tab), ["apprentice", "expert", "maitre"]);
    tab.find_element("form[data-level-chooser] summary")
        .expect("chooser")
        .click()
        .expect("open");
    tab.find_element("button[data-show-all]")
        .expect("show all")
        .click()
        .expect("click");
    assert_eq!(
        shown(tab),
        ["apprentice", "practitioner", "expert", "maitre"]
    );
    assert!(tab.get_url().ends_with("/compare/"), "{}", tab.get_url());
}

#[test]
fn the_home_page_opens_with_the_ladder_then_the_introduction() {
    let site = built(Site::fixture("nine-levels"));
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\n---\n\n## How to read this ladder\n\nSome generic prose.\n",
    );
    site.build_ok();
    let home = site.page("index.html");
    // In document order: the levels, the growth areas, then the introduction.
    let order: Vec<String> = home
        .select(&sel("main h2"))
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(order, ["levels", "areas", "how-to-read-this-ladder"]);
    // Each level: its title once (the short name is part of it), its position, aliases and
    // summary.
    let rungs: Vec<(String, String, String)> = home
        .select(&sel("ol.rungs > li.rung"))
        .map(|li| {
            let one = |s: &str| li.select(&sel(s)).next().map(text).unwrap_or_default();
            (
                one(".rung__step"),
                one(".rung__title"),
                one(".rung__summary"),
            )
        })
        .collect();
    assert_eq!(rungs.len(), 9);
    assert_eq!(
        rungs[3],
        (
            "4".to_string(),
            "Senior Engineer (Platform Engineering, Grade P4)".to_string(),
            "Level 4: scope grows from a task to the whole company; supercalifragilisticexpialidocious-length words must wrap.".to_string()
        )
    );
    assert!(
        texts(&home, ".rung .level-card__short").is_empty(),
        "short names repeat the titles"
    );
    assert_eq!(texts(&home, ".rung:nth-child(4) .alias"), ["P4"]);
    // Growth areas with their summaries.
    assert_eq!(
        texts(&home, ".area-card p"),
        [
            "What cost awareness looks like at each level.",
            "What reliability engineering and incident management looks like at each level."
        ]
    );
    // Entries to the comparison, the self-assessment, the printable ladder and both exports.
    let entries: Vec<(String, String)> = home
        .select(&sel("#levels ~ ul.entries a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                text(a),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("./compare/".to_string(), "Compare levels".to_string()),
            (
                "./assess/".to_string(),
                "Assess yourself against a level".to_string()
            ),
            ("./print/".to_string(), "Print the ladder".to_string()),
            ("./ladder.csv".to_string(), "Spreadsheet (CSV)".to_string()),
            ("./ladder.json".to_string(), "Data (JSON)".to_string()),
        ]
    );
    assert!(broken_links(&site.public()).is_empty());
}

#[test]
fn every_page_links_the_printable_ladder_and_the_icon() {
    let site = built(Site::fixture("small-ladder"));
    for page in [
        "index.html",
        "levels/expert/index.html",
        "compare/index.html",
        "areas/testing/index.html",
        "404.html",
    ] {
        let doc = site.page(page);
        let icon: Vec<&str> = doc
            .select(&sel("link[rel=icon][type='image/svg+xml']"))
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(icon.len(), 1, "{page}");
        assert!(icon[0].ends_with("favicon.svg"), "{page}: {icon:?}");
        let print: Vec<&str> = doc
            .select(&sel("footer a"))
            .filter(|a| text(*a) == "Print the ladder")
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(print.len(), 1, "{page}");
        assert!(print[0].ends_with("print/"), "{page}: {print:?}");
    }
    let svg = std::fs::read_to_string(site.public().join("favicon.svg")).expect("favicon");
    assert!(
        svg.starts_with("<svg") && svg.contains("prefers-color-scheme:dark"),
        "{svg}"
    );
}

#[test]
fn the_printable_ladder_holds_every_level_area_and_matrix_in_order() {
    let site = Site::fixture("small-ladder");
    // Two transitions with the same heading: one document, still one element per id.
    for file in [
        "content/levels/expert.yml",
        "content/levels/practitioner.yaml",
    ] {
        let text = site.read(file);
        let at = text.find("transition:").expect("a transition");
        let (head, rest) = text.split_at(at);
        let rest = rest.split_once('\n').expect("line").1;
        site.write(
            file,
            &format!("{head}transition: |\n  ## In practice\n\n  Grows.\n{rest}"),
        );
    }
    site.build_ok();
    let print = site.page("print/index.html");
    let mut ids: Vec<&str> = print
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids: {ids:?}");
    assert!(
        ids.contains(&"level-expert-in-practice")
            && ids.contains(&"level-practitioner-in-practice")
    );
    assert_eq!(
        texts(&print, ".print-level h3"),
        [
            "Apprentice",
            "Practitioner",
            "Expert <Senior> & Mentor",
            "Maître d’œuvre"
        ]
    );
    assert_eq!(
        texts(&print, ".print-area h3"),
        ["Testing & Quality", "Mentoring <people>", "Observability"]
    );
    assert_eq!(
        texts(&print, ".print-matrix h3"),
        ["Craft & Code", "Collaboration", "Leadership <of people>"]
    );
    // The contents link to every level and area of the document.
    let toc: Vec<&str> = print
        .select(&sel(".print-toc a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for id in toc {
        let id = id.trim_start_matches('#');
        assert_eq!(
            print.select(&sel(&format!("[id='{id}']"))).count(),
            1,
            "{id}"
        );
    }
    // The running head is a CSS string in which the title's `<`, `&` and quotes are escapes.
    let style: String = print
        .select(&sel("head style"))
        .map(|s| s.inner_html())
        .collect();
    assert_eq!(
        style,
        r#"@page { @top-center { content: "Ladder \3C Test\3E  \26  Co \2014  \DC n\EF c\F6 d\E9  \B7  \2F print\2F "; } }"#
    );
    assert!(broken_links(&site.public()).is_empty());
}

/// Poppler's `pdftotext`, if installed.
fn pdftotext() -> Option<&'static str> {
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !found {
        skip_unless_ci("pdftotext", "apt-get install poppler-utils");
    }
    found.then_some("pdftotext")
}

/// A number attribute of a `pdftotext -bbox` element (`width="595.2"`).
fn attr_f64(tag: &str, name: &str) -> f64 {
    let start = tag
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("{name} in {tag}"))
        + name.len()
        + 2;
    tag[start..]
        .split('"')
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} in {tag}"))
}

#[test]
fn the_printable_ladder_prints_whole_with_nothing_past_the_page_edge() {
    let Some(tool) = pdftotext() else {
        return;
    };
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    let site = built(Site::fixture("nine-levels"));
    let server = StaticServer::start(&site.public(), "/");
    open(tab, &format!("http://{}/print/", server.addr));
    let pdf = tab
        .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            ..Default::default()
        }))
        .expect("print to PDF");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ladder.pdf");
    std::fs::write(&file, pdf).expect("write PDF");
    // `-raw`: the text in the order it was drawn, a table cell at a time.
    let text = std::process::Command::new(tool)
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = normalize(&String::from_utf8_lossy(&text.stdout));
    // Every level's title, in rank order, after the contents (which list them too).
    // (The eyebrow above each level is printed in capitals.)
    let body = &text[text.find("LEVEL 1 OF 9").expect("the first level")..];
    let mut at = 0;
    for title in [
        "Associate (Platform",
        "Engineer I (Platform",
        "Engineer II (Platform",
        "Senior Engineer (Platform",
        "Staff Engineer (Platform",
        "Senior Staff Engineer (Platform",
        "Principal Engineer (Platform",
        "Distinguished Engineer (Platform",
        "Fellow (Platform",
    ] {
        let found = body[at..]
            .find(title)
            .unwrap_or_else(|| panic!("{title} after byte {at} of {body}"));
        at += found + title.len();
    }
    assert!(text.contains("Reliability Engineering and Incident Management"));
    // Nothing is cut at the page's edge: the last column of each matrix (Fellow) prints
    // whole, as on the level's own pages (3 items there, 3 in the matrices).
    assert_eq!(text.matches("scope of level 9").count(), 6, "{text}");
    // The matrices are on landscape pages.
    let boxes = std::process::Command::new(tool)
        .arg("-bbox")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext -bbox");
    let boxes = String::from_utf8_lossy(&boxes.stdout).into_owned();
    let mut landscape = 0;
    let mut pages = 0;
    for page in boxes.split("<page ").skip(1) {
        pages += 1;
        let head = page.split('>').next().expect("page tag");
        if attr_f64(head, "width") > attr_f64(head, "height") {
            landscape += 1;
        }
    }
    assert!(pages > 12, "{pages} pages");
    // One landscape page per category (each growth area is printed whole with its levels,
    // so there is no growth-area matrix).
    assert_eq!(landscape, 3, "{landscape} landscape pages of {pages}");
    // Laid out for print on the narrower, portrait page (A4 less its margins, 703 px), no
    // table is wider than the page.
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some("print".into()),
        features: None,
    })
    .expect("print media");
    viewport(tab, 703, 1000);
    let widest = number(
        tab,
        "Math.max.apply(null, Array.from(document.querySelectorAll('table')).map(function (t) { return Math.max(t.getBoundingClientRect().right, t.scrollWidth + t.getBoundingClientRect().left); }))",
    );
    assert!(widest <= 703.0, "a table ends at {widest} px");
}

/// The titles of the search results for `query` typed on `url`.
fn search(tab: &Tab, url: &str, query: &str) -> Vec<String> {
    open(tab, url);
    tab.wait_for_element("#site-search-input")
        .expect("search box")
        .click()
        .expect("focus");
    tab.type_str(query).expect("type");
    tab.wait_for_element("#site-search-results a")
        .expect("results");
    let v = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#site-search-results a strong')).map(function (s) { return s.textContent; }))",
    );
    serde_json::from_str(v.as_str().expect("json")).expect("list")
}

#[test]
fn search_ranks_titles_first_and_lands_on_the_highlighted_match() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::shipped());
    let server = StaticServer::start(&site.public(), "/");
    let home = format!("http://{}/", server.addr);
    // "staff": the Staff level first, not an item of another level that mentions staff.
    let titles = search(tab, &home, "staff");
    assert_eq!(titles[0], "Staff Backend Engineer", "{titles:?}");
    // An item: Enter follows the first result and the page marks the words in the item.
    let titles = search(tab, &home, "mentors staff");
    assert!(
        titles[0].starts_with("Principal Backend Engineer › "),
        "{titles:?}"
    );
    tab.press_key("Enter").expect("enter");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !tab.get_url().contains("/levels/principal/") && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = tab.get_url();
    assert!(
        url.contains("/levels/principal/?hl=mentors%20staff#"),
        "{url}"
    );
    tab.wait_for_element(".search-target")
        .expect("a landing target");
    let target = eval(tab, "document.querySelector('.search-target').textContent")
        .as_str()
        .map(str::to_string)
        .unwrap_or_default();
    assert!(target.starts_with("Mentors staff"), "{target}");
    let marks = eval(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('mark.search-hit')).map(function (m) { return m.textContent; }))",
    );
    let marks: Vec<String> = serde_json::from_str(marks.as_str().expect("json")).expect("list");
    // The item's own text first; its collapsed "was at …" text may hold the words too.
    assert_eq!(marks[..2], ["Mentors", "staff"], "{marks:?}");
    assert!(
        marks
            .iter()
            .all(|m| ["mentors", "staff"].contains(&m.to_lowercase().as_str())),
        "{marks:?}"
    );
    // The match is in view, below the sticky header.
    let [_, top, _, bottom] = rect(tab, ".search-target");
    assert!(top > 60.0 && bottom < 900.0, "{top}..{bottom}");
}

#[test]
fn search_shows_every_result_on_request() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::fixture("nine-levels"));
    let server = StaticServer::start(&site.public(), "/");
    let titles = search(tab, &format!("http://{}/", server.addr), "scope");
    assert_eq!(titles.len(), 30, "{titles:?}");
    let status = eval(
        tab,
        "document.getElementById('site-search-status').textContent",
    );
    assert_eq!(status.as_str(), Some("36 results, showing 30"));
    let button = tab
        .find_element("button.site-search__all")
        .expect("a button for the rest");
    assert_eq!(
        button.get_inner_text().expect("text"),
        "Show all 36 results"
    );
    button.click().expect("click");
    let count = number(
        tab,
        "document.querySelectorAll('#site-search-results a').length",
    );
    assert_eq!(count, 36.0);
    assert_eq!(
        number(
            tab,
            "document.querySelectorAll('button.site-search__all').length"
        ),
        0.0
    );
}

#[test]
fn the_theme_toggle_is_remembered_across_reloads_without_a_flash() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::fixture("small-ladder"));
    let server = StaticServer::start(&site.public(), "/");
    let background = |tab: &Tab| {
        eval(tab, "getComputedStyle(document.body).backgroundColor")
            .as_str()
            .map(str::to_string)
            .unwrap_or_default()
    };
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: "light".into(),
        }]),
    })
    .expect("light system");
    open(tab, &format!("http://{}/levels/expert/", server.addr));
    assert_eq!(background(tab), "rgb(255, 255, 255)");
    let toggle = tab
        .wait_for_element("button[data-theme-toggle]")
        .expect("toggle");
    assert_eq!(
        toggle
            .get_attribute_value("aria-pressed")
            .ok()
            .flatten()
            .as_deref(),
        Some("false")
    );
    toggle.click().expect("click");
    assert_eq!(background(tab), "rgb(21, 23, 26)");
    // Another page, then a reload: dark from the first frame (the attribute is set by the
    // inline script in <head>, before the stylesheet applies), and the button says so.
    open(tab, &format!("http://{}/compare/", server.addr));
    tab.reload(false, None).expect("reload");
    tab.wait_until_navigated().expect("loaded");
    let toggle = tab
        .wait_for_element("button[data-theme-toggle]:not([hidden])")
        .expect("toggle");
    assert_eq!(
        eval(tab, "document.documentElement.getAttribute('data-theme')").as_str(),
        Some("dark")
    );
    assert_eq!(background(tab), "rgb(21, 23, 26)");
    assert_eq!(
        toggle
            .get_attribute_value("aria-pressed")
            .ok()
            .flatten()
            .as_deref(),
        Some("true")
    );
    // Back to light, which then wins over a dark system setting.
    toggle.click().expect("click");
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: "dark".into(),
        }]),
    })
    .expect("dark system");
    open(tab, &format!("http://{}/", server.addr));
    assert_eq!(background(tab), "rgb(255, 255, 255)");
}

fn color_scheme(tab: &Tab, scheme: &str) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: scheme.into(),
        }]),
    })
    .expect("colour scheme");
}

#[test]
fn axe_finds_no_violation_on_any_page() {
    let Some(axe) = crate::support::axe_or_skip() else {
        return;
    };
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    let mut found = Vec::new();
    let shipped = built(Site::shipped());
    let tracks = Site::fixture("multi-track");
    let run = tracks.rungs(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every page on a desktop in the light scheme.
    viewport(tab, 1440, 900);
    color_scheme(tab, "light");
    for site in [&shipped, &tracks] {
        let server = StaticServer::start(&site.public(), "/");
        for path in page_paths(site) {
            open(tab, &format!("http://{}/{path}", server.addr));
            for v in crate::support::axe_violations(tab, &axe) {
                found.push(format!("1440 light /{path}: {v}"));
            }
        }
    }
    // One page of each kind on a phone in the dark scheme, and with the search open.
    viewport(tab, 375, 800);
    color_scheme(tab, "dark");
    let server = StaticServer::start(&shipped.public(), "/");
    for path in [
        "",
        "levels/senior/",
        "areas/security/",
        "compare/",
        "compare/junior-vs-senior/",
        "print/",
        "levels/staff/?hl=mentors#impact-and-communication",
        "?search=staff",
    ] {
        open(tab, &format!("http://{}/{path}", server.addr));
        if path.contains("search=") {
            tab.wait_for_element("#site-search-results a")
                .expect("results");
        }
        for v in crate::support::axe_violations(tab, &axe) {
            found.push(format!("375 dark /{path}: {v}"));
        }
    }
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

#[test]
fn edit_url_links_each_page_to_its_source_file() {
    let site = Site::fixture("small-ladder");
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}edit_url: https://github.com/org/ladder/edit/main/{{path}}\n"),
    );
    site.build_ok();
    let edit = |page: &str| -> Vec<String> {
        site.page(page)
            .select(&sel("footer a"))
            .filter(|a| text(*a) == "Edit this page")
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    let base = "https://github.com/org/ladder/edit/main/content";
    assert_eq!(
        edit("levels/expert/index.html"),
        [format!("{base}/levels/expert.yml")]
    );
    assert_eq!(
        edit("areas/testing/index.html"),
        [format!("{base}/areas/testing.md")]
    );
    assert_eq!(edit("index.html"), [format!("{base}/_index.md")]);
    // Pages made from many files have none.
    for page in [
        "compare/index.html",
        "compare/apprentice-vs-expert/index.html",
        "print/index.html",
        "404.html",
    ] {
        assert!(edit(page).is_empty(), "{page}");
    }
    // Without `edit_url`, no page has one.
    let plain = built(Site::fixture("small-ladder"));
    assert!(
        plain
            .page("levels/expert/index.html")
            .select(&sel("footer a"))
            .all(|a| text(a) != "Edit this page")
    );
}

#[test]
fn an_edit_url_that_is_not_http_is_an_error_at_its_place() {
    for (url, why) in [
        (
            "javascript:alert(1)//{path}",
            "is not an http:// or https:// URL",
        ),
        (
            "https://github.com/org/ladder/edit/main/",
            "has no `{path}`, where the page's source file goes",
        ),
        (
            "https://x.org/\"{path}",
            "contains a space, a quote, `<`, `>`, `\\` or a control character",
        ),
    ] {
        let site = Site::fixture("small-ladder");
        let yaml = site.read("content/site.yaml");
        let line = yaml.lines().count() + 1;
        site.write("content/site.yaml", &format!("{yaml}edit_url: '{url}'\n"));
        let run = site.rungs(&["check"]);
        assert_eq!(run.code, 1, "{url}: {}", run.stderr);
        let expected = format!(
            "content/site.yaml:{line}:11: error: the edit URL `{}` {why}",
            url.escape_debug()
        );
        assert!(run.stderr.contains(&expected), "{url}: {}", run.stderr);
    }
}

#[test]
fn the_desktop_header_is_one_row_and_stays_at_the_top() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 800);
    let site = built(Site::shipped());
    let server = StaticServer::start(&site.public(), "/");
    for path in ["", "levels/senior/", "compare/"] {
        open(tab, &format!("http://{}/{path}", server.addr));
        // Every navigation item on the first item's row: "Growth areas" does not wrap.
        let rows = number(
            tab,
            "new Set(Array.from(document.querySelectorAll('.site-nav li')).map(function (li) { return Math.round(li.getBoundingClientRect().top); })).size",
        );
        assert_eq!(rows, 1.0, "/{path}: the navigation wraps");
        // The header and the content start at the same left edge.
        let header = rect(tab, ".site-title");
        let main = rect(tab, "main h1");
        assert!(
            (header[0] - main[0]).abs() <= 1.0,
            "/{path}: {header:?} vs {main:?}"
        );
        // Scrolled down, the header is still at the top.
        eval(tab, "window.scrollTo(0, document.body.scrollHeight / 2)");
        let top = rect(tab, ".site-header");
        assert!(top[1].abs() <= 1.0, "/{path}: header at {top:?}");
    }
}

#[test]
fn a_one_level_ladder_prints_without_matrices() {
    let site = Site::empty();
    site.write(
        "content/site.yaml",
        "title: Solo\ncategories:\n  - id: craft\n    title: Craft\n",
    );
    site.write(
        "content/levels/only.md",
        "---\ntitle: The Only Level\nrank: 1\ncompetencies:\n  craft:\n    - Builds things\n---\n",
    );
    site.build_ok();
    let print = site.page("print/index.html");
    assert_eq!(texts(&print, ".print-level h3"), ["The Only Level"]);
    assert_eq!(print.select(&sel(".print-matrices")).count(), 0);
    assert_eq!(
        print
            .select(&sel(".print-toc a[href='#print-matrices']"))
            .count(),
        0
    );
}

#[test]
fn edit_url_links_track_homes_and_free_pages_to_their_files() {
    let site = Site::fixture("multi-track");
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}edit_url: https://git.example.org/ladder/-/edit/main/{{path}}\n"),
    );
    site.build_ok();
    let edit = |page: &str| -> Vec<String> {
        site.page(page)
            .select(&sel("footer a"))
            .filter(|a| text(*a) == "Modifier cette page")
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    let base = "https://git.example.org/ladder/-/edit/main/content";
    assert_eq!(
        edit("ic/index.html"),
        [format!("{base}/tracks/ic/_index.md")]
    );
    assert_eq!(
        edit("promotion/index.html"),
        [format!("{base}/pages/promotion.md")]
    );
    assert_eq!(
        edit("compare/index.html"),
        Vec::<String>::new(),
        "the grades view has none"
    );
}

#[test]
fn opened_from_disk_every_link_leads_to_a_file_not_a_folder_listing() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::fixture("tracks"));
    let public = site.public().canonicalize().expect("public");
    let mut folders = Vec::new();
    let mut checked = 0;
    for path in page_paths(&site) {
        open(
            tab,
            &format!("file://{}/{path}index.html", public.display()),
        );
        let hrefs = eval(
            tab,
            "JSON.stringify(Array.from(document.querySelectorAll('a[href]')).map(function (a) { return a.href; }).filter(function (h) { return h.indexOf('file:') === 0; }))",
        );
        let hrefs: Vec<String> = serde_json::from_str(hrefs.as_str().expect("json")).expect("list");
        for href in hrefs {
            let file = href
                .trim_start_matches("file://")
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .to_string();
            checked += 1;
            if !Path::new(&file).is_file() {
                folders.push(format!("/{path}: {href}"));
            }
        }
    }
    assert!(checked > 100, "{checked} links");
    assert!(folders.is_empty(), "links to no file: {folders:#?}");
    // A fragment is kept; the pair picker follows the rewritten links too.
    let compare = public.join("ic/compare/index.html");
    open(tab, &format!("file://{}", compare.display()));
    eval(
        tab,
        "var f = document.querySelector('form[data-pair-picker]'); f.elements.lower.selectedIndex = 0; f.elements.upper.selectedIndex = 1; f.requestSubmit(); 1",
    );
    tab.wait_until_navigated().expect("navigated");
    std::thread::sleep(Duration::from_millis(300));
    let url = tab.get_url();
    assert!(url.ends_with("/ic/compare/ic1-vs-ic2/index.html"), "{url}");
    let title = eval(tab, "document.querySelector('h1').textContent");
    assert!(
        title.as_str().is_some_and(|t| t.contains("vs")),
        "{title:?}"
    );
}

#[test]
fn a_fragment_that_is_no_percent_encoded_text_breaks_no_script() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    viewport(tab, 1440, 900);
    let site = built(Site::shipped());
    let server = StaticServer::start(&site.public(), "/");
    // `#%E0%A4%A` cannot be decoded: the landing must not throw, so that the rest of the
    // script (here `?search=`) still runs.
    open(
        tab,
        &format!(
            "http://{}/levels/senior/?hl=mentors&search=staff#%E0%A4%A",
            server.addr
        ),
    );
    tab.wait_for_element("#site-search-results a")
        .expect("the search opened by ?search= shows its results");
    // An id that needs decoding still lands.
    open(
        tab,
        &format!("http://{}/levels/senior/?hl=mentors#%69mpact", server.addr),
    );
    tab.wait_for_element(".search-target")
        .expect("a landing target");
}

/// A word no line can hold: a German compound of 68 letters.
const LONG_WORD: &str = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung";

#[test]
fn long_words_and_urls_never_make_a_page_scroll_sideways() {
    let Some(b) = browser() else {
        return;
    };
    let tab = &b.tab;
    // The site title, a level's title and short name, a category, an area, an item with a
    // URL and inline code, and version tags, each holding a word longer than a phone's line.
    let w = LONG_WORD;
    let url = "https://example.com/a/very/long/path/that/never/breaks/anywhere/at/all/index.html";
    let site = Site::fixture("small-ladder");
    let yaml = site.read("content/site.yaml");
    let yaml = yaml
        .replacen(
            "title: \"Ladder <Test> & Co — Ünïcödé\"",
            &format!("title: \"The {w} Ladder\""),
            1,
        )
        .replacen(
            "    title: Collaboration\n",
            &format!("    title: \"Collaboration{w}\"\n"),
            1,
        );
    assert_eq!(yaml.matches(w).count(), 2, "{yaml}");
    site.write(
        "content/site.yaml",
        &format!("{yaml}versions:\n  tags: \"v*\"\n"),
    );
    let apprentice = |words: &str| {
        format!(
            "---\ntitle: \"Apprentice {w}\"\nshort: \"App{w}\"\nrank: 10\ncompetencies:\n  craft:\n    - \"Reads {words} code before changing it {w} <{url}>\"\n  collaboration:\n    - \"Asks for help early `{w}{w}`\"\n---\n"
        )
    };
    site.write("content/levels/apprentice.md", &apprentice("the"));
    let testing = site.read("content/areas/testing.md");
    site.write(
        "content/areas/testing.md",
        &testing.replacen(
            "title: \"Testing & Quality\"",
            &format!("title: \"Testing {w}\""),
            1,
        ),
    );
    assert!(site.read("content/areas/testing.md").contains(w));
    let root = site.root();
    crate::diff::git(root, &["init", "-q", "-b", "main"]);
    crate::diff::git(root, &["add", "-A"]);
    crate::diff::git(root, &["commit", "-qm", "one"]);
    crate::diff::git(root, &["tag", &format!("v1-{w}")]);
    site.write("content/levels/apprentice.md", &apprentice("all the"));
    crate::diff::git(root, &["commit", "-qam", "two"]);
    crate::diff::git(root, &["tag", &format!("v2-{w}")]);
    site.build_ok();
    assert!(
        text(
            site.page("levels/apprentice/index.html")
                .select(&sel("a.changed-mark"))
                .next()
                .expect("a changed mark")
        )
        .contains(w)
    );
    let server = StaticServer::start(&site.public(), "/");
    let mut wide = Vec::new();
    for (width, height) in [(375, 800), (1440, 900)] {
        viewport(tab, width, height);
        for path in page_paths(&site) {
            open(tab, &format!("http://{}/{path}", server.addr));
            let overflow = number(
                tab,
                "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            );
            if overflow > 0.0 {
                wide.push(format!("{width} px /{path}: {overflow} px too wide"));
            }
        }
    }
    assert!(wide.is_empty(), "{wide:#?}");
}

//! Publishing: sub-path hosting (crawled through a real HTTP server mounted at the
//! sub-path), the 404 page at any depth, sitemap/robots/CNAME/.nojekyll, `ladder.json`
//! against its schema, `ladder.csv`, the search index, HTML validity (Nu validator) and
//! search in a real browser.

use crate::support::static_server::{StaticServer, get, resolve};
use crate::support::*;
use std::collections::{BTreeSet, VecDeque};

fn build_with(site: &Site, base_url: &str) {
    let r = site.rungs(&["build", "--base-url", base_url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Crawls every internal link from `start`, returning (URL path, status) of each page fetched.
fn crawl(addr: &str, start: &str, prefix: &str) -> Vec<(String, u16)> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([start.to_string()]);
    let mut out = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 500 {
            continue;
        }
        let (status, body) = get(addr, &path);
        out.push((path.clone(), status));
        if !path.ends_with('/') && !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&body);
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("[data-index]", "data-index"),
        ] {
            for el in doc.select(&sel(selector)) {
                if let Some(target) = el.value().attr(attr).and_then(|h| resolve(&path, h)) {
                    assert!(
                        target.starts_with(prefix),
                        "{path} links outside the site: {target}"
                    );
                    queue.push_back(target);
                }
            }
        }
    }
    out
}

#[test]
fn every_link_and_asset_resolves_under_a_sub_path() {
    let site = Site::fixture("small-ladder");
    build_with(&site, "https://example.org/ladder/");
    let server = StaticServer::start(&site.public(), "/ladder/");
    let fetched = crawl(&server.addr, "/ladder/", "/ladder/");
    let broken: Vec<_> = fetched.iter().filter(|(_, s)| *s != 200).collect();
    assert!(broken.is_empty(), "{broken:?}");
    let paths: BTreeSet<&str> = fetched.iter().map(|(p, _)| p.as_str()).collect();
    for wanted in [
        "/ladder/compare/expert-vs-maitre/",
        "/ladder/areas/mentoring/",
        "/ladder/search-index.json",
        "/ladder/rungs.css",
    ] {
        assert!(paths.contains(wanted), "{wanted} not reached: {paths:?}");
    }
}

#[test]
fn the_same_build_works_at_a_domain_root() {
    let site = Site::fixture("small-ladder");
    build_with(&site, "/");
    let server = StaticServer::start(&site.public(), "/");
    let fetched = crawl(&server.addr, "/", "/");
    // 16 pages (the printable ladder too), 5 self-assessment pages, the stylesheet, the
    // script, the icon, the search index and the two exports the home page links.
    assert_eq!(fetched.len(), 27, "{fetched:?}");
    assert!(fetched.iter().all(|(_, s)| *s == 200), "{fetched:?}");
}

#[test]
fn the_404_page_works_at_any_depth_under_the_sub_path() {
    let site = Site::fixture("small-ladder");
    build_with(&site, "https://example.org/ladder/");
    let server = StaticServer::start(&site.public(), "/ladder/");
    let deep = "/ladder/levels/gone/really/deep/";
    let (status, body) = get(&server.addr, deep);
    assert_eq!(status, 404);
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(texts(&doc, "h1"), ["Page not found"]);
    let mut checked = 0;
    for (selector, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
    ] {
        for el in doc.select(&sel(selector)) {
            let href = el.value().attr(attr).unwrap();
            if href.starts_with('#')
                || (href.contains("://") && !href.starts_with("https://example.org/"))
            {
                continue;
            }
            assert!(
                href.starts_with("https://example.org/ladder/"),
                "404 links must be absolute: {href}"
            );
            let path = href.trim_start_matches("https://example.org");
            assert_eq!(get(&server.addr, path).0, 200, "{href}");
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked}");
}

#[test]
fn publishing_files_are_written() {
    let site = Site::fixture("small-ladder");
    let config = site
        .read("content/site.yaml")
        .replace("language: en", "language: en\ncname: ladder.example.com");
    site.write("content/site.yaml", &config);
    build_with(&site, "https://example.org/ladder");
    let out = site.public();
    assert!(out.join(".nojekyll").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "ladder.example.com\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/ladder/sitemap.xml\n"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let locs: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = site
        .snapshot()
        .keys()
        .map(|p| p.to_str().unwrap().to_string())
        .filter(|p| p.ends_with("index.html"))
        .map(|p| {
            format!(
                "https://example.org/ladder/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    assert_eq!(locs, pages);
    // 16 pages (the printable ladder too) and 5 self-assessment pages (the chooser, 4 levels).
    assert_eq!(locs.len(), 21);

    let plain = Site::fixture("small-ladder");
    plain.build_ok();
    assert!(!plain.public().join("CNAME").exists());
}

pub(crate) fn ladder_json(site: &Site) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(site.public().join("ladder.json")).unwrap())
        .unwrap()
}

pub(crate) fn validate_against_schema(site: &Site) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.public().join("ladder.schema.json")).unwrap(),
    )
    .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("ladder.schema.json", schema).unwrap();
    let index = compiler
        .compile("ladder.schema.json", &mut schemas)
        .unwrap();
    if let Err(e) = schemas.validate(&ladder_json(site), index) {
        panic!("ladder.json does not match its schema: {e:#}");
    }
}

#[test]
fn ladder_json_holds_the_whole_ladder_and_matches_its_schema() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let json = ladder_json(&site);
    assert_eq!(json["format"], "rungs-ladder");
    assert_eq!(json["version"], 1);
    assert_eq!(json["site"]["title"], "Ladder <Test> & Co — Ünïcödé");
    let categories: Vec<&str> = json["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["craft", "collaboration", "leadership"]);
    let levels = json["levels"].as_array().unwrap();
    let ranks: Vec<i64> = levels.iter().map(|l| l["rank"].as_i64().unwrap()).collect();
    assert_eq!(ranks, [10, 20, 30, 40]);
    assert_eq!(levels[2]["id"], "expert");
    assert_eq!(levels[2]["url"], "levels/expert/");
    assert_eq!(levels[2]["competencies"][0]["category"], "craft");
    assert_eq!(
        levels[2]["competencies"][0]["expectations"][0],
        "Designs systems & APIs for <10 ms latency"
    );
    assert_eq!(
        levels[1]["transition"].as_str().unwrap().lines().next(),
        Some("From learning to **delivering**: an apprentice becomes a practitioner when")
    );
    let mentoring = json["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "mentoring")
        .unwrap();
    let levels_with: Vec<&str> = mentoring["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels_with, ["practitioner", "expert", "maitre"]);
    validate_against_schema(&site);
}

#[test]
fn shipped_ladder_json_matches_its_schema() {
    let site = Site::shipped();
    site.build_ok();
    validate_against_schema(&site);
    assert_eq!(ladder_json(&site)["levels"].as_array().unwrap().len(), 5);
}

/// Minimal RFC 4180 reader for the test.
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn ladder_csv_has_a_row_per_expectation() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/observability.yml",
        "title: \"Observability, \\\"o11y\\\"\"\nexpectations:\n  expert: Designs alerting\n",
    );
    site.build_ok();
    let rows = parse_csv(&std::fs::read_to_string(site.public().join("ladder.csv")).unwrap());
    assert_eq!(
        rows[0],
        [
            "kind",
            "level_id",
            "level_title",
            "level_rank",
            "group_id",
            "group_title",
            "position",
            "text"
        ]
    );
    let competencies = rows.iter().filter(|r| r[0] == "competency").count();
    let areas = rows.iter().filter(|r| r[0] == "area").count();
    // apprentice 3 + practitioner 4 + expert 4 + maitre 3; testing 4 + mentoring 3 + observability 1
    assert_eq!((competencies, areas), (14, 8));
    assert!(rows.contains(&vec![
        "competency".to_string(),
        "apprentice".into(),
        "Apprentice".into(),
        "10".into(),
        "craft".into(),
        "Craft & Code".into(),
        "1".into(),
        "Writes small changes with tests".into(),
    ]));
    assert!(rows.contains(&vec![
        "area".to_string(),
        "expert".into(),
        "Expert <Senior> & Mentor".into(),
        "30".into(),
        "observability".into(),
        "Observability, \"o11y\"".into(),
        "1".into(),
        "Designs alerting".into(),
    ]));
}

#[test]
fn search_index_links_each_expectation_to_its_page_and_row() {
    let site = Site::fixture("small-ladder");
    site.write(
        "content/areas/observability.yml",
        "title: Observability\nexpectations:\n  expert: \"Beware <img src=x onerror=alert(1)>\"\n",
    );
    site.build_ok();
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.public().join("search-index.json")).unwrap(),
    )
    .unwrap();
    let pages = index["pages"].as_array().unwrap();
    let find = |text: &str| {
        index["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[3] == text)
            .map(|e| {
                let page = &pages[e[0].as_u64().unwrap() as usize];
                (
                    page["title"].as_str().unwrap().to_string(),
                    page["url"].as_str().unwrap().to_string(),
                    e[2].as_str().unwrap().to_string(),
                )
            })
            .unwrap_or_else(|| panic!("no entry {text}"))
    };
    assert_eq!(
        find("Mentors practitioners toward expert"),
        (
            "Mentoring <people>".into(),
            "areas/mentoring/".into(),
            "at-expert".into()
        )
    );
    assert_eq!(
        find("Aligns teams on designs"),
        (
            "Expert <Senior> & Mentor".into(),
            "levels/expert/".into(),
            "collaboration.aligns-teams-on-designs".into()
        )
    );
    assert_eq!(find("Beware <img src=x onerror=alert(1)>").2, "at-expert");
    // Every fragment the index names exists on its page.
    for e in index["entries"].as_array().unwrap() {
        let frag = e[2].as_str().unwrap();
        if frag.is_empty() {
            continue;
        }
        let url = pages[e[0].as_u64().unwrap() as usize]["url"]
            .as_str()
            .unwrap();
        let page = site.page(&format!("{url}index.html"));
        assert!(
            page.select(&sel(&format!("[id='{frag}']")))
                .next()
                .is_some(),
            "{url}#{frag}"
        );
    }
}

/// The W3C Nu validator: `RUNGS_VNU_JAR`, or `node_modules/vnu-jar` from `npm install vnu-jar`.
pub(crate) fn vnu_jar() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("RUNGS_VNU_JAR") {
        return Some(p.into());
    }
    let local = repo_root().join("node_modules/vnu-jar/build/dist/vnu.jar");
    local.is_file().then_some(local)
}

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = vnu_jar() else {
        skip_unless_ci(
            "the Nu validator",
            "npm install --no-save vnu-jar, or set RUNGS_VNU_JAR",
        );
        return;
    };
    let (shipped, fixture) = (Site::shipped(), Site::fixture("small-ladder"));
    let french = Site::fixture("labels-fr");
    shipped.build_ok();
    fixture.build_ok();
    french.build_ok();
    // Items with examples, list expectations, aliases, a draft (marked) and free pages.
    let items = Site::fixture("items");
    let built = items.rungs(&["build", "--drafts"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    // Three tracks, peers, groups, free pages, French labels, a draft.
    let tracks = Site::fixture("multi-track");
    let built = tracks.rungs(&["build", "--drafts"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(shipped.public())
        .arg(fixture.public())
        .arg(french.public())
        .arg(items.public())
        .arg(tracks.public())
        .output()
        .expect("run java");
    let report =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Nu validator found errors:\n{report}"
    );
}

#[test]
fn typing_in_the_search_box_lists_the_page() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::fixture("small-ladder");
    build_with(&site, "/ladder/");
    let server = StaticServer::start(&site.public(), "/ladder/");
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("http://{}/ladder/levels/apprentice/", server.addr))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    tab.wait_for_element("#site-search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("mentors practitioners").unwrap();
    let results = tab
        .wait_for_elements("#site-search-results a")
        .expect("search results appear");
    let hrefs: Vec<String> = results
        .iter()
        .filter_map(|a| a.get_attribute_value("href").ok().flatten())
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| h == "../../areas/mentoring/?hl=mentors%20practitioners#at-expert"),
        "{hrefs:?}"
    );
    assert!(
        hrefs.iter().any(|h| h
            == "../../levels/expert/?hl=mentors%20practitioners#leadership.mentors-practitioners"),
        "{hrefs:?}"
    );
    let first_text = results[0].get_inner_text().unwrap();
    assert!(first_text.contains("Mentors practitioners"), "{first_text}");
    // Keyboard: ArrowDown moves into the results, Enter follows the link.
    tab.press_key("ArrowDown").unwrap();
    tab.press_key("Enter").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let mut url = tab.get_url();
    while url.ends_with("/levels/apprentice/") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        url = tab.get_url();
    }
    assert!(
        url.contains("/ladder/areas/mentoring/?hl=mentors%20practitioners#at-expert")
            || url.contains(
                "/ladder/levels/expert/?hl=mentors%20practitioners#leadership.mentors-practitioners"
            ),
        "{url}"
    );
    // The landing page marks the matched words in the item it links to.
    let marks = tab
        .wait_for_elements(":target mark.search-hit")
        .expect("matched words are marked");
    let marked: Vec<String> = marks
        .iter()
        .map(|m| m.get_inner_text().unwrap().to_lowercase())
        .collect();
    assert!(
        !marked.is_empty()
            && marked
                .iter()
                .all(|m| m == "mentors" || m == "practitioners"),
        "{marked:?}"
    );
}

#[test]
fn search_results_show_index_strings_as_text() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let site = Site::fixture("small-ladder");
    site.write("content/areas/observability.yml", "title: Observability\nexpectations:\n  expert: \"Beware <img src=x onerror=\\\"document.title='pwned'\\\"> here\"\n");
    build_with(&site, "/");
    let server = StaticServer::start(&site.public(), "/");
    let profile = tempfile::tempdir().unwrap();
    let browser = launch_chromium(chromium, profile.path());
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("http://{}/compare/", server.addr))
        .unwrap();
    tab.wait_until_navigated().unwrap();
    // The page itself shows the text as typed: inline fields never interpret raw HTML.
    let none = |selector: &str| {
        tab.find_elements(selector)
            .map(|v| v.is_empty())
            .unwrap_or(true)
    };
    assert!(none("main img"), "no <img> element on the page");
    tab.wait_for_element("#site-search-input")
        .unwrap()
        .click()
        .unwrap();
    tab.type_str("beware").unwrap();
    let results = tab.wait_for_elements("#site-search-results a").unwrap();
    let text = results[0].get_inner_text().unwrap();
    assert!(
        text.contains("<img src=x onerror="),
        "shown as text: {text}"
    );
    assert!(
        none("#site-search-results img"),
        "no element was created from index text"
    );
    assert_ne!(tab.get_title().unwrap(), "pwned");
}

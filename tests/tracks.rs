//! Tracks: a ladder with `content/tracks/` (tests/fixtures/tracks: IC with 4 levels, SRE with
//! 3, a manager track with 2 levels at ranks 3–4 and its own categories), built and checked
//! on the parsed HTML and the exports; and the errors of the track layout.

use crate::publish::{ladder_json, parse_csv, validate_against_schema, vnu_jar};
use crate::support::*;
use std::path::Path;

fn built() -> Site {
    let site = Site::fixture("tracks");
    site.build_ok();
    site
}

/// Every HTML page of the output, as sorted paths.
fn html_pages(site: &Site) -> Vec<String> {
    let mut pages: Vec<String> = site
        .snapshot()
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.display().to_string())
        .collect();
    pages.sort();
    pages
}

const PEER_PAGES: &[&str] = &[
    "compare/ic.ic1-vs-sre.sre1/index.html",
    "compare/ic.ic2-vs-sre.sre2/index.html",
    "compare/ic.ic3-vs-management.m1/index.html",
    "compare/ic.ic3-vs-sre.sre3/index.html",
    "compare/ic.ic4-vs-management.m2/index.html",
    "compare/sre.sre3-vs-management.m1/index.html",
];

#[test]
fn a_multi_track_site_has_the_track_urls_and_nothing_else() {
    let site = built();
    let mut expected: Vec<String> = [
        "404.html",
        "assess/index.html",
        "compare/index.html",
        "ic/areas/qualite/index.html",
        "ic/assess/ic1/index.html",
        "ic/assess/ic2/index.html",
        "ic/assess/ic3/index.html",
        "ic/assess/ic4/index.html",
        "management/assess/m1/index.html",
        "management/assess/m2/index.html",
        "sre/assess/sre1/index.html",
        "sre/assess/sre2/index.html",
        "sre/assess/sre3/index.html",
        "ic/compare/ic1-vs-ic2/index.html",
        "ic/compare/ic1-vs-ic3/index.html",
        "ic/compare/ic1-vs-ic4/index.html",
        "ic/compare/ic2-vs-ic3/index.html",
        "ic/compare/ic2-vs-ic4/index.html",
        "ic/compare/ic3-vs-ic4/index.html",
        "ic/compare/index.html",
        "ic/index.html",
        "ic/levels/ic1/index.html",
        "ic/levels/ic2/index.html",
        "ic/levels/ic3/index.html",
        "ic/levels/ic4/index.html",
        "index.html",
        "management/compare/index.html",
        "management/compare/m1-vs-m2/index.html",
        "management/index.html",
        "management/levels/m1/index.html",
        "management/levels/m2/index.html",
        "management/print/index.html",
        "ic/print/index.html",
        "sre/print/index.html",
        "sre/areas/astreinte/index.html",
        "sre/compare/index.html",
        "sre/compare/sre1-vs-sre2/index.html",
        "sre/compare/sre1-vs-sre3/index.html",
        "sre/compare/sre2-vs-sre3/index.html",
        "sre/index.html",
        "sre/levels/sre1/index.html",
        "sre/levels/sre2/index.html",
        "sre/levels/sre3/index.html",
    ]
    .iter()
    .chain(PEER_PAGES)
    .map(|s| s.to_string())
    .collect();
    expected.sort();
    assert_eq!(html_pages(&site), expected);
    // No single-track folders at the top level.
    for folder in ["levels", "areas"] {
        assert!(!site.public().join(folder).exists(), "{folder}/");
    }
}

#[test]
fn pairs_across_tracks_exist_only_for_peers() {
    let site = built();
    let across: Vec<String> = html_pages(&site)
        .into_iter()
        .filter(|p| p.starts_with("compare/") && p.contains('.') && p != "compare/index.html")
        .collect();
    assert_eq!(across, PEER_PAGES);
    // Each pairs two levels of the same rank, side by side, nothing marked new.
    let page = site.page("compare/ic.ic3-vs-management.m1/index.html");
    assert_eq!(
        texts(&page, "h1"),
        ["Ingénieur·e IC3 vs Responsable d'équipe M1"]
    );
    // Every category either track applies, in site order, aligned as two levels are.
    assert_eq!(
        texts(&page, "section.pair-category h3"),
        ["Technique", "Livraison", "Collaboration", "Encadrement"]
    );
    // Peers may share a short name: the page names each with its track.
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        ["Home", "Levels by grade", "IC3 (IC) vs M1 (M)"]
    );
    assert_eq!(
        texts(&page, "#competencies ~ .pair-head span"),
        ["IC3 (IC)", "M1 (M)", "Status"]
    );
    assert!(
        texts(&page, ".lead")[0].starts_with("IC3 (IC) and M1 (M) have the same rank"),
        "{:?}",
        texts(&page, ".lead")
    );
}

#[test]
fn each_level_page_links_its_peers_and_their_comparison() {
    let site = built();
    let peers = |path: &str| -> Vec<String> {
        site.page(path)
            .select(&sel("section.peers a"))
            .filter(|a| !a.value().classes().any(|c| c == "heading-anchor"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    };
    assert_eq!(
        peers("ic/levels/ic3/index.html"),
        [
            "../../../sre/levels/sre3/",
            "../../../compare/ic.ic3-vs-sre.sre3/",
            "../../../management/levels/m1/",
            "../../../compare/ic.ic3-vs-management.m1/",
        ]
    );
    assert_eq!(
        peers("management/levels/m1/index.html"),
        [
            "../../../ic/levels/ic3/",
            "../../../compare/ic.ic3-vs-management.m1/",
            "../../../sre/levels/sre3/",
            "../../../compare/sre.sre3-vs-management.m1/",
        ]
    );
    // Every peer page is linked from both of its level pages.
    for peer in PEER_PAGES {
        let dir = peer.trim_end_matches("index.html");
        let name = dir.trim_start_matches("compare/").trim_end_matches('/');
        let (a, b) = name.split_once("-vs-").unwrap();
        for side in [a, b] {
            let (track, level) = side.split_once('.').unwrap();
            let hrefs = peers(&format!("{track}/levels/{level}/index.html"));
            assert!(hrefs.contains(&format!("../../../{dir}")), "{side} → {dir}");
        }
    }
    // A level with no peer has no peers section.
    let site2 = Site::fixture("tracks");
    site2.write(
        "content/tracks/sre/levels/sre1.md",
        "---\ntitle: SRE1\nrank: 0\n---\n",
    );
    site2.build_ok();
    assert!(
        site2
            .page("ic/levels/ic1/index.html")
            .select(&sel("#peers"))
            .next()
            .is_none()
    );
}

#[test]
fn a_category_a_track_does_not_apply_appears_nowhere_in_that_track() {
    let site = built();
    for (track, absent) in [
        ("ic", "Encadrement"),
        ("sre", "Encadrement"),
        ("management", "Technique"),
    ] {
        for path in html_pages(&site)
            .iter()
            .filter(|p| p.starts_with(&format!("{track}/")))
        {
            let raw = site.read(&format!("public/{path}"));
            assert!(!raw.contains(absent), "{absent} in {path}");
        }
    }
    let m1 = site.page("management/levels/m1/index.html");
    assert_eq!(
        texts(&m1, "section.category h3"),
        ["Livraison", "Encadrement"]
    );
    assert!(m1.select(&sel("section.category .empty")).next().is_none());
    let matrix = site.page("management/compare/index.html");
    assert_eq!(
        texts(&matrix, "#ladder-matrix ~ div tbody th"),
        ["Livraison", "Encadrement"]
    );
    // A track's own wording of a category, Markdown rendered.
    let ic1 = site.page("ic/levels/ic1/index.html");
    assert_eq!(
        texts(&ic1, "#technique ~ .category__description"),
        ["Concevoir, coder et tester."]
    );
    assert_eq!(texts(&ic1, ".category__description em"), ["coder"]);
}

#[test]
fn the_header_lists_the_tracks_not_every_level() {
    let site = built();
    for path in html_pages(&site) {
        let page = site.page(&path);
        let items = texts(&page, ".site-nav li");
        assert_eq!(items, ["IC", "SRE", "M", "Grades"], "{path}");
    }
    let ic2 = site.page("ic/levels/ic2/index.html");
    assert_eq!(
        texts(&ic2, ".site-nav a[aria-current]"),
        ["IC"],
        "the page's track is marked"
    );
}

#[test]
fn home_lists_the_tracks_and_each_track_home_its_levels_and_areas() {
    let site = built();
    let home = site.page("index.html");
    assert_eq!(
        texts(&home, ".level-card__title"),
        ["Ingénierie logicielle", "Fiabilité (SRE)", "Management"]
    );
    assert_eq!(
        texts(&home, ".level-card p"),
        [
            "La filière des contributeurs individuels.",
            "La filière fiabilité des sites.",
            "La filière des responsables d'équipe."
        ]
    );
    let ic = site.page("ic/index.html");
    assert_eq!(texts(&ic, "h1"), ["Ingénierie logicielle"]);
    assert_eq!(
        texts(&ic, "#introduction"),
        ["Les niveaux IC vont de IC1 à IC4."]
    );
    assert_eq!(
        texts(&ic, ".level-card__title"),
        [
            "Ingénieur·e IC1",
            "Ingénieur·e IC2",
            "Ingénieur·e IC3",
            "Ingénieur·e IC4"
        ]
    );
    assert_eq!(texts(&ic, ".area-list a"), ["Qualité"]);
    let m = site.page("management/index.html");
    assert!(
        m.select(&sel("#areas")).next().is_none(),
        "no areas, no section"
    );
}

#[test]
fn the_grades_view_shows_each_tracks_level_at_every_rank() {
    let site = built();
    let page = site.page("compare/index.html");
    let rows: Vec<Vec<String>> = page
        .select(&sel("table tbody tr"))
        .map(|r| {
            r.select(&sel("th, td"))
                .map(
                    |cell| match cell.select(&sel("li")).map(text).collect::<Vec<_>>() {
                        items if items.is_empty() => text(cell),
                        items => items.join(", "),
                    },
                )
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec![
                "1",
                "Ingénieur·e IC1",
                "Ingénieur·e fiabilité 1",
                "— no level at this rank",
                "IC1 vs SRE1"
            ],
            vec![
                "2",
                "Ingénieur·e IC2",
                "Ingénieur·e fiabilité 2",
                "— no level at this rank",
                "IC2 vs SRE2"
            ],
            vec![
                "3",
                "Ingénieur·e IC3",
                "Ingénieur·e fiabilité 3",
                "Responsable d'équipe M1",
                "IC3 vs SRE3, IC3 vs M1, SRE3 vs M1"
            ],
            vec![
                "4",
                "Ingénieur·e IC4",
                "— no level at this rank",
                "Responsable d'équipes M2",
                "IC4 vs M2"
            ],
        ]
    );
}

#[test]
fn pages_of_a_track_have_track_urls_and_breadcrumbs() {
    let site = built();
    let crumbs = |path: &str| texts(&site.page(path), ".breadcrumbs li");
    assert_eq!(
        crumbs("sre/levels/sre2/index.html"),
        ["Home", "Fiabilité (SRE)", "Ingénieur·e fiabilité 2"]
    );
    assert_eq!(
        crumbs("sre/areas/astreinte/index.html"),
        ["Home", "Fiabilité (SRE)", "Astreinte"]
    );
    assert_eq!(
        crumbs("sre/compare/sre1-vs-sre3/index.html"),
        ["Home", "Fiabilité (SRE)", "Compare levels", "SRE1 vs SRE3"]
    );
    assert_eq!(crumbs("ic/index.html"), ["Home", "Ingénierie logicielle"]);
    // A level's position is within its track; previous and next stay in it.
    let m1 = site.page("management/levels/m1/index.html");
    assert_eq!(texts(&m1, ".eyebrow"), ["Management · Level 1 of 2 · M1"]);
    assert!(m1.select(&sel(".pager__prev")).next().is_none());
    assert_eq!(
        texts(&m1, ".pager__next"),
        ["Next level Responsable d'équipes M2"]
    );
    // Links between sources across tracks, by relative path.
    let ic3 = site.page("ic/levels/ic3/index.html");
    let hrefs: Vec<&str> = ic3
        .select(&sel(
            ".transition .prose a, #details a:not(.heading-anchor)",
        ))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../../ic/levels/ic2/",
            "../../../management/levels/m1/",
            "../../../sre/levels/sre3/"
        ]
    );
}

#[test]
fn every_internal_link_of_a_multi_track_site_resolves() {
    let site = built();
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
    // The 404 page names every track and the grades view, under base_url.
    let nf = site.page("404.html");
    let hrefs: Vec<&str> = nf
        .select(&sel("main li a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["/", "/compare/", "/ic/", "/sre/", "/management/"]);
}

#[test]
fn sitemap_lists_every_page_of_every_track() {
    let site = built();
    let sitemap = site.read("public/sitemap.xml");
    let locs = sitemap.matches("<loc>").count();
    // Every page but the 404 page.
    assert_eq!(locs, html_pages(&site).len() - 1);
    assert!(sitemap.contains("<loc>/management/levels/m1/</loc>"));
    assert!(sitemap.contains("<loc>/compare/ic.ic3-vs-management.m1/</loc>"));
}

#[test]
fn search_entries_carry_their_track() {
    let site = built();
    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/search-index.json")).unwrap();
    let pages = index["pages"].as_array().unwrap();
    let page = |url: &str| {
        pages
            .iter()
            .find(|p| p["url"] == url)
            .unwrap_or_else(|| panic!("no page {url}"))
    };
    assert_eq!(page("sre/levels/sre2/")["track"], "sre");
    assert_eq!(
        page("sre/levels/sre2/")["title"],
        "Ingénieur·e fiabilité 2 · Fiabilité (SRE)"
    );
    assert_eq!(page("ic/areas/qualite/")["track"], "ic");
    assert_eq!(page("management/")["title"], "Management");
    assert!(
        pages.iter().all(|p| p["track"].is_string()),
        "every page has a track"
    );
    let entry = index["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[3] == "Mène des entretiens individuels réguliers")
        .unwrap();
    assert_eq!(
        pages[entry[0].as_u64().unwrap() as usize]["url"],
        "management/levels/m1/"
    );
    assert_eq!(
        entry[2],
        "encadrement.mène-des-entretiens-individuels-réguliers"
    );
}

#[test]
fn ladder_json_version_2_holds_the_tracks_and_matches_its_schema() {
    let site = built();
    let json = ladder_json(&site);
    assert_eq!(json["version"], 2);
    assert!(json.get("levels").is_none() && json.get("areas").is_none());
    let tracks = json["tracks"].as_array().unwrap();
    let ids: Vec<&str> = tracks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ic", "sre", "management"]);
    let m = &tracks[2];
    assert_eq!(
        m["categories"],
        serde_json::json!(["livraison", "encadrement"])
    );
    assert_eq!(m["levels"][0]["url"], "management/levels/m1/");
    assert_eq!(m["levels"][0]["rank"], 3);
    let categories: Vec<&str> = m["levels"][0]["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["livraison", "encadrement"]);
    assert_eq!(
        tracks[0]["category_descriptions"],
        serde_json::json!({"technique": "Concevoir, *coder* et tester."})
    );
    assert_eq!(tracks[1]["areas"][0]["expectations"][1]["level"], "sre3");
    validate_against_schema(&site);
}

#[test]
fn ladder_csv_starts_with_the_track_column() {
    let site = built();
    let rows = parse_csv(&site.read("public/ladder.csv"));
    assert_eq!(
        rows[0],
        [
            "track",
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
    assert!(rows.contains(&vec![
        "management".to_string(),
        "competency".into(),
        "m2".into(),
        "Responsable d'équipes M2".into(),
        "4".into(),
        "encadrement".into(),
        "Encadrement".into(),
        "1".into(),
        "Forme les responsables d'équipe aux entretiens".into(),
    ]));
    assert!(rows.contains(&vec![
        "sre".to_string(),
        "area".into(),
        "sre3".into(),
        "Ingénieur·e fiabilité 3".into(),
        "3".into(),
        "astreinte".into(),
        "Astreinte".into(),
        "1".into(),
        "Conduit les revues post-incident".into(),
    ]));
    let tracks: std::collections::BTreeSet<&str> =
        rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        tracks.into_iter().collect::<Vec<_>>(),
        ["ic", "management", "sre"]
    );
}

#[test]
fn every_page_of_a_multi_track_site_is_valid_html() {
    let Some(jar) = vnu_jar() else {
        skip_unless_ci(
            "the Nu validator",
            "npm install --no-save vnu-jar, or set RUNGS_VNU_JAR",
        );
        return;
    };
    let site = built();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(site.public())
        .output()
        .expect("run java");
    let report =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Nu validator found errors:\n{report}"
    );
}

/// `rungs check` on the site fails, and its messages are exactly `expected`.
fn assert_errors(site: &Site, expected: &[&str]) {
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1, "expected content errors:\n{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .split("\n")
        .filter(|l| l.contains(": error: ") || l.starts_with("  = "))
        .collect();
    assert_eq!(errors, expected, "{}", r.stderr);
}

#[test]
fn levels_beside_tracks_is_one_error_naming_both_folders() {
    let site = Site::fixture("tracks");
    site.write("content/levels/x.md", "---\ntitle: X\nrank: 1\n---\n");
    site.write("content/levels/y.md", "---\ntitle: Y\nrank: 2\n---\n");
    site.write("content/areas/z.md", "---\ntitle: Z\n---\n");
    assert_errors(
        &site,
        &[
            "content/areas:1:1: error: `content/areas/` beside `content/tracks/`: a ladder with tracks has no levels or areas outside them",
            "  = expected levels in content/tracks/<track>/levels/ and growth areas in content/tracks/<track>/areas/: move the files of content/areas/ into a track, or remove content/tracks/ for a ladder without tracks",
            "content/levels:1:1: error: `content/levels/` beside `content/tracks/`: a ladder with tracks has no levels or areas outside them",
            "  = expected levels in content/tracks/<track>/levels/ and growth areas in content/tracks/<track>/areas/: move the files of content/levels/ into a track, or remove content/tracks/ for a ladder without tracks",
        ],
    );
}

#[test]
fn an_unknown_category_in_a_track_is_an_error_with_did_you_mean() {
    let site = Site::fixture("tracks");
    site.write(
        "content/tracks/sre/_index.md",
        "---\ntitle: SRE\ncategories: [technique, livraizon]\ncategory_descriptions:\n  colaboration: x\n---\n",
    );
    assert_errors(
        &site,
        &[
            "content/tracks/sre/_index.md:3:25: error: unknown category `livraizon`",
            "  = did you mean `livraison`?",
            "content/tracks/sre/_index.md:5:3: error: unknown category `colaboration`",
            "  = did you mean `collaboration`?",
        ],
    );
}

#[test]
fn a_level_listing_a_category_its_track_does_not_apply_is_an_error() {
    let site = Site::fixture("tracks");
    site.write(
        "content/tracks/management/levels/m1.md",
        "---\ntitle: M1\nrank: 3\ncompetencies:\n  technique:\n    - Codes\n---\n",
    );
    assert_errors(
        &site,
        &[
            "content/tracks/management/levels/m1.md:5:3: error: category `technique` does not apply to track `management`",
            "  = expected one of the track's categories: livraison, encadrement (listed in content/tracks/management/_index.md); or add `technique` to its `categories`",
        ],
    );
}

#[test]
fn ranks_are_unique_within_a_track_but_shared_across_tracks() {
    let site = Site::fixture("tracks");
    // rank 2 is IC2's too: a peer, fine. Rank 3 is SRE3's: a duplicate in its track.
    site.write(
        "content/tracks/sre/levels/sre4.yaml",
        "title: SRE4\nrank: 3\n",
    );
    assert_errors(
        &site,
        &[
            "content/tracks/sre/levels/sre4.yaml:2:7: error: duplicate rank 3",
            "  = content/tracks/sre/levels/sre3.md has rank 3 too: expected each level of a track to have its own rank (levels of different tracks may share one: they are peers)",
        ],
    );
}

#[test]
fn level_ids_are_per_track_and_area_expectations_name_levels_of_their_own_track() {
    let site = Site::fixture("tracks");
    // The same level id in two tracks is fine.
    site.write(
        "content/tracks/management/levels/ic1.yaml",
        "title: M0\nrank: 1\n",
    );
    site.write(
        "content/tracks/sre/areas/x.yaml",
        "title: X\nexpectations:\n  ic2: x\n",
    );
    assert_errors(
        &site,
        &[
            "content/tracks/sre/areas/x.yaml:3:3: error: expectation for unknown level `ic2`",
            "  = expected one of: sre1, sre2, sre3",
        ],
    );
}

#[test]
fn track_folders_need_an_index_and_a_free_name() {
    let site = Site::fixture("tracks");
    site.write("content/tracks/compare/_index.md", "---\ntitle: C\n---\n");
    site.write(
        "content/tracks/compare/levels/c1.md",
        "---\ntitle: C1\nrank: 1\n---\n",
    );
    site.write(
        "content/tracks/data/levels/d1.md",
        "---\ntitle: D1\nrank: 1\n---\n",
    );
    let r = site.rungs(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/tracks/compare:1:1: error: track id `compare` clashes with the site's own `compare` at the top level\n  = expected a track folder name other than: levels, areas, compare,"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("content/tracks/data:1:1: error: the track folder `content/tracks/data/` has no `_index.md`\n  = expected content/tracks/data/_index.md (or .yaml / .yml) with at least `title:`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_ladder_without_tracks_keeps_its_exports_shape() {
    let site = Site::fixture("small-ladder");
    site.build_ok();
    let json = ladder_json(&site);
    assert_eq!(json["version"], 1);
    assert!(json.get("tracks").is_none());
    let csv = site.read("public/ladder.csv");
    assert!(csv.starts_with("kind,level_id,"), "{csv}");
    let index = site.read("public/search-index.json");
    assert!(!index.contains("\"track\""));
    assert!(!Path::new(&site.public().join("ic")).exists());
}

#[test]
fn a_multi_track_ladder_in_french_shows_no_english_word_of_the_theme() {
    use crate::labels::{contains_words, fragments, french_labels, visible_strings};
    use rungs::labels::LABELS;
    let site = Site::fixture("tracks");
    // Every label of the French fixture, on the multi-track ladder.
    let fr_yaml = Site::fixture("labels-fr").read("content/site.yaml");
    let labels = &fr_yaml[fr_yaml.find("\nlabels:\n").expect("labels")..];
    site.write(
        "content/site.yaml",
        &(site.read("content/site.yaml") + labels),
    );
    site.build_ok();
    let fr = french_labels(&site);
    let english: Vec<(&str, String)> = LABELS
        .iter()
        .filter(|l| fr.get(l.key) != Some(&l.default.to_string()))
        .flat_map(|l| fragments(l.default).into_iter().map(move |f| (l.key, f)))
        .collect();
    let mut left = Vec::new();
    for (path, doc) in crate::labels::html_pages(&site.public()) {
        for s in visible_strings(&doc) {
            for (key, fragment) in &english {
                if contains_words(&s, fragment) {
                    left.push(format!("{path}: `{key}` “{fragment}” in “{}”", s.trim()));
                }
            }
        }
    }
    assert!(left.is_empty(), "English left:\n{}", left.join("\n"));
    let grades = site.page("compare/index.html");
    assert_eq!(texts(&grades, "h1"), ["Niveaux par grade"]);
    assert_eq!(
        texts(&site.page("ic/levels/ic3/index.html"), "#peers"),
        ["Pairs dans les autres filières"]
    );
}

#[test]
fn groups_head_only_the_categories_a_track_applies() {
    let site = Site::fixture("tracks");
    let yaml = site.read("content/site.yaml");
    let grouped = yaml
        .replace(
            "categories:\n",
            "groups:\n  - id: resultats\n    title: Résultats\n  - id: personnes\n    title: Personnes\ncategories:\n",
        )
        .replace("title: \"Technique\"\n", "title: \"Technique\"\n    group: resultats\n")
        .replace("title: \"Livraison\"\n", "title: \"Livraison\"\n    group: resultats\n")
        .replace("title: \"Collaboration\"\n", "title: \"Collaboration\"\n    group: personnes\n")
        .replace("title: \"Encadrement\"\n", "title: \"Encadrement\"\n    group: personnes\n");
    site.write("content/site.yaml", &grouped);
    site.build_ok();
    let m1 = site.page("management/levels/m1/index.html");
    assert_eq!(
        texts(&m1, "section.category-group > h3, section.category h4"),
        ["Résultats", "Livraison", "Personnes", "Encadrement"]
    );
    let rows = |path: &str| {
        texts(
            &site.page(path),
            "section[aria-labelledby=competencies] :is(h3, h4)",
        )
    };
    assert_eq!(
        rows("management/compare/m1-vs-m2/index.html"),
        ["Résultats", "Livraison", "Personnes", "Encadrement"]
    );
    // Collaboration applies to SRE, but neither SRE3 nor M1 lists any: a row empty on both
    // sides is left out.
    assert_eq!(
        rows("compare/sre.sre3-vs-management.m1/index.html"),
        [
            "Résultats",
            "Technique",
            "Livraison",
            "Personnes",
            "Encadrement"
        ]
    );
    // Neither SRE1 nor SRE2 lists any collaboration: the group of it, Personnes, is left
    // out with it.
    assert_eq!(
        rows("sre/compare/sre1-vs-sre2/index.html"),
        ["Résultats", "Technique", "Livraison"]
    );
    assert_eq!(broken_links(&site.public()), Vec::<String>::new());
}

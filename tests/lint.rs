//! `rungs lint`, and the same lint warnings from `check` and `build`: each code at its exact
//! file:line:col, silencing by site.yaml and by file, unknown codes, `--deny-warnings`, the
//! shipped ladder's warnings and README's table of codes.

use crate::support::Site;

/// A lint warning as (file, line, column, code), from `--message-format json`.
type Found = (String, u64, u64, String);

const SITE: &str = "title: Lint\ncategories:\n  - id: a\n    title: A\n  - id: b\n    title: B\n  - id: c\n    title: C\n";

/// A level file: `---`, title, rank, `competencies:` on line 4, then each category's key and
/// items (category `a` on line 5).
fn level(rank: u32, categories: &[(&str, &[&str])], extra: &str) -> String {
    let mut out = format!("---\ntitle: L{rank}\nrank: {rank}\ncompetencies:\n");
    for (id, items) in categories {
        out.push_str(&format!("  {id}:\n"));
        for item in *items {
            out.push_str(&format!("    - {item}\n"));
        }
    }
    out.push_str(extra);
    out.push_str("---\n");
    out
}

/// A clean ladder: four levels with their own items in categories a, b and c, and one area
/// `x` with its own expectation at each (`l1:` on line 3 of `content/areas/x.yaml`).
fn ladder() -> Site {
    let site = Site::empty();
    site.write("content/site.yaml", SITE);
    for n in 1..=4 {
        let a = [format!("a{n}"), format!("a{n} more")];
        let b = [format!("b{n}"), format!("b{n} more")];
        let c = [format!("c{n}"), format!("c{n} more")];
        let (a, b, c): (Vec<&str>, Vec<&str>, Vec<&str>) = (
            a.iter().map(String::as_str).collect(),
            b.iter().map(String::as_str).collect(),
            c.iter().map(String::as_str).collect(),
        );
        site.write(
            &format!("content/levels/l{n}.md"),
            &level(n, &[("a", &a), ("b", &b), ("c", &c)], ""),
        );
    }
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: x1\n  l2: x2\n  l3: x3\n  l4: x4\n",
    );
    site
}

fn lints(site: &Site, command: &str) -> (i32, Vec<Found>) {
    let r = site.rungs(&[command, "--message-format", "json"]);
    let found = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|v| v["code"].is_string())
        .map(|v| {
            (
                v["file"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or_default(),
                v["column"].as_u64().unwrap_or_default(),
                v["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (r.code, found)
}

fn found(file: &str, line: u64, column: u64, code: &str) -> Found {
    (file.to_string(), line, column, code.to_string())
}

#[test]
fn a_clean_ladder_has_no_lint_warnings() {
    let site = ladder();
    let r = site.rungs(&["lint"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.trim(), "lint: 0 warnings");
}

#[test]
fn l001_adjacent_levels_identical_in_a_category() {
    let site = ladder();
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[("a", &["a1", "a1 more"]), ("b", &["b2"]), ("c", &["c2"])],
            "",
        ),
    );
    assert_eq!(
        lints(&site, "lint"),
        (0, vec![found("content/levels/l2.md", 5, 3, "L001")])
    );
    let r = site.rungs(&["lint"]);
    assert!(
        r.stderr.contains(
            "content/levels/l2.md:5:3: warning[L001]: level `l2` expects exactly what `l1` expects in category `a`"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("add `lint: {allow: [L001]}` to the front matter of content/levels/l2.md"),
        "{}",
        r.stderr
    );
}

#[test]
fn l002_adjacent_levels_with_the_same_area_expectation() {
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: x1\n  l2: x2\n  l3: x2\n  l4: x4\n",
    );
    assert_eq!(
        lints(&site, "check"),
        (0, vec![found("content/areas/x.yaml", 5, 3, "L002")])
    );
}

#[test]
fn l003_a_level_without_a_category_of_its_track() {
    let site = ladder();
    site.write(
        "content/levels/l3.md",
        &level(3, &[("a", &["a3"]), ("b", &["b3"])], ""),
    );
    site.write("content/levels/l4.md", "---\ntitle: L4\nrank: 4\n---\n");
    assert_eq!(
        lints(&site, "lint").1,
        vec![
            found("content/levels/l3.md", 4, 1, "L003"),
            found("content/levels/l4.md", 1, 1, "L003"),
            found("content/levels/l4.md", 1, 1, "L003"),
            found("content/levels/l4.md", 1, 1, "L003"),
        ]
    );
}

#[test]
fn l004_an_expectation_repeated_at_three_levels() {
    let site = ladder();
    for n in 1..=3 {
        let a = format!("a{n}");
        let b = format!("b{n}");
        let c = format!("c{n}");
        site.write(
            &format!("content/levels/l{n}.md"),
            &level(
                n,
                &[
                    ("a", &[&a, "Writes  tests"]),
                    ("b", &[&b, "x"]),
                    ("c", &[&c, "y"]),
                ],
                "",
            ),
        );
    }
    // `Writes tests` at l1, l2, l3 (white space does not count); `x` and `y` too.
    let (_, warnings) = lints(&site, "lint");
    assert_eq!(
        warnings,
        vec![
            found("content/levels/l3.md", 7, 7, "L004"),
            found("content/levels/l3.md", 10, 7, "L004"),
            found("content/levels/l3.md", 13, 7, "L004"),
        ]
    );
    // In an area, at its third level.
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: [Same, One]\n  l2: [Same, Two]\n  l3: x3\n  l4: [Three, Same]\n",
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![found("content/areas/x.yaml", 6, 15, "L004")]
    );
    // A text twice in one level's list counts once: two levels, no warning.
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: [Same, Same]\n  l2: [Same, Two]\n  l3: x3\n  l4: x4\n",
    );
    assert_eq!(lints(&site, "lint").1, vec![]);
}

#[test]
fn l005_a_category_much_larger_than_the_others() {
    let site = ladder();
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &["1", "2", "3", "4", "5", "6", "7"]),
                ("b", &["b2", "b2 more"]),
                ("c", &["c2", "c2 more"]),
            ],
            "",
        ),
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![found("content/levels/l2.md", 5, 3, "L005")]
    );
    // Six is not more than three times two.
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &["1", "2", "3", "4", "5", "6"]),
                ("b", &["b2", "b2 more"]),
                ("c", &["c2", "c2 more"]),
            ],
            "",
        ),
    );
    assert_eq!(lints(&site, "lint").1, vec![]);
    // Smaller: one item where the median is four.
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &["1", "2", "3", "4"]),
                ("b", &["5", "6", "7", "8"]),
                ("c", &["c2"]),
            ],
            "",
        ),
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![found("content/levels/l2.md", 15, 3, "L005")]
    );
}

#[test]
fn l006_a_growth_area_missing_a_level_between_two() {
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: x1\n  l4: x4\n",
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![
            found("content/areas/x.yaml", 2, 1, "L006"),
            found("content/areas/x.yaml", 2, 1, "L006"),
        ]
    );
    // Starting above the first level or stopping below the last is no gap.
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l2: x2\n  l3: x3\n",
    );
    assert_eq!(lints(&site, "lint").1, vec![]);
}

#[test]
fn allow_lists_silence_a_code_in_their_file_or_the_whole_site() {
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: x1\n  l2: x1\n  l3: x3\n  l4: x3\n",
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![
            found("content/areas/x.yaml", 4, 3, "L002"),
            found("content/areas/x.yaml", 6, 3, "L002"),
        ]
    );
    site.write(
        "content/areas/x.yaml",
        "title: X\nlint: {allow: [L002]}\nexpectations:\n  l1: x1\n  l2: x1\n",
    );
    site.write(
        "content/areas/y.yaml",
        "title: Y\nexpectations:\n  l1: y1\n  l2: y1\n",
    );
    assert_eq!(
        lints(&site, "lint").1,
        vec![found("content/areas/y.yaml", 4, 3, "L002")]
    );
    site.write(
        "content/site.yaml",
        &format!("{SITE}lint:\n  allow: [L002]\n"),
    );
    assert_eq!(lints(&site, "lint"), (0, vec![]));
}

#[test]
fn unknown_codes_in_allow_lists_are_errors_with_the_closest_code() {
    let site = ladder();
    site.write(
        "content/site.yaml",
        &format!("{SITE}lint:\n  allow: [L002, L0002]\n"),
    );
    site.write(
        "content/levels/l1.md",
        &level(
            1,
            &[("a", &["a1"]), ("b", &["b1"]), ("c", &["c1"])],
            "lint:\n  allow: [l003]\n",
        ),
    );
    let r = site.rungs(&["lint"]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(
        errors,
        vec![
            "content/levels/l1.md:12:11: error: unknown lint code `l003`",
            "content/site.yaml:10:17: error: unknown lint code `L0002`",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("= did you mean `L003`?"), "{}", r.stderr);
    assert!(r.stderr.contains("= did you mean `L002`?"), "{}", r.stderr);
}

#[test]
fn deny_warnings_fails_lint_check_and_build_and_writes_nothing() {
    let site = ladder();
    site.write(
        "content/areas/x.yaml",
        "title: X\nexpectations:\n  l1: x1\n  l2: x1\n",
    );
    for command in ["lint", "check", "build"] {
        let r = site.rungs(&[command]);
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("warning[L002]"), "{}", r.stderr);
    }
    std::fs::remove_dir_all(site.public()).expect("remove public/");
    for command in ["lint", "check", "build"] {
        let r = site.rungs(&[command, "--deny-warnings"]);
        assert_eq!(r.code, 1, "{command}: {}", r.stderr);
        assert!(
            r.stderr.ends_with("1 warning denied by --deny-warnings\n"),
            "{}",
            r.stderr
        );
    }
    assert!(
        !site.public().exists(),
        "build --deny-warnings wrote public/"
    );
}

#[test]
fn the_shipped_ladder_warns_that_staff_and_principal_are_identical_in_every_area() {
    let site = Site::shipped();
    let (code, warnings) = lints(&site, "lint");
    assert_eq!(code, 0);
    let expected: Vec<Found> = [
        "api-design",
        "data-architecture",
        "infrastructure",
        "security",
        "system-design",
    ]
    .iter()
    .map(|area| found(&format!("content/areas/{area}.md"), 9, 3, "L002"))
    .collect();
    assert_eq!(warnings, expected);
    let r = site.rungs(&["check"]);
    assert!(
        r.stderr.contains(
            "content/areas/security.md:9:3: warning[L002]: growth area `security` expects the same at `principal` as at `staff`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn readme_documents_exactly_the_lint_codes() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let documented: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|code| code.len() == 4 && code.starts_with('L'))
        .collect();
    let codes: Vec<&str> = rungs::lint::LINTS.iter().map(|(code, _)| *code).collect();
    assert_eq!(documented, codes);
}

#[test]
fn three_identical_levels_are_two_l001_warnings_not_also_an_l004() {
    let site = ladder();
    for n in 2..=3 {
        let b = [format!("b{n}"), format!("b{n} more")];
        let b: Vec<&str> = b.iter().map(String::as_str).collect();
        site.write(
            &format!("content/levels/l{n}.md"),
            &level(
                n,
                &[
                    ("a", &["a1", "a1 more"]),
                    ("b", &b),
                    ("c", &["c9", "c9 more"]),
                ],
                "",
            ),
        );
    }
    let (_, found_lints) = lints(&site, "lint");
    let codes: Vec<(&str, &str)> = found_lints
        .iter()
        .filter(|f| f.3 == "L001" || f.3 == "L004")
        .map(|f| (f.0.as_str(), f.3.as_str()))
        .collect();
    // Category a is the same at l1, l2 and l3: L001 at l2 and at l3 says it, L004 must not
    // repeat it at l3. Category c is the same at l2 and l3 only.
    assert_eq!(
        codes,
        [
            ("content/levels/l2.md", "L001"),
            ("content/levels/l3.md", "L001"),
            ("content/levels/l3.md", "L001"),
        ]
    );
}

#[test]
fn l005_is_strictly_more_than_three_times_or_under_a_third() {
    let site = ladder();
    let many: Vec<String> = (0..6).map(|i| format!("a2 {i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    // A median of two: six items (exactly 3x) is not yet larger, seven are.
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &many),
                ("b", &["b2", "b2 more"]),
                ("c", &["c2", "c2 more"]),
            ],
            "",
        ),
    );
    let (_, found_lints) = lints(&site, "lint");
    assert!(
        found_lints.iter().all(|f| f.3 != "L005"),
        "exactly 3x the median is not unbalanced: {found_lints:?}"
    );
    let seven: Vec<String> = (0..7).map(|i| format!("a2 {i}")).collect();
    let seven: Vec<&str> = seven.iter().map(String::as_str).collect();
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &seven),
                ("b", &["b2", "b2 more"]),
                ("c", &["c2", "c2 more"]),
            ],
            "",
        ),
    );
    let (_, found_lints) = lints(&site, "lint");
    assert_eq!(
        found_lints.iter().filter(|f| f.3 == "L005").count(),
        1,
        "{found_lints:?}"
    );
    // One item against a median of three is exactly a third: not yet smaller.
    site.write(
        "content/levels/l2.md",
        &level(
            2,
            &[
                ("a", &["a2"]),
                ("b", &["b2", "b2 more", "b2 most"]),
                ("c", &["c2", "c2 more", "c2 most"]),
            ],
            "",
        ),
    );
    let (_, found_lints) = lints(&site, "lint");
    assert!(found_lints.iter().all(|f| f.3 != "L005"), "{found_lints:?}");
}

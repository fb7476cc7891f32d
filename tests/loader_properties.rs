//! Property test of the loader: arbitrary bytes and arbitrary YAML-shaped documents (nested
//! mappings, lists and odd scalars, in block and flow style, with weird keys) as
//! `content/site.yaml`, a level and an area. Whatever the input, `load_ladder` returns — no
//! panic, within a bound that only a hang would break — and every problem it reports names a
//! file under `content/`.

use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// A bound for a hang, not a speed test (speed is measured by hand on the release binary):
/// the slowest case here takes milliseconds; a quadratic parse of it took seconds.
const BOUND: Duration = Duration::from_secs(5);

/// A YAML-shaped document.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// Scalars and keys chosen to trip a parser or a validator.
fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("9223372036854775808".to_string()),
        Just("-1".to_string()),
        Just("1e400".to_string()),
        Just("0x1F".to_string()),
        Just("true".to_string()),
        Just("[".to_string()),
        Just("]]".to_string()),
        Just("{".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("#".to_string()),
        Just("&a".to_string()),
        Just("*a".to_string()),
        Just("!!int".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("|".to_string()),
        Just("---".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("<script>".to_string()),
        Just("é\u{0}\u{1b}\u{7}".to_string()),
        Just("title".to_string()),
        Just("rank".to_string()),
        Just("categories".to_string()),
        Just("competencies".to_string()),
        Just("expectations".to_string()),
        Just("theme".to_string()),
        Just("../../etc".to_string()),
        Just("id".to_string()),
        Just("a".to_string()),
        "[a-z-]{1,12}",
        ".{0,24}",
    ]
}

fn node() -> impl Strategy<Value = Node> {
    odd_text()
        .prop_map(Node::Scalar)
        .prop_recursive(8, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Node::List),
                prop::collection::vec((odd_text(), inner), 0..6).prop_map(Node::Map),
            ]
        })
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// Writes `node` as YAML: block style, or flow style from `flow` on; scalars raw or quoted.
fn render(node: &Node, indent: usize, flow: bool, raw: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    let scalar = |s: &str| if raw { s.to_string() } else { quote(s) };
    match node {
        Node::Scalar(s) => out.push_str(&scalar(s)),
        Node::List(items) if flow || items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render(item, indent, true, raw, out);
            }
            out.push(']');
        }
        Node::Map(entries) if flow || entries.is_empty() => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&scalar(k));
                out.push_str(": ");
                render(v, indent, true, raw, out);
            }
            out.push('}');
        }
        Node::List(items) => {
            for item in items {
                out.push('\n');
                out.push_str(&pad);
                out.push_str("- ");
                render(item, indent + 2, false, raw, out);
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                out.push('\n');
                out.push_str(&pad);
                out.push_str(&scalar(k));
                out.push(':');
                out.push(' ');
                render(v, indent + 2, false, raw, out);
            }
        }
    }
}

/// One file's bytes: arbitrary bytes, a YAML-shaped document, or deep brackets.
fn file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        (node(), any::<bool>(), any::<bool>()).prop_map(|(n, flow, raw)| {
            let mut out = String::new();
            render(&n, 0, flow, raw, &mut out);
            out.into_bytes()
        }),
        (
            0usize..150_000,
            prop_oneof![Just("["), Just("{"), Just("- "), Just("a:\n ")]
        )
            .prop_map(|(n, open)| format!(
                "title: x\nrank: 1\nsummary: {}",
                open.repeat(n)
            )
            .into_bytes()),
    ]
}

const SITE: &str = "title: T\ncategories:\n  - id: tech\n    title: Tech\n";

/// site.yaml: valid (so levels and areas are validated too) or arbitrary.
fn site_file() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![Just(SITE.as_bytes().to_vec()), file()]
}

fn check_loader(root: &Path) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let result = rungs::content::load_ladder(root, |_| {});
    let elapsed = started.elapsed();
    prop_assert!(elapsed < BOUND, "took {elapsed:?}");
    let diags = match result {
        Ok(loaded) => loaded.warnings,
        Err(diags) => {
            prop_assert!(diags.has_errors(), "a failed load has errors");
            diags
        }
    };
    for d in diags.iter() {
        let location = d.location.as_ref();
        prop_assert!(
            location.is_some_and(|l| l.path.starts_with("content/")),
            "names no file under content/: {d}"
        );
        prop_assert!(d.to_string().len() < 2000, "a message quotes too much: {d}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_hangs_or_reports_without_a_file(
        site in site_file(),
        level in file(),
        level_md in any::<bool>(),
        area in file(),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/levels")).expect("mkdir");
        std::fs::create_dir_all(root.join("content/areas")).expect("mkdir");
        std::fs::write(root.join("content/site.yaml"), &site).expect("write");
        if level_md {
            let mut md = b"---\n".to_vec();
            md.extend_from_slice(&level);
            md.extend_from_slice(b"\n---\nBody\n");
            std::fs::write(root.join("content/levels/a.md"), md).expect("write");
        } else {
            std::fs::write(root.join("content/levels/a.yaml"), &level).expect("write");
        }
        std::fs::write(root.join("content/areas/x.yaml"), &area).expect("write");
        check_loader(root)?;
    }
}

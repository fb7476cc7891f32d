//! Finding and reading the ladder's source files, and splitting Markdown front matter.
//!
//! Owns the file layout of `content/` (which file is a level, an area, a track, a free page or
//! the home page, and which track a file belongs to) and the byte and line offsets that let
//! later stages report `file:line:column` in the original file.
//! It never interprets YAML or Markdown: `validate` does.
//!
//! Files are found and read through [`crate::fsx`]: hidden files and folders are skipped,
//! links are followed only while they stay inside the site folder, only regular files of at
//! most [`crate::fsx::MAX_SOURCE_BYTES`] are read. Whatever is not read is named: an error
//! for a file named like a source (or any link leaving the site folder), a warning for
//! anything else.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fsx::{self, FoundKind, Root};
use crate::yaml::{self, Seg, Target};
use rayon::prelude::*;
use std::ops::Range;
use std::path::Path;

/// What a source file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum SourceKind {
    /// `content/_index.md`: the home page introduction.
    Index,
    /// `content/levels/<id>.md`, or `content/tracks/<track>/levels/<id>.md`.
    Level,
    /// `content/areas/<id>.md`, or `content/tracks/<track>/areas/<id>.md`.
    Area,
    /// `content/tracks/<track>/_index.md`: a track's title, categories and home page.
    Track,
    /// `content/pages/<id>.md`: a free page.
    Page,
}

/// One source file, read and split, with enough offsets to point into it.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// What the file describes.
    pub(crate) kind: SourceKind,
    /// The file stem: the id of the level or area; for a track's `_index`, the track id.
    pub(crate) id: String,
    /// The track the file belongs to (the folder under `content/tracks/`); `None` outside
    /// `content/tracks/`.
    pub(crate) track: Option<String>,
    /// Path for messages, relative to the site root: `content/levels/senior.md`.
    pub(crate) path: String,
    /// Path relative to `content/`, with `/`: the key Markdown links resolve against.
    pub(crate) content_path: String,
    /// The whole file.
    pub(crate) text: String,
    /// Where the YAML is in `text` (front matter, or the whole file for `.yaml`).
    pub(crate) yaml: Range<usize>,
    /// 0-based line of `text` on which the YAML starts.
    pub(crate) yaml_line_offset: usize,
    /// Where the Markdown body is in `text` (`.md` files only).
    pub(crate) body: Option<Range<usize>>,
    /// Locates nodes of the YAML part within the file's budget.
    locator: yaml::Locator,
}

impl Source {
    /// The YAML part of the file.
    pub(crate) fn yaml_text(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    /// The Markdown body below the front matter, if the file is Markdown.
    pub(crate) fn body_text(&self) -> Option<&str> {
        self.body.clone().map(|r| &self.text[r])
    }

    /// The file location of a line and column given within the YAML part.
    pub(crate) fn yaml_location(&self, line: usize, column: usize) -> Location {
        Location {
            path: self.path.clone(),
            line: line + self.yaml_line_offset,
            column,
        }
    }

    /// The file location of the key or value at `path` in the YAML part.
    pub(crate) fn locate(&self, path: &[Seg], target: Target) -> Location {
        let (line, column) = self.locator.locate(self.yaml_text(), path, target);
        self.yaml_location(line, column)
    }

    /// The file location of a byte offset within the Markdown body.
    pub(crate) fn body_location(&self, offset: usize) -> Location {
        let start = self.body.as_ref().map_or(0, |r| r.start);
        Location::at_offset(&self.path, &self.text, start + offset)
    }
}

/// Splits a file's text into its parts. `path` is for messages, `content_path` is relative to
/// `content/`. Pure: tests call it without a disk.
///
/// # Errors
/// A missing or unclosed front matter block in a Markdown level or area.
pub(crate) fn parse_source(
    kind: SourceKind,
    path: &str,
    content_path: &str,
    text: String,
) -> Result<Source, Diagnostic> {
    let file_name = content_path.rsplit('/').next().unwrap_or(content_path);
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let track = track_of(content_path);
    let id = match (kind, &track) {
        (SourceKind::Track, Some(track)) => track.clone(),
        _ => stem.to_string(),
    };
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut source = Source {
        kind,
        id,
        track,
        path: path.to_string(),
        content_path: content_path.to_string(),
        yaml: bom..text.len(),
        yaml_line_offset: 0,
        body: None,
        text,
        locator: yaml::Locator::default(),
    };
    if ext != "md" {
        return Ok(source);
    }
    match split_front_matter(&source.text[bom..]) {
        FrontMatter::Found { yaml, body } => {
            source.yaml = bom + yaml.start..bom + yaml.end;
            source.yaml_line_offset = 1;
            source.body = Some(bom + body.start..bom + body.end);
            Ok(source)
        }
        FrontMatter::Missing if kind == SourceKind::Index => {
            source.yaml = bom..bom;
            source.body = Some(bom..source.text.len());
            Ok(source)
        }
        FrontMatter::Missing => Err(Diagnostic::error(
            Location::file_start(path),
            "missing front matter",
        )
        .with_help("expected the file to start with a `---` line, then YAML (`title: …`), then a closing `---` line")),
        FrontMatter::Unclosed => Err(Diagnostic::error(
            Location::file_start(path),
            "the front matter opened here is never closed",
        )
        .with_help("expected a line `---` after the YAML, before the Markdown body")),
    }
}

enum FrontMatter {
    Found {
        yaml: Range<usize>,
        body: Range<usize>,
    },
    Missing,
    Unclosed,
}

fn split_front_matter(text: &str) -> FrontMatter {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return FrontMatter::Missing;
    }
    let mut line_start = first_end;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            return FrontMatter::Found {
                yaml: first_end..line_start,
                body: line_end..text.len(),
            };
        }
        line_start = line_end;
    }
    FrontMatter::Unclosed
}

/// The folder of `content/tracks/` a path relative to `content/` is in: `tracks/sre/levels/a.md`
/// → `sre`. `None` outside `content/tracks/`.
pub(crate) fn track_of(content_path: &str) -> Option<String> {
    let rest = content_path.strip_prefix("tracks/")?;
    let (track, _) = rest.split_once('/')?;
    Some(track.to_string())
}

/// Which kind a path relative to `content/` is, or why it is not a source.
fn classify(content_path: &str) -> Option<SourceKind> {
    let (dir, file) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    let (stem, ext) = file.rsplit_once('.')?;
    if !matches!(ext, "md" | "yaml" | "yml") {
        return None;
    }
    // Inside a track's folder, the same layout as content/ itself.
    let (in_track, dir) = match dir.strip_prefix("tracks/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, sub)) => (true, sub),
            None => (true, ""),
        },
        None => (false, dir),
    };
    match (dir, stem) {
        ("", "_index") if in_track => Some(SourceKind::Track),
        ("", "_index") => Some(SourceKind::Index),
        ("levels", _) => Some(SourceKind::Level),
        ("areas", _) => Some(SourceKind::Area),
        ("pages", _) if !in_track => Some(SourceKind::Page),
        _ => None,
    }
}

/// Reads every source under `root/content` (all but `site.yaml`), in a stable order.
/// Problems with single files (not UTF-8, bad name, missing front matter, not a regular
/// file, a link leaving the site folder) are reported and the file is skipped, so the rest
/// is still checked. Files that are not sources are skipped with a warning naming them.
/// The folder of `content/` whose files are published as they are, at the same path under
/// the site root.
pub(crate) const STATIC_DIR: &str = "static";

/// The files of `content/static/`, relative to it (`img/logo.png`), sorted; hidden files are
/// skipped. A link leaving the site, a special file or an unreadable entry is an error.
pub(crate) fn list_statics(root: &Path) -> (Vec<String>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Ok(root) = Root::open(root) else {
        // load_sources reports it.
        return (Vec::new(), diags);
    };
    let dir = format!("content/{STATIC_DIR}");
    let mut files = Vec::new();
    for item in fsx::walk(&root, &dir) {
        let path = if item.rel.is_empty() {
            dir.clone()
        } else {
            format!("{dir}/{}", item.rel)
        };
        match item.kind {
            FoundKind::File => files.push(item.rel),
            kind @ (FoundKind::Outside(_) | FoundKind::Hidden(_)) => {
                diags.extend(fsx::refused_link(&path, &kind).into_iter().collect());
            }
            FoundKind::Special(what) => diags.push(fsx::not_regular(&path, what)),
            FoundKind::Broken => diags.push(fsx::broken_link(&path)),
            FoundKind::Unreadable(e) => diags.push(Diagnostic::error(
                Location::file_start(&path),
                format!("cannot read: {e}"),
            )),
        }
    }
    files.sort();
    (files, diags)
}

pub(crate) fn load_sources(root: &Path) -> (Vec<Source>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let root = match Root::open(root) {
        Ok(root) => root,
        Err(d) => return (Vec::new(), d.into()),
    };
    let mut found: Vec<(SourceKind, String)> = Vec::new();
    for item in fsx::walk(&root, "content") {
        if item.rel.is_empty() {
            // content/ itself is a link leaving the site folder.
            diagnostics.extend(
                fsx::refused_link("content", &item.kind)
                    .into_iter()
                    .collect(),
            );
            continue;
        }
        if item.rel == "site.yaml" {
            // The configuration reports its own problems.
            continue;
        }
        if item.rel == STATIC_DIR || item.rel.starts_with(&format!("{STATIC_DIR}/")) {
            // Published as they are (see `list_statics`), never read as sources.
            continue;
        }
        let path = format!("content/{}", item.rel);
        let kind = classify(&item.rel);
        let ignored = |what: String| {
            Diagnostic::warning(Location::file_start(&path), format!("ignored: {what}"))
        };
        match (item.kind, kind) {
            (FoundKind::File, Some(kind)) => found.push((kind, item.rel)),
            (FoundKind::File, None) => diagnostics.push(
                ignored("not a ladder source".into())
                .with_help("expected content/_index.md, content/levels/<id>.md, content/areas/<id>.md or content/pages/<id>.md, or with tracks content/tracks/<track>/_index.md, …/levels/<id>.md or …/areas/<id>.md (or .yaml / .yml)"),
            ),
            (FoundKind::Special(what), Some(_)) => diagnostics.push(fsx::not_regular(&path, what)),
            (FoundKind::Special(what), None) => {
                diagnostics.push(ignored(format!("not a regular file ({what})")));
            }
            (kind @ (FoundKind::Outside(_) | FoundKind::Hidden(_)), _) => {
                diagnostics.extend(fsx::refused_link(&path, &kind).into_iter().collect());
            }
            (FoundKind::Broken, Some(_)) => diagnostics.push(fsx::broken_link(&path)),
            (FoundKind::Broken, None) => diagnostics.push(ignored("broken symbolic link".into())),
            (FoundKind::Unreadable(e), _) => diagnostics.push(Diagnostic::error(
                Location::file_start(&path),
                format!("cannot read: {e}"),
            )),
        }
    }
    let results: Vec<Result<Source, Diagnostic>> = found
        .into_par_iter()
        .map(|(kind, content_path)| {
            let path = format!("content/{content_path}");
            let bytes = root.read_file(&path, Some(fsx::MAX_SOURCE_BYTES))?;
            let text = fsx::decode_text(&path, bytes)?;
            parse_source(kind, &path, &content_path, text)
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(s) => sources.push(s),
            Err(d) => diagnostics.push(d),
        }
    }
    (sources, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_offsets() {
        let text = "---\ntitle: Senior\nrank: 3\n---\n\nBody *here*.\n".to_string();
        let s = parse_source(
            SourceKind::Level,
            "content/levels/senior.md",
            "levels/senior.md",
            text,
        )
        .unwrap();
        assert_eq!(s.id, "senior");
        assert_eq!(s.yaml_text(), "title: Senior\nrank: 3\n");
        assert_eq!(s.body_text(), Some("\nBody *here*.\n"));
        assert_eq!(s.locate(&[Seg::key("rank")], Target::Value).line, 3);
        assert_eq!(s.body_location(1).line, 6);
    }

    #[test]
    fn rejects_missing_and_unclosed_front_matter() {
        let missing = parse_source(
            SourceKind::Level,
            "content/levels/a.md",
            "levels/a.md",
            "# hi\n".into(),
        );
        assert!(
            missing
                .unwrap_err()
                .message
                .contains("missing front matter")
        );
        let unclosed = parse_source(
            SourceKind::Area,
            "content/areas/a.md",
            "areas/a.md",
            "---\ntitle: x\n".into(),
        );
        assert!(unclosed.unwrap_err().message.contains("never closed"));
    }

    #[test]
    fn index_may_have_no_front_matter() {
        let s = parse_source(
            SourceKind::Index,
            "content/_index.md",
            "_index.md",
            "Hello\n".into(),
        )
        .unwrap();
        assert_eq!(s.yaml_text(), "");
        assert_eq!(s.body_text(), Some("Hello\n"));
    }

    #[test]
    fn files_of_a_track_folder_belong_to_the_track() {
        assert_eq!(classify("tracks/sre/_index.md"), Some(SourceKind::Track));
        assert_eq!(
            classify("tracks/sre/levels/a.yaml"),
            Some(SourceKind::Level)
        );
        assert_eq!(classify("tracks/sre/areas/b.yml"), Some(SourceKind::Area));
        assert_eq!(classify("tracks/sre/notes.md"), None);
        assert_eq!(classify("tracks/_index.md"), None);
        assert_eq!(classify("levels/a.md"), Some(SourceKind::Level));
        let s = parse_source(
            SourceKind::Track,
            "content/tracks/sre/_index.yaml",
            "tracks/sre/_index.yaml",
            "title: SRE\n".into(),
        )
        .unwrap();
        assert_eq!((s.id.as_str(), s.track.as_deref()), ("sre", Some("sre")));
        let s = parse_source(
            SourceKind::Level,
            "content/tracks/sre/levels/s1.yaml",
            "tracks/sre/levels/s1.yaml",
            "title: S1\nrank: 1\n".into(),
        )
        .unwrap();
        assert_eq!((s.id.as_str(), s.track.as_deref()), ("s1", Some("sre")));
        assert_eq!(track_of("levels/a.md"), None);
    }

    #[test]
    fn yaml_files_are_all_yaml() {
        let s = parse_source(
            SourceKind::Area,
            "content/areas/x.yml",
            "areas/x.yml",
            "title: X\n".into(),
        )
        .unwrap();
        assert_eq!(s.yaml_text(), "title: X\n");
        assert!(s.body.is_none());
    }
}

//! Markdown fields of one source → [`Text`], with every problem found while rendering them
//! reported at the field it comes from.
//!
//! Owns how a field is located for messages (an inline or block field at its YAML value, a
//! body at the exact line of a broken link), the wording of the broken-link and unsafe-URL
//! diagnostics, and which heading ids a page's Markdown may not take. It does not decide
//! which fields a document has: `validate` does, field by field.

use crate::config::SiteConfig;
use crate::content::markdown::{self, IdAllocator, LinkTargets, RawHtml, Rendered};
use crate::content::model::{ExternalRef, FragmentRef, Fragments, Text};
use crate::content::routes::{CAPTION_IDS, RESERVED_IDS};
use crate::content::source::Source;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::yaml::{RequiredText, Seg, Target};

/// Renders Markdown fields of one source, turning broken links into errors at the field.
pub(crate) struct FieldRenderer<'a> {
    source: &'a Source,
    targets: &'a LinkTargets,
    ids: IdAllocator,
    diags: Diagnostics,
    /// What raw HTML in block fields and bodies becomes (site.yaml's `unsafe_html`).
    raw_html: RawHtml,
    /// Heading ids and fragment links found so far.
    fragments: Fragments,
}

impl<'a> FieldRenderer<'a> {
    /// A renderer for the fields of `source`, resolving links with `targets`. Headings take
    /// neither the template ids ([`RESERVED_IDS`], [`CAPTION_IDS`]) nor `extra_reserved`
    /// (the ids of the page's own rows and sections).
    pub(crate) fn new(
        source: &'a Source,
        targets: &'a LinkTargets,
        extra_reserved: &[&str],
        site: &SiteConfig,
    ) -> Self {
        let ids = IdAllocator::with_reserved(
            RESERVED_IDS
                .iter()
                .chain(CAPTION_IDS)
                .copied()
                .chain(extra_reserved.iter().copied()),
        );
        FieldRenderer {
            source,
            targets,
            ids,
            diags: Diagnostics::new(),
            raw_html: RawHtml::from_unsafe_html(site.unsafe_html),
            fragments: Fragments::default(),
        }
    }

    fn report(&mut self, rendered: &Rendered, at: impl Fn(usize) -> Location) {
        self.fragments
            .ids
            .extend(rendered.headings.iter().map(|h| h.id.clone()));
        for link in &rendered.external_links {
            self.fragments.external.push(ExternalRef {
                at: at(link.offset),
                url: link.url.clone(),
            });
        }
        for link in &rendered.fragment_links {
            self.fragments.links.push(FragmentRef {
                at: at(link.offset),
                page: link.page.clone(),
                fragment: link.fragment.clone(),
                target: link.target.clone(),
            });
        }
        for link in &rendered.broken_links {
            if let Some(why) = link.left_out {
                self.diags.push(
                    Diagnostic::error(at(link.offset), format!("link to `{}`, {why}", link.target))
                        .with_help(LEFT_OUT_HELP),
                );
                continue;
            }
            if link.asset {
                self.diags.push(
                    Diagnostic::error(
                        at(link.offset),
                        format!(
                            "link to `{}`, which is no file of content/static/",
                            link.target
                        ),
                    )
                    .with_help(link.help.clone().unwrap_or_else(|| STATIC_HELP.to_string())),
                );
                continue;
            }
            self.diags.push(
                Diagnostic::error(
                    at(link.offset),
                    format!(
                        "link to `{}`, which does not exist",
                        shorten(&link.target, usize::MAX)
                    ),
                )
                .with_optional_help(link.help.clone().or_else(|| {
                    Some(
                        "expected a relative path to a source file, such as `../levels/senior.md`"
                            .into(),
                    )
                })),
            );
        }
        for unsafe_url in &rendered.unsafe_urls {
            let (what, kept) = if unsafe_url.image {
                ("image", "its alt text is shown instead")
            } else {
                ("link", "its text is kept without the link")
            };
            self.diags.push(
                Diagnostic::warning(
                    at(unsafe_url.offset),
                    format!(
                        "{what} to `{}` left out: {kept}",
                        shorten(&unsafe_url.url, 60)
                    ),
                )
                .with_help("expected an http, https or mailto URL, a relative path or a #fragment"),
            );
        }
    }

    /// An inline field from the YAML part, at `path`.
    pub(crate) fn inline(&mut self, markdown: &str, path: &[Seg]) -> Text {
        let r = markdown::render_inline(
            markdown,
            &self.source.content_path,
            self.targets,
            &mut self.ids,
        );
        let source = self.source;
        self.report(&r, |_| source.locate(path, Target::Value));
        Text {
            markdown: markdown.to_string(),
            html: r.html,
            plain: markdown::plain_text(markdown),
        }
    }

    /// A block field from the YAML part, at `path`.
    pub(crate) fn block(&mut self, markdown: &str, path: &[Seg]) -> Text {
        let r = markdown::render_block(
            markdown,
            &self.source.content_path,
            self.targets,
            &mut self.ids,
            self.raw_html,
        );
        let source = self.source;
        self.report(&r, |_| source.locate(path, Target::Value));
        Text {
            markdown: markdown.to_string(),
            html: r.html,
            plain: markdown::plain_text(markdown),
        }
    }

    /// The body: below the front matter in `.md`, the `body:` key in `.yaml`.
    pub(crate) fn body(&mut self, yaml_body: Option<&str>) -> (Text, Vec<markdown::Heading>) {
        let source = self.source;
        let (markdown, r) = match (source.body_text(), yaml_body) {
            (Some(md), _) => {
                let r = markdown::render_block(
                    md,
                    &source.content_path,
                    self.targets,
                    &mut self.ids,
                    self.raw_html,
                );
                self.report(&r, |offset| source.body_location(offset));
                (md, r)
            }
            (None, Some(md)) => {
                let r = markdown::render_block(
                    md,
                    &source.content_path,
                    self.targets,
                    &mut self.ids,
                    self.raw_html,
                );
                self.report(&r, |_| source.locate(&[Seg::key("body")], Target::Value));
                (md, r)
            }
            (None, None) => {
                return (Text::default(), Vec::new());
            }
        };
        (
            Text {
                markdown: markdown.to_string(),
                html: r.html,
                plain: String::new(),
            },
            r.headings,
        )
    }

    /// The title, or "" after reporting it absent, null or blank.
    pub(crate) fn title(&mut self, title: &RequiredText) -> String {
        let source = self.source;
        match title.require(
            "title",
            "a display title",
            || source.yaml_location(1, 1),
            || source.locate(&[Seg::key("title")], Target::Value),
        ) {
            Ok(text) => text.to_string(),
            Err(d) => {
                self.diags.push(d);
                String::new()
            }
        }
    }

    /// The location of the key or value at `path` in the source's YAML.
    pub(crate) fn locate(&self, path: &[Seg], target: Target) -> Location {
        self.source.locate(path, target)
    }

    /// Reports a problem of the source that is not about rendering (an unknown name).
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// The heading ids and fragment links of every field rendered so far.
    pub(crate) fn take_fragments(&mut self) -> Fragments {
        std::mem::take(&mut self.fragments)
    }

    /// Every problem reported for this source.
    pub(crate) fn finish(self) -> Diagnostics {
        self.diags
    }
}

/// What a link to a file that is not a source must be.
const STATIC_HELP: &str = "expected a file of content/static/ (published at the same path under the site root), linked by its path from this file, such as `../static/logo.png` from a level; or an http(s) URL";

/// What to do about a link to a draft left out of the build.
const LEFT_OUT_HELP: &str = "expected a link to a page of this build: publish the level (remove `draft: true`), link to it from drafts only, or build with `--drafts`";

/// At most `max` characters of `text` for a one-line message (then `…`), its line breaks
/// shown as U+FFFD: a URL written with `&#x0A;` must not start a line of its own, which could
/// pass for another diagnostic.
fn shorten(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| {
            if matches!(c, '\n' | '\r') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

//! What rendering produces and where it goes: an [`OutputFile`] per file of the site, handed
//! to an [`OutputSink`] as soon as it is ready.
//!
//! A leaf of `render`: pages and exports both produce output files, and neither imports the
//! other for it. Nothing here writes to disk; `build` implements a sink that does.

use crate::diag::Diagnostic;
use std::sync::Mutex;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated (`levels/senior/index.html`).
    pub path: String,
    /// The bytes to write.
    pub contents: Vec<u8>,
}

/// Where rendered files go. Called from several threads at once.
pub trait OutputSink: Sync {
    /// Takes one finished file.
    ///
    /// # Errors
    /// The file cannot be stored (an I/O error, naming the path).
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Keeps every file in memory, for `serve` and tests.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files received, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|p| p.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl OutputSink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        match self.files.lock() {
            Ok(mut files) => files.push(file),
            Err(poisoned) => poisoned.into_inner().push(file),
        }
        Ok(())
    }
}

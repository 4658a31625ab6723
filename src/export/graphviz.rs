//! SVG through the Graphviz `dot` program (the `graphviz` engine).

use std::io::Write;
use std::process::{Command, Stdio};

use super::RenderError;

/// Whether an executable `dot` is on `PATH`.
///
/// Complexity: one file-system lookup per `PATH` entry.
pub fn available() -> bool {
    let Some(path) = std::env::var_os("PATH") else { return false };
    std::env::split_paths(&path).any(|dir| {
        let candidate = dir.join(if cfg!(windows) { "dot.exe" } else { "dot" });
        candidate.is_file()
    })
}

/// Runs `dot -Tsvg` on `source` and returns the SVG bytes.
pub(crate) fn dot_to_svg(source: &str) -> Result<Vec<u8>, RenderError> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RenderError::GraphvizMissing),
        Err(e) => return Err(RenderError::Graphviz(format!("cannot run `dot`: {e}"))),
    };
    if let Some(mut stdin) = child.stdin.take() {
        // dot reads all its input before writing, so writing first cannot deadlock.
        stdin.write_all(source.as_bytes()).map_err(|e| RenderError::Graphviz(format!("cannot write to `dot`: {e}")))?;
    }
    let output = child.wait_with_output().map_err(|e| RenderError::Graphviz(format!("`dot` did not finish: {e}")))?;
    if !output.status.success() {
        return Err(RenderError::Graphviz(String::from_utf8_lossy(&output.stderr).trim().to_string()));
    }
    Ok(output.stdout)
}

//! File-system helpers: atomic writes, of one file or of a set of files.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The temporary file beside `path` that [`write_atomic`] writes first: `<name>.tmp-<pid>`.
fn temp_path(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file path", path.display())))?;
    let mut tmp_name = name.to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    Ok(path.with_file_name(tmp_name))
}

/// Writes `bytes` in full to `tmp` and syncs it to disk; removes `tmp` on failure.
fn write_temp(tmp: &Path, bytes: &[u8]) -> io::Result<()> {
    let result = (|| {
        let mut file = File::create(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(tmp);
    }
    result
}

/// Makes renames in `dir` durable where the platform allows syncing a folder.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
}

/// Writes `bytes` to `path` atomically: into `<name>.tmp-<pid>` in the same folder, synced
/// to disk, then renamed over `path`. Readers see the old file or the new one, never half
/// of one; on failure the temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path)?;
    write_temp(&tmp, bytes)?;
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(path);
    Ok(())
}

/// Writes several files as one step, as far as a file system allows: each is first written in
/// full to its temporary (as [`write_atomic`] does) and synced; only when every one is written,
/// and no target is a folder, are they renamed over their targets, in order. A failure before
/// the renames (a full disk, a folder in the way, a missing parent) changes no target and
/// removes every temporary; the error names the path that failed.
///
/// Complexity: O(total bytes), one rename per file.
pub fn write_all_atomic(files: &[(PathBuf, &[u8])]) -> Result<(), (PathBuf, io::Error)> {
    let mut staging = Staging::default();
    for (path, bytes) in files {
        staging.stage(path, bytes)?;
    }
    staging.commit()
}

/// [`write_all_atomic`] one file at a time, for a caller that makes its files one after
/// another and should not hold them all in memory: each [`Staging::stage`] writes a file to its
/// temporary at once; [`Staging::commit`] renames them all over their targets. Dropped
/// without a commit (an error, a refusal half-way), it removes every temporary: no target is
/// changed.
#[derive(Debug, Default)]
pub struct Staging {
    /// Written temporaries and their targets, in order.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Staging {
    /// Writes `bytes` in full to the temporary of `path` and syncs it. On failure (a folder
    /// at `path`, a full disk, a missing parent) every temporary staged so far is removed and
    /// the error names `path`.
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> Result<(), (PathBuf, io::Error)> {
        let step = (|| {
            if self.staged.iter().any(|(_, target)| target == path) {
                // Its temporary would be written over, and the second rename would fail.
                return Err(io::Error::new(io::ErrorKind::InvalidInput, "is staged twice; each file is written once"));
            }
            if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder; a file was to be written here"));
            }
            let tmp = temp_path(path)?;
            write_temp(&tmp, bytes)?;
            Ok(tmp)
        })();
        match step {
            Ok(tmp) => {
                self.staged.push((tmp, path.to_path_buf()));
                Ok(())
            }
            Err(e) => {
                self.discard();
                Err((path.to_path_buf(), e))
            }
        }
    }

    /// Renames every staged file over its target, in order.
    pub fn commit(mut self) -> Result<(), (PathBuf, io::Error)> {
        let staged = std::mem::take(&mut self.staged);
        for (k, (tmp, path)) in staged.iter().enumerate() {
            if let Err(e) = fs::rename(tmp, path) {
                for (tmp, _) in &staged[k..] {
                    let _ = fs::remove_file(tmp);
                }
                return Err((path.clone(), e));
            }
        }
        if let Some((_, path)) = staged.first() {
            sync_dir(path);
        }
        Ok(())
    }

    /// Removes every temporary staged and not yet renamed.
    fn discard(&mut self) {
        for (tmp, _) in self.staged.drain(..) {
            let _ = fs::remove_file(tmp);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.discard();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }

    #[test]
    fn write_atomic_into_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = write_atomic(&dir.path().join("missing/a.txt"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn write_atomic_onto_a_folder_fails_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::create_dir(dir.path().join("a.txt")).expect("folder");
        assert!(write_atomic(&dir.path().join("a.txt"), b"x").is_err());
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }

    #[test]
    fn staging_dropped_without_a_commit_changes_nothing_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&a, b"old a").expect("a");
        let mut staging = Staging::default();
        staging.stage(&a, b"new a").expect("stage a");
        staging.stage(&b, b"new b").expect("stage b");
        let names = |d: &Path| {
            let mut n: Vec<_> = fs::read_dir(d).expect("list").map(|e| e.expect("entry").file_name()).collect();
            n.sort();
            n
        };
        assert_eq!(names(dir.path()).len(), 3, "a and the two temporaries");
        drop(staging);
        assert_eq!(fs::read(&a).expect("a"), b"old a");
        assert_eq!(names(dir.path()), vec![std::ffi::OsString::from("a")]);
        let mut staging = Staging::default();
        staging.stage(&a, b"new a").expect("stage a");
        let (path, err) = staging.stage(&a, b"newer a").unwrap_err();
        assert_eq!((path, err.kind()), (a.clone(), io::ErrorKind::InvalidInput));
        assert_eq!(names(dir.path()), vec![std::ffi::OsString::from("a")], "the failed stage removed every temporary");
        let mut staging = Staging::default();
        staging.stage(&a, b"new a").expect("stage a");
        staging.stage(&b, b"new b").expect("stage b");
        staging.commit().expect("commit");
        assert_eq!((fs::read(&a).expect("a"), fs::read(&b).expect("b")), (b"new a".to_vec(), b"new b".to_vec()));
        assert_eq!(names(dir.path()), vec![std::ffi::OsString::from("a"), std::ffi::OsString::from("b")]);
    }

    #[test]
    fn write_all_atomic_changes_nothing_when_one_target_is_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
        fs::write(&a, b"old a").expect("a");
        fs::create_dir(&b).expect("b");
        let files = [(a.clone(), &b"new a"[..]), (b.clone(), &b"new b"[..]), (c.clone(), &b"new c"[..])];
        let (path, err) = write_all_atomic(&files).unwrap_err();
        assert_eq!((path, err.kind()), (b.clone(), io::ErrorKind::IsADirectory));
        assert_eq!(fs::read(&a).expect("a"), b"old a");
        assert!(!c.exists());
        let mut names: Vec<_> =
            fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
        names.sort();
        assert_eq!(names, vec![std::ffi::OsString::from("a"), std::ffi::OsString::from("b")]);
        // And when nothing is in the way, all are written.
        fs::remove_dir(&b).expect("rmdir");
        write_all_atomic(&files).expect("write");
        assert_eq!(fs::read(&c).expect("c"), b"new c");
    }
}

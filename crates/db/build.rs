//! Fingerprints the migrations so the test-database template is rebuilt
//! whenever a migration changes.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

fn visit(dir: &Path, hasher: &mut DefaultHasher) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            visit(&path, hasher);
        } else if let Ok(bytes) = std::fs::read(&path) {
            // Each file by name: a migration edited in place does not always
            // change its folder's time, which is all the folder's entry tells.
            println!("cargo:rerun-if-changed={}", path.display());
            path.file_name().hash(hasher);
            bytes.hash(hasher);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let mut hasher = DefaultHasher::new();
    visit(Path::new("migrations"), &mut hasher);
    println!(
        "cargo:rustc-env=FRITID_MIGRATIONS_FINGERPRINT={:016x}",
        hasher.finish()
    );
}

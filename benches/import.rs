//! `carepath import synthea`: reading, mapping and validating (with the strict copy) the
//! hand-written modules of tests/fixtures/synthea, submodule inlined, in process.
//! Run: `cargo bench --bench import`. Synthea's own modules: `CAREPATH_SYNTHEA_MODULES=DIR`
//! times that folder too (docs/synthea.md; target: the whole corpus under 2 s).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

use carepath::import::{import_paths, ImportOptions};

fn bench(c: &mut Criterion) {
    let mut folders = vec![("fixtures", Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthea/modules"))];
    if let Some(dir) = std::env::var_os("CAREPATH_SYNTHEA_MODULES") {
        folders.push(("synthea", PathBuf::from(dir)));
    }
    let mut group = c.benchmark_group("import_synthea");
    for (name, dir) in folders {
        let options = ImportOptions { submodules: Some(dir.clone()), ..ImportOptions::default() };
        let paths = [dir];
        group.bench_function(name, |b| {
            b.iter(|| {
                let (imported, errors) = import_paths(&paths, &options, Path::new("out"));
                assert!(errors.is_empty());
                imported.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Other formats of pathway models turned into pathway files: `carepath import synthea`
//! (Synthea Generic Module Framework modules; see docs/synthea.md).

pub mod synthea;

pub use synthea::{
    import_each, import_file, import_paths, module_files, ImportError, ImportOptions, Imported, LineKind, ModuleReport,
    ReportLine,
};

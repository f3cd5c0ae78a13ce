//! Converts the shipped knowledge (`data/*.toml`) to JSON at build time.
//!
//! TOML is the format people edit; JSON is what the binary reads, because it parses several
//! times faster and every `query` run starts by loading the knowledge. The conversion is
//! lossless for these files (tables, arrays and strings only). A file that is not valid TOML
//! fails the build with its name and the parser's message.

use std::path::Path;

const FILES: [&str; 3] = ["outlets", "actors", "places"];

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for name in FILES {
        let source = format!("data/{name}.toml");
        println!("cargo::rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|err| panic!("cannot read {source}: {err}"));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|err| panic!("{source} is not valid TOML: {err}"));
        let json = serde_json::to_string(&value).expect("TOML values serialise to JSON");
        let target = Path::new(&out_dir).join(format!("{name}.json"));
        std::fs::write(&target, json)
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", target.display()));
    }
}

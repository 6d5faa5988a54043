//! The floor a loader is measured against: the data file read and parsed into plain
//! `serde_json::Value`s, nothing checked, folded or indexed.
//!
//!     cargo run --release --example plain_parse -- /tmp/100k.json

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: plain_parse FILE.json");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("plain_parse: {}: {e}", path.to_string_lossy());
            std::process::exit(1);
        }
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) => {
            let records: usize = value
                .as_object()
                .map(|o| o.values().filter_map(|v| v.as_array()).map(Vec::len).sum())
                .unwrap_or(0);
            println!("{records} records");
        }
        Err(e) => {
            eprintln!("plain_parse: {e}");
            std::process::exit(1);
        }
    }
}

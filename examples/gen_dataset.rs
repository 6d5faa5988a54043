//! Writes a synthetic Vietnamese dataset in the v1 format, for benchmarks and trying findings
//! on large data:
//!
//!     cargo run --release --example gen_dataset -- --records 100000 --seed 1 > /tmp/100k.json
//!     cargo run --release --example gen_dataset -- --records 1000000 --out /tmp/1m
//!
//! With `--out DIR`, files of at most 50,000 records each are written to DIR (a file must stay
//! under findings' 256 MiB limit); without it, one JSON object goes to stdout.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// How many records in all.
    #[arg(long, default_value_t = 10_000)]
    records: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A directory to write part-NNNN.json files into.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let Some(dir) = args.out else {
        let value = findings::gen::dataset(args.records, args.seed, "");
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer(&mut out, &value)?;
        return writeln!(out);
    };
    std::fs::create_dir_all(&dir)?;
    let mut left = args.records;
    let mut part = 0;
    while left > 0 {
        let n = left.min(findings::gen::PART);
        let value =
            findings::gen::dataset(n, args.seed.wrapping_add(part as u64), &format!("p{part}-"));
        let path = dir.join(format!("part-{part:04}.json"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        serde_json::to_writer(&mut file, &value)?;
        file.flush()?;
        left -= n;
        part += 1;
    }
    eprintln!(
        "wrote {} records in {part} files to {}",
        args.records,
        dir.display()
    );
    Ok(())
}

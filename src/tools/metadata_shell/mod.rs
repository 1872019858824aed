//! `kafka-metadata-shell`: browses a KRaft metadata snapshot (`.checkpoint`) or a
//! `__cluster_metadata` log segment as Kafka's metadata shell does (Java's
//! `org.apache.kafka.shell.MetadataShell`): the records are applied in order to a metadata
//! image (`image`), shown as a tree of nodes (`/image/...`, `/local/...`). With command words
//! after the options, one command runs (`ls`, `cat`, `find`, `tree`); without, an interactive
//! shell reads commands (a line editor with history and path completion on a terminal, plain
//! lines otherwise).

mod commands;
pub(crate) mod image;

use std::fs::File;
use std::io::{BufReader, IsTerminal as _};

use anyhow::{anyhow, Result};
use clap::{Parser, ValueHint};

use crate::common::kafka_log::batch::BatchReader;
use crate::common::kafka_log::schema;
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};
use image::{Image, Provenance};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "The topics of a snapshot",
        "kafka-metadata-shell --snapshot __cluster_metadata-0/00000000000000000100-0000000001.checkpoint ls /image/topics/byName",
    ),
    (
        "A partition's registration",
        "kafka-metadata-shell --snapshot 00000000000000000000.log cat /image/topics/byName/orders/0",
    ),
    (
        "The whole image as one JSON document",
        "kafka-metadata-shell --snapshot 00000000000000000000.log --output json tree /image",
    ),
    (
        "An interactive shell",
        "kafka-metadata-shell --snapshot 00000000000000000000.log",
    ),
];

/// The Apache Kafka metadata shell
#[derive(Parser, Debug)]
#[command(name = "kafka-metadata-shell", version)]
pub struct MetadataShellArgs {
    /// The snapshot file to read.
    #[arg(long, short = 's', value_name = "SNAPSHOT", value_hint = ValueHint::FilePath)]
    snapshot: Option<String>,

    /// The command to run.
    #[arg(value_name = "COMMAND")]
    command: Vec<String>,

    #[command(flatten)]
    output: OutputArgs,
}

/// Reads the metadata records of a snapshot or log segment into an image, batch by batch.
pub(crate) fn load(path: &str) -> Result<Image> {
    let file = File::open(path).map_err(|e| anyhow!("{path}: {e}"))?;
    let len = file.metadata().map_err(|e| anyhow!("{path}: {e}"))?.len();
    read_image(BufReader::new(file), len, path)
}

/// The fuzz entry point: a snapshot's bytes are loaded into an image, and every command that
/// walks the whole tree runs on it (`find /`, `tree /`, `ls -R`-like `cat` of each file).
pub fn metadata_image(data: &[u8]) {
    let Ok(image) = read_image(data, data.len() as u64, "fuzz.checkpoint") else {
        return;
    };
    let root = image.tree();
    let mut shell = commands::Shell::new(&root);
    let words = |line: &str| line.split(' ').map(str::to_string).collect::<Vec<_>>();
    let found = shell.run(&words("find /"), Some(80), false);
    for command in ["tree /", "ls /image", "ls /image/topics", "pwd"] {
        let _ = shell.run(&words(command), Some(80), false);
        let _ = shell.run_json(&words(command));
    }
    for path in found.lines().take(200) {
        let _ = shell.run(&["cat".to_string(), path.to_string()], None, false);
    }
}

/// Reads the metadata records of `len` bytes from `input` (`path` names them in errors).
fn read_image<R: std::io::Read>(input: R, len: u64, path: &str) -> Result<Image> {
    let mut reader = BatchReader::new(input, 0, len, path);
    let mut image = Image::default();
    let mut applied = false;
    while let Some(batch) = reader.next_batch().map_err(|e| anyhow!("{path}: {e}"))? {
        if batch.magic() < 2 {
            return Err(anyhow!(
                "{path}: at position {}: not a metadata log (a message set of magic {})",
                batch.position,
                batch.magic()
            ));
        }
        if !batch.is_valid() {
            return Err(anyhow!(
                "{path}: at position {}: corrupt batch (CRC mismatch)",
                batch.position
            ));
        }
        if batch.is_control() {
            continue;
        }
        let position = batch.position;
        let mut count = 0i64;
        for record in batch.records().map_err(|e| anyhow!("{path}: {e}"))? {
            let record = record.map_err(|e| anyhow!("{path}: {e}"))?;
            let Some(value) = record.value.as_deref() else {
                continue;
            };
            let decoded = schema::metadata_record(value).map_err(|e| {
                anyhow!(
                    "{path}: at position {position}: record at offset {}: {e}",
                    record.offset
                )
            })?;
            image.apply(&decoded);
            count += 1;
        }
        image.provenance = Provenance {
            offset: batch.base_offset() + count - 1,
            epoch: batch.partition_leader_epoch(),
            time_ms: batch.max_timestamp(),
        };
        applied = true;
    }
    if reader.position() < len && !applied {
        return Err(anyhow!(
            "{path}: at position {}: truncated batch",
            reader.position()
        ));
    }
    if !applied {
        return Err(anyhow!(
            "{path}: no metadata records (not a metadata snapshot or log segment)"
        ));
    }
    Ok(image)
}

impl Tool for MetadataShellArgs {
    const NAME: &'static str = "kafka-metadata-shell";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let Some(path) = self.snapshot.as_deref() else {
            return Err(anyhow!(
                "You must specify either a raft manager or a snapshot file reader."
            ));
        };
        let image = load(path)?;
        let root = image.tree();
        let json = self.output.output == Format::Json;
        let mut shell = commands::Shell::new(&root);
        if self.command.is_empty() {
            if json {
                return Err(crate::error::usage(
                    "--output json needs a command (the interactive shell prints text)",
                ));
            }
            let out = &mut ctx.out;
            out.line("Loading...")?;
            out.line("Starting...")?;
            out.flush()?;
            if std::io::stdin().is_terminal() {
                commands::interactive(&mut shell, out)
            } else {
                commands::plain_lines(&mut shell, out)
            }
        } else if json {
            let doc = shell.run_json(&self.command);
            ctx.out.line(&doc.to_string())?;
            ctx.out.flush()?;
            Ok(())
        } else {
            let text = shell.run(&self.command, None, false);
            ctx.out.write_bytes(text.as_bytes())?;
            ctx.out.flush()?;
            Ok(())
        }
    }
}

//! A small harness for running the real `gz-search` binary in a scratch directory.
//!
//! Each test binary uses a part of it.
#![allow(dead_code)]

pub mod shingles;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory with its own index and knowledge directories.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The run that `output` describes.
    pub fn from_output(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The standard output parsed as one JSON value.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl TestEnv {
    pub fn new() -> Self {
        let env = TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(env.knowledge_dir()).expect("knowledge dir");
        env
    }

    /// The scratch directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where this environment's index lives.
    pub fn index_dir(&self) -> PathBuf {
        self.root().join("index")
    }

    /// An empty knowledge directory, so the user's own files never leak into tests.
    pub fn knowledge_dir(&self) -> PathBuf {
        self.root().join("knowledge")
    }

    /// Copies the seed articles into `name` under the scratch directory.
    pub fn copy_seeds(&self, name: &str) -> PathBuf {
        let to = self.root().join(name);
        std::fs::create_dir_all(&to).expect("seed copy dir");
        for entry in std::fs::read_dir(seeds_dir()).expect("seeds dir") {
            let entry = entry.expect("seed entry");
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy seed");
        }
        to
    }

    /// The binary, run from the scratch directory with this environment's settings.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gz-search"));
        cmd.current_dir(self.root())
            .env("GZ_SEARCH_INDEX", self.index_dir())
            .env("GZ_SEARCH_KNOWLEDGE", self.knowledge_dir())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE");
        cmd
    }

    /// Runs the binary with `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from_output(self.cmd().args(args).output().expect("run gz-search"))
    }

    /// Runs `gz-search query ARGS --json` from the project directory, expecting a match,
    /// and returns the parsed answer.
    pub fn query_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["query"];
        all.extend_from_slice(args);
        all.push("--json");
        self.run_in_project(&all).expect_code(0).json()
    }

    /// Runs the binary with `args` from the project directory (so `seeds/` resolves).
    pub fn run_in_project(&self, args: &[&str]) -> Run {
        let mut cmd = self.cmd();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
        Run::from_output(cmd.args(args).output().expect("run gz-search"))
    }
}

/// The project's seed articles.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
